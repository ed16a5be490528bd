package dev.haechi.app.cli;

import dev.haechi.app.audit.AuditChainVerifier;
import dev.haechi.app.audit.AuditSeal;
import dev.haechi.app.breach.EvidenceVerifier;
import dev.haechi.app.store.DatabaseTarget;
import dev.haechi.app.store.DatabaseUnavailableException;
import dev.haechi.breach.store.StoreVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code haechi audit verify}: check the audit hash chain without starting the server. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "The tamper-evident audit log.",
    subcommands = {AuditCommand.Verify.class})
public class AuditCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "a subcommand is required (see 'haechi audit --help')");
  }

  /** Walks the chain and names the first broken record; exit 1 when it is broken. */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Check every record of the audit hash chain, the case evidence files against the"
            + " SHA-256 it recorded, and the home's event store (manifest chain and every"
            + " partition's SHA-256, held ones included).",
        "Exits 0 when intact, 1 when a record was altered, removed or added, 2 when the store"
            + " cannot be read."
      })
  public static class Verify implements Callable<Integer> {
    @Mixin StoreOptions store;

    @Option(names = "--format", description = "table or json (default: table on a terminal).")
    OutputFormat format;

    @Option(
        names = "--store",
        paramLabel = "DIR",
        description =
            "Check this access-event store's digest chain (manifest records and every file's"
                + " SHA-256, held partitions included) instead of the database's audit chain.")
    Path eventStore;

    @Option(
        names = "--checkpoint",
        paramLabel = "FILE",
        description =
            "The signed checkpoint to compare the chain's head with (default: audit.checkpoint in"
                + " the home). The audit key comes from $HAECHI_AUDIT_KEY, $HAECHI_AUDIT_KEY_FILE"
                + " or audit.key in the home.")
    Path checkpoint;

    @Override
    public Integer call() throws SQLException, java.io.IOException {
      if (eventStore != null) {
        return verifyStore(eventStore);
      }
      DatabaseTarget db = store.database();
      if (db.isH2()) {
        Path file = store.home().resolve("haechi.mv.db");
        if (db.url().startsWith("jdbc:h2:file:") && !Files.exists(file)) {
          throw new DatabaseUnavailableException(
              "no Haechi store at " + file.toAbsolutePath() + " (set --home or $HAECHI_HOME)");
        }
        db = new DatabaseTarget(db.url() + ";IFEXISTS=TRUE", db.user(), db.password());
      }
      db.checkReachable();
      AuditSeal seal;
      try {
        seal = AuditSeal.open(store.home(), System.getenv(), null, false);
      } catch (IllegalStateException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      var cp =
          checkpoint == null ? seal.readCheckpointOf() : AuditSeal.readCheckpointFile(checkpoint);
      if (checkpoint != null && cp.isEmpty()) {
        throw new java.nio.file.NoSuchFileException(checkpoint.toString());
      }
      AuditChainVerifier.Result r;
      EvidenceVerifier.Result ev;
      try (Connection c = db.connect()) {
        c.setReadOnly(true);
        r = AuditChainVerifier.verify(c, seal, cp);
        ev = EvidenceVerifier.verify(c, store.home());
      }
      if (OutputFormat.defaultFor(format) == OutputFormat.json) {
        System.out.printf(
            "{\"intact\":%s,\"records\":%d,\"firstBrokenSeq\":%d,\"reason\":\"%s\"}%n",
            r.intact(), r.records(), r.firstBrokenSeq(), r.reason().replace("\"", "\\\""));
      } else if (r.intact()) {
        System.out.println("audit chain intact: " + r.records() + " records verified");
      } else {
        System.out.println(
            "audit chain BROKEN at record " + r.firstBrokenSeq() + ": " + r.reason());
      }
      int code = r.intact() ? ExitCodes.OK : ExitCodes.FOUND;
      if (ev.files() > 0 || !ev.intact()) {
        code = Math.max(code, printEvidence(ev));
      }
      Path events = store.home().resolve("events");
      if (Files.exists(events.resolve("_manifest.log"))) {
        code = Math.max(code, verifyStore(events));
      }
      return code;
    }

    /** The case evidence files against the digests the audit chain recorded. */
    private int printEvidence(EvidenceVerifier.Result r) {
      if (OutputFormat.defaultFor(format) == OutputFormat.json) {
        var json = tools.jackson.databind.json.JsonMapper.builder().build();
        var n = json.createObjectNode();
        n.put("evidence", store.home().resolve("evidence").toString());
        n.put("intact", r.intact());
        n.put("files", r.files());
        n.put("heldFiles", r.heldFiles());
        var p = n.putArray("problems");
        r.problems().forEach(p::add);
        System.out.println(json.writeValueAsString(n));
      } else if (r.intact()) {
        System.out.printf(
            "evidence files intact: %d files (%d of cases under legal hold) match the SHA-256"
                + " recorded in the audit chain%n",
            r.files(), r.heldFiles());
      } else {
        System.out.println("evidence files BROKEN:");
        r.problems().forEach(x -> System.out.println("  " + x));
      }
      return r.intact() ? ExitCodes.OK : ExitCodes.FOUND;
    }

    private int verifyStore(Path dir) throws java.io.IOException {
      if (!Files.isDirectory(dir)) {
        throw new dev.haechi.core.InputException(
            dir.toString(), 0, "no event store here (--store)");
      }
      StoreVerifier.Result r = StoreVerifier.verify(dir);
      if (OutputFormat.defaultFor(format) == OutputFormat.json) {
        var json = tools.jackson.databind.json.JsonMapper.builder().build();
        var n = json.createObjectNode();
        n.put("store", dir.toString());
        n.put("intact", r.intact());
        n.put("records", r.records());
        n.put("files", r.files());
        n.put("heldFiles", r.heldFiles());
        n.put("firstBrokenSeq", r.firstBrokenSeq());
        var p = n.putArray("problems");
        r.problems().forEach(p::add);
        n.put("dataVersion", r.dataVersion());
        System.out.println(json.writeValueAsString(n));
      } else if (r.intact()) {
        System.out.printf(
            "event store %s intact: %d chain records, %d files (%d under legal hold) match their"
                + " SHA-256%n",
            dir, r.records(), r.files(), r.heldFiles());
      } else {
        System.out.println("event store " + dir + " BROKEN:");
        r.problems().forEach(x -> System.out.println("  " + x));
      }
      return r.intact() ? ExitCodes.OK : ExitCodes.FOUND;
    }
  }
}
