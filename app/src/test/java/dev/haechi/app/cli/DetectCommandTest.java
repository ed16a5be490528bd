package dev.haechi.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code haechi detect}: alerts on standard output, bad lines reported and counted. */
class DetectCommandTest {
  @TempDir Path dir;

  static final String RULE =
      """
      title: Token signed with the retired gateway key
      id: 0f6a4b8e-1111-4222-8333-944455556666
      status: experimental
      logsource:
        category: web
        product: gateway
      detection:
        selection:
          token.kid: auth-2022-01
        condition: selection
      level: critical
      tags:
        - attack.t1606.001
      """;

  @Test
  void a_forged_token_raises_one_alert_and_a_bad_line_is_reported_without_stopping()
      throws Exception {
    Path rule = Files.writeString(dir.resolve("retired-kid.yml"), RULE);
    Path events =
        Files.writeString(
            dir.resolve("gateway.jsonl"),
            """
            {"@timestamp":"2025-06-24T03:12:45.123Z","token":{"kid":"auth-2022-01","sub":"1000234"}}
            this is not json
            {"@timestamp":"2025-06-24T03:12:46Z","token":{"kid":"auth-2025-02"}}
            {"@timestamp":"2025-06-24T03:12:47Z","token":{"kid":"auth-2022-01","sub":"99999999"}}
            """);
    var o =
        CommandLineTest.run(
            "detect", "--rules", rule.toString(), "--input", events.toString(), "--no-builtin");
    assertThat(o.code()).isZero();
    assertThat(o.out().lines())
        .hasSize(2)
        .allSatisfy(
            l ->
                assertThat(l)
                    .startsWith("{\"rule_id\":\"0f6a4b8e-1111-4222-8333-944455556666\"")
                    .contains("\"level\":\"critical\""));
    assertThat(o.out()).contains("\"sub\":\"99999999\"");
    assertThat(o.err())
        .contains("gateway.jsonl:2: ")
        .contains("3 events, 2 alerts, 1 lines rejected");
  }

  @Test
  void no_rules_or_a_missing_rule_path_exits_2() {
    assertThat(CommandLineTest.run("detect", "--no-builtin").code()).isEqualTo(2);
    var missing =
        CommandLineTest.run(
            "detect", "--rules", dir.resolve("nope.yml").toString(), "--no-builtin");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("nope.yml").contains("no such rule file");
  }

  @Test
  void a_rule_with_an_unknown_modifier_is_reported_with_its_file() throws Exception {
    Path good = Files.writeString(dir.resolve("good.yml"), RULE);
    Path bad =
        Files.writeString(
            dir.resolve("bad.yml"),
            RULE.replace("token.kid:", "token.kid|frobnicate:")
                .replace("0f6a4b8e-1111", "1f6a4b8e-1111"));
    Path events = Files.writeString(dir.resolve("e.jsonl"), "{\"token\":{\"kid\":\"x\"}}\n");
    var o =
        CommandLineTest.run(
            "detect",
            "--rules",
            good.toString(),
            "--rules",
            bad.toString(),
            "--input",
            events.toString(),
            "--no-builtin");
    assertThat(o.code()).isZero();
    assertThat(o.err()).contains("bad.yml").contains("frobnicate");
  }

  @Test
  void
      on_the_retailer_demo_the_built_in_pack_raises_the_forged_token_alert_on_the_first_forged_request()
          throws Exception {
    var generated =
        dev.haechi.demo.DemoOrganisations.generate(
            dir,
            new dev.haechi.demo.DemoOptions(
                dev.haechi.demo.DemoOptions.DEFAULT_SEED, 0.01, java.util.Set.of("retailer")));
    Path retailer = generated.get(0).directory();
    var manifest =
        tools.jackson.databind.json.JsonMapper.builder()
            .build()
            .readTree(Files.readString(retailer.resolve("demo.json")));
    var first = manifest.path("events").path("attack").path("firstForged");
    String firstTime = first.path("timestamp").asString();
    assertThat(firstTime).isNotEmpty();

    var o =
        CommandLineTest.run(
            "detect",
            "--identity-from",
            retailer.toString(),
            "--as-of",
            "2025-11-01",
            "--input",
            retailer.resolve("events/gateway.jsonl").toString());
    assertThat(o.code()).as(o.err()).isZero();
    String forgedRule = dev.haechi.detection.builtin.BuiltinRules.UNTRUSTED_KEY;
    var forgedAlerts =
        o.out().lines().filter(l -> l.startsWith("{\"rule_id\":\"" + forgedRule + "\"")).toList();
    assertThat(forgedAlerts).isNotEmpty();
    assertThat(forgedAlerts.get(0))
        .contains("\"level\":\"critical\"")
        .contains("\"kid\":\"auth-2022-01\"");
    var alert =
        tools.jackson.databind.json.JsonMapper.builder().build().readTree(forgedAlerts.get(0));
    assertThat(java.time.Instant.parse(alert.path("timestamp").asString()))
        .isEqualTo(java.time.Instant.parse(firstTime));
    assertThat(forgedAlerts)
        .hasSize(manifest.path("events").path("attack").path("forgedRequests").asInt());
    // Background traffic signed with the active key raises no forged-token alert, and nothing
    // before the first forged request is a forged-token alert.
    assertThat(o.out().lines().filter(l -> l.contains("\"kid\":\"auth-2025-01\"")))
        .noneMatch(l -> l.startsWith("{\"rule_id\":\"" + forgedRule + "\""));
  }

  static Path evtxDump(String name) {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("shared/data/real-world/evtx-dump"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("shared/data/real-world/evtx-dump above the working directory").isNotNull();
    return dir.resolve("shared/data/real-world/evtx-dump").resolve(name);
  }

  static final String WINDOWS_RULE =
      """
      title: New user added to a security-enabled global group
      id: 5b1c2c73-0000-4000-8000-000000004728
      logsource:
        product: windows
        service: security
      detection:
        selection:
          EventID: 4728
        condition: selection
      level: low
      """;

  @Test
  void a_run_whose_every_line_was_rejected_exits_2_with_a_hint() throws Exception {
    Path rule = Files.writeString(dir.resolve("r.yml"), RULE);
    Path events = Files.writeString(dir.resolve("bad.jsonl"), "not json\n[1,2]\n");
    var o =
        CommandLineTest.run(
            "detect", "--rules", rule.toString(), "--input", events.toString(), "--no-builtin");
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err())
        .contains("bad.jsonl:1: ")
        .contains("bad.jsonl:2: ")
        .contains("every one of the 2 lines was rejected")
        .contains("JSON Lines");
    // one good line among bad ones is a run with findings, exit 0 (FORMATS.md §2: bad lines are
    // counted, never stop the stream)
    Path mixed =
        Files.writeString(dir.resolve("mixed.jsonl"), "not json\n{\"token\":{\"kid\":\"x\"}}\n");
    assertThat(
            CommandLineTest.run(
                    "detect",
                    "--rules",
                    rule.toString(),
                    "--input",
                    mixed.toString(),
                    "--no-builtin")
                .code())
        .isZero();
  }

  @Test
  void evtx_dump_pretty_json_is_read_as_a_whole_like_its_json_lines_export() throws Exception {
    Path rule = Files.writeString(dir.resolve("w.yml"), WINDOWS_RULE);
    var lines =
        CommandLineTest.run(
            "detect",
            "--rules",
            rule.toString(),
            "--no-builtin",
            "--pipeline",
            "windows-evtx",
            "--format",
            "json",
            "--input",
            evtxDump("new-user-security.jsonl").toString());
    var pretty =
        CommandLineTest.run(
            "detect",
            "--rules",
            rule.toString(),
            "--no-builtin",
            "--pipeline",
            "windows-evtx",
            "--format",
            "json",
            "--input",
            evtxDump("new-user-security.pretty.json").toString());
    assertThat(lines.code()).as(lines.err()).isZero();
    assertThat(pretty.code()).as(pretty.err()).isZero();
    assertThat(lines.out().lines()).hasSize(1);
    assertThat(pretty.out()).isEqualTo(lines.out());
    assertThat(pretty.err()).contains("Record N").contains("4 events, 1 alerts, 0 lines rejected");
  }

  @Test
  void separate_json_attributes_output_gives_the_default_outputs_alerts_and_times()
      throws Exception {
    // Provider_Name is an attribute (Provider_attributes.Name in this form), EventID 7045 carries
    // a Qualifiers attribute, the time is TimeCreated_attributes.SystemTime: 57 such records
    Path rule =
        Files.writeString(
            dir.resolve("scm.yml"),
            """
            title: A service was installed in the system
            id: 5b1c2c73-0000-4000-8000-000000007045
            logsource:
              product: windows
              service: system
            detection:
              selection:
                Provider_Name: Service Control Manager
                EventID: 7045
              condition: selection
            level: low
            """);
    java.util.function.Function<String, CommandLineTest.Outcome> run =
        file ->
            CommandLineTest.run(
                "detect",
                "--no-builtin",
                "--rules",
                rule.toString(),
                "--pipeline",
                "windows-evtx",
                "--format",
                "json",
                "--input",
                evtxDump(file).toString());
    var plain = run.apply("system.jsonl");
    var sep = run.apply("system.sep.jsonl");
    assertThat(sep.code()).as(sep.err()).isZero();
    var json = tools.jackson.databind.json.JsonMapper.builder().build();
    java.util.function.Function<String, java.util.List<String>> keys =
        out ->
            out.lines()
                .map(json::readTree)
                .map(a -> a.path("rule_id").asString() + "@" + a.path("timestamp").asString(null))
                .toList();
    assertThat(keys.apply(plain.out())).hasSize(57);
    assertThat(keys.apply(sep.out())).containsExactlyElementsOf(keys.apply(plain.out()));
    assertThat(keys.apply(sep.out())).noneMatch(k -> k.endsWith("@null"));
  }

  @Test
  void table_format_prints_one_aligned_row_per_alert() throws Exception {
    Path rule = Files.writeString(dir.resolve("r.yml"), RULE);
    Path events =
        Files.writeString(
            dir.resolve("g.jsonl"),
            "{\"@timestamp\":\"2025-06-24T03:12:45.123Z\",\"token\":{\"kid\":\"auth-2022-01\"}}\n");
    var o =
        CommandLineTest.run(
            "detect",
            "--rules",
            rule.toString(),
            "--input",
            events.toString(),
            "--no-builtin",
            "--format",
            "table");
    assertThat(o.code()).isZero();
    var rows = o.out().lines().toList();
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0)).startsWith("TIMESTAMP").contains("LEVEL").contains("RULE");
    assertThat(rows.get(1))
        .startsWith("2025-06-24T03:12:45.123Z")
        .contains("critical")
        .contains("Token signed with the retired gateway key")
        .endsWith("0f6a4b8e-1111-4222-8333-944455556666");
  }

  /**
   * A live pipe ({@code tail -f events | haechi detect}): the alert of an event must reach standard
   * output while the input stays open, with {@code --flush} and without it (flushed at least every
   * second). Before, alerts sat in a 64 KiB buffer until the input ended.
   */
  @Test
  void alerts_reach_the_output_while_the_input_stays_open() throws Exception {
    Path rule = Files.writeString(dir.resolve("r.yml"), RULE);
    for (boolean flushFlag : new boolean[] {true, false}) {
      var in = new java.io.PipedOutputStream();
      var stdin = new java.io.PipedInputStream(in, 1 << 16);
      var seen = new java.util.concurrent.LinkedBlockingQueue<String>();
      var stdout =
          new java.io.OutputStream() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public synchronized void write(int b) {
              if (b == '\n') {
                seen.add(line.toString());
                line.setLength(0);
              } else {
                line.append((char) b);
              }
            }
          };
      DetectCommand cmd = new DetectCommand();
      cmd.stdin = stdin;
      cmd.stdout = stdout;
      java.util.List<String> args =
          new java.util.ArrayList<>(
              java.util.List.of("--rules", rule.toString(), "--no-builtin", "--format", "json"));
      if (flushFlag) {
        args.add("--flush");
      }
      var exit = new java.util.concurrent.atomic.AtomicInteger(-1);
      Thread run =
          new Thread(
              () -> exit.set(new picocli.CommandLine(cmd).execute(args.toArray(String[]::new))));
      run.start();
      in.write(
          "{\"@timestamp\":\"2025-06-24T03:12:45Z\",\"token\":{\"kid\":\"auth-2022-01\"}}\n"
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      in.flush();
      // the input stays open: the alert must come out anyway (the wait is a liveness bound, not a
      // speed measurement; the promise is one second)
      String alert = seen.poll(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(alert)
          .as("--flush=%s: alert written while the input is still open", flushFlag)
          .isNotNull()
          .startsWith("{\"rule_id\":\"0f6a4b8e-1111-4222-8333-944455556666\"");
      assertThat(run.isAlive()).isTrue();
      in.close();
      run.join(30_000);
      assertThat(exit.get()).isZero();
    }
  }

  /**
   * {@code --threads N} (issue 18 item 2): on a correlation workload (the built-in enumeration
   * correlation by key and address, an event_count judged at window close, bad lines) 2 and 3
   * threads print exactly what 1 thread prints, alerts and order included.
   */
  @Test
  void any_thread_count_prints_the_output_of_one_thread() throws Exception {
    Path rule =
        Files.writeString(
            dir.resolve("quiet.yml"),
            """
            title: request
            id: 5d0c2a44-0000-4000-8000-000000000001
            name: any_request
            logsource: {product: haechi, service: gateway}
            detection:
              selection:
                source.ip|exists: true
              condition: selection
            level: low
            ---
            title: quiet address
            id: 5d0c2a44-0000-4000-8000-000000000002
            correlation:
              type: event_count
              rules: [any_request]
              group-by: [source.ip]
              timespan: 2m
              condition: {lt: 2}
            level: low
            """);
    StringBuilder lines = new StringBuilder();
    java.util.Random random = new java.util.Random(18);
    java.time.Instant t = java.time.Instant.parse("2025-06-24T03:00:00Z");
    for (int i = 0; i < 3_000; i++) {
      t = t.plusMillis(random.nextInt(300));
      boolean enumerating = i > 1_000 && i < 2_000 && random.nextBoolean();
      String sub = Integer.toString(1_000_000 + random.nextInt(enumerating ? 5_000 : 300));
      String ip =
          enumerating
              ? "203.0.113.9"
              : i % 50 == 0 ? "198.51.100." + (i / 50) : "10.0." + random.nextInt(40) + ".1";
      lines.append(
          String.format(
              "{\"@timestamp\":\"%s\",\"service\":{\"name\":\"gateway\"},"
                  + "\"user\":{\"id\":\"%s\"},\"source\":{\"ip\":\"%s\"},"
                  + "\"token\":{\"kid\":\"auth-2025-01\",\"sub\":\"%s\"},"
                  + "\"data\":{\"subject_ids\":[\"%s\"]}}%n",
              t, sub, ip, sub, sub));
      if (i % 997 == 0) {
        lines.append("not json\n");
      }
    }
    Path events = Files.writeString(dir.resolve("gateway.jsonl"), lines);
    String[] base = {"detect", "--rules", rule.toString(), "--input", events.toString()};
    var one = CommandLineTest.run(concat(base, "--threads", "1"));
    assertThat(one.code()).isZero();
    assertThat(one.out())
        .contains("a985d11f-5722-487c-911e-5d596c4fb894")
        .contains("5d0c2a44-0000-4000-8000-000000000002");
    assertThat(one.err()).contains("3000 events").contains("4 lines rejected");
    for (String threads : new String[] {"2", "3"}) {
      var n = CommandLineTest.run(concat(base, "--threads", threads));
      assertThat(n.code()).isZero();
      assertThat(n.out()).as("--threads " + threads).isEqualTo(one.out());
      assertThat(n.err()).as("--threads " + threads).isEqualTo(one.err());
    }
    assertThat(CommandLineTest.run(concat(base, "--threads", "0")).code()).isNotZero();
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
