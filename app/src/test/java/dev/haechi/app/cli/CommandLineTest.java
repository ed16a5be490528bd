package dev.haechi.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.app.HaechiMain;
import dev.haechi.app.store.DatabaseTarget;
import dev.haechi.app.store.StoreFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executable's contract: exit codes and one-line reasons (FORMATS.md §4). */
class CommandLineTest {
  @TempDir Path home;

  record Outcome(int code, String out, String err) {}

  static synchronized Outcome run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = HaechiMain.run(args);
      return new Outcome(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void an_unknown_flag_exits_2_with_a_one_line_reason() {
    Outcome o = run("audit", "verify", "--frobnicate");
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err().lines().findFirst().orElseThrow())
        .contains("Unknown option: '--frobnicate'");
    assertThat(o.err().lines().count()).isLessThanOrEqualTo(2);
  }

  @Test
  void malformed_demo_options_exit_2_naming_the_option() {
    Outcome zero = run("demo", "--home", home.toString(), "--scale", "0", "--generate-only");
    assertThat(zero.code()).isEqualTo(2);
    assertThat(zero.err()).contains("demo scale must be between");
    Outcome text = run("demo", "--home", home.toString(), "--scale", "big");
    assertThat(text.code()).isEqualTo(2);
    assertThat(text.err()).contains("--scale").contains("'big'");
  }

  @Test
  void no_subcommand_is_a_usage_error() {
    assertThat(run().code()).isEqualTo(2);
  }

  @Test
  void version_and_help_exit_0() {
    Outcome v = run("--version");
    assertThat(v.code()).isZero();
    assertThat(v.out()).matches("(?s)haechi \\d+\\.\\d+\\.\\d+.*");
    Outcome h = run("--help");
    assertThat(h.code()).isZero();
    assertThat(h.out()).contains("serve").contains("audit");
  }

  @Test
  void verifying_a_home_without_a_store_exits_2_naming_the_path() {
    Outcome o = run("audit", "verify", "--home", home.resolve("nothing-here").toString());
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).contains("no Haechi store at").contains("nothing-here");
  }

  @Test
  void audit_verify_exits_0_on_an_intact_chain_and_1_naming_the_record_after_an_edit() {
    StoreFixture store = StoreFixture.migrated(DatabaseTarget.embedded(home));
    var log = store.auditLog(home);
    for (int i = 0; i < 5; i++) {
      log.append("admin", "settings.changed", "setting:x" + i, "");
    }
    Outcome ok = run("audit", "verify", "--home", home.toString(), "--format", "table");
    assertThat(ok.code()).isZero();
    assertThat(ok.out()).contains("intact: 5 records");

    store.jdbc().update("UPDATE audit_log SET details = 'nothing to see' WHERE seq = 2");
    Outcome broken = run("audit", "verify", "--home", home.toString(), "--format", "json");
    assertThat(broken.code()).isEqualTo(1);
    assertThat(broken.out()).contains("\"intact\":false").contains("\"firstBrokenSeq\":2");
  }

  @Test
  void audit_verify_catches_a_deleted_record() {
    StoreFixture store = StoreFixture.migrated(DatabaseTarget.embedded(home));
    var log = store.auditLog(home);
    for (int i = 0; i < 4; i++) {
      log.append("admin", "import", "run:" + i, "");
    }
    store.jdbc().update("DELETE FROM audit_log WHERE seq = 2");
    Outcome broken = run("audit", "verify", "--home", home.toString(), "--format", "table");
    assertThat(broken.code()).isEqualTo(1);
    assertThat(broken.out()).contains("BROKEN at record 2").contains("missing");
  }

  /** Issue 12 item 5: the CLI checks the keyed hashes and the signed checkpoint. */
  @Test
  void audit_verify_catches_a_recomputed_chain_and_a_rewound_head() {
    StoreFixture store = StoreFixture.migrated(DatabaseTarget.embedded(home));
    var log = store.auditLog(home);
    for (int i = 0; i < 5; i++) {
      log.append("admin", "settings.changed", "setting:x" + i, "");
    }
    // Without the key an attacker can only recompute an unkeyed hash.
    var r = log.page(0, 10).stream().filter(x -> x.seq() == 5).findFirst().orElseThrow();
    String forged =
        dev.haechi.app.audit.AuditRecord.legacyHashOf(
            r.prevHash(), 5, r.occurredAt(), "admin", r.action(), r.target(), "innocent");
    store
        .jdbc()
        .update("UPDATE audit_log SET details = 'innocent', hash = ? WHERE seq = 5", forged);
    store.jdbc().update("UPDATE audit_head SET last_hash = ? WHERE id = 1", forged);
    Outcome recomputed = run("audit", "verify", "--home", home.toString(), "--format", "table");
    assertThat(recomputed.code()).isEqualTo(1);
    assertThat(recomputed.out()).contains("BROKEN at record 5").contains("altered");

    store.jdbc().update("DELETE FROM audit_log WHERE seq = 5");
    store
        .jdbc()
        .update(
            "UPDATE audit_head SET last_seq = 4, last_hash = (SELECT hash FROM audit_log WHERE"
                + " seq = 4) WHERE id = 1");
    Outcome rewound = run("audit", "verify", "--home", home.toString(), "--format", "json");
    assertThat(rewound.code()).isEqualTo(1);
    assertThat(rewound.out()).contains("\"firstBrokenSeq\":5").contains("signed checkpoint");
  }

  @Test
  void audit_verify_without_the_key_exits_2_saying_where_it_looked() throws Exception {
    StoreFixture store = StoreFixture.migrated(DatabaseTarget.embedded(home));
    store.auditLog(home).append("admin", "import", "run:1", "");
    Files.delete(home.resolve("audit.key"));
    Outcome o = run("audit", "verify", "--home", home.toString());
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).contains("no audit key").contains("audit.key");
  }

  @Test
  void serve_refuses_an_unreachable_database_naming_it_and_why() throws Exception {
    Files.createDirectories(home);
    Outcome o =
        run(
            "serve",
            "--home",
            home.toString(),
            "--port",
            "0",
            "--db-url",
            "jdbc:postgresql://127.0.0.1:1/haechi?password=hunter2");
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).contains("127.0.0.1:1").doesNotContain("hunter2");
  }
}
