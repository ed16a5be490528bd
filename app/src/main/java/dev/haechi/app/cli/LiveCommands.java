package dev.haechi.app.cli;

import dev.haechi.core.Durations;
import dev.haechi.core.InputException;
import dev.haechi.resilience.catalog.LoadedCatalog;
import dev.haechi.resilience.live.BadLine;
import dev.haechi.resilience.live.LiveCheck;
import dev.haechi.resilience.live.LiveOptions;
import dev.haechi.resilience.live.LiveResult;
import dev.haechi.resilience.live.PgBackRestInfo;
import dev.haechi.resilience.live.ReportBatch;
import dev.haechi.resilience.live.ReportReader;
import dev.haechi.resilience.live.ResticSnapshots;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code haechi resilience verify} and {@code haechi resilience adapt} (issue 14). */
public final class LiveCommands {
  private LiveCommands() {}

  /** The live RPO check over report files. */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "The live RPO check: read backup runs, replication lag samples and restore tests",
        "(FORMATS.md §3.1 JSON Lines) and find what could not be recovered within its RPO now.",
        "Bad lines are reported as FILE:LINE and skipped; the rest is used."
      })
  public static class Verify implements Callable<Integer> {
    @Option(
        names = "--catalog",
        required = true,
        paramLabel = "DIR",
        description = "Catalog folder.")
    Path catalog;

    @Option(
        names = "--reports",
        required = true,
        arity = "1..*",
        paramLabel = "FILE",
        description = "JSON Lines report files (repeatable).")
    List<Path> reports = new ArrayList<>();

    @Option(
        names = "--as-of",
        paramLabel = "INSTANT",
        description = "Check as of this instant (default: now), e.g. 2026-06-30T09:00:00Z.")
    String asOf;

    @Option(
        names = "--restore-test-max-age",
        paramLabel = "DURATION",
        defaultValue = "90d",
        description = "Restore tests older than this are overdue (default: ${DEFAULT-VALUE}).")
    String restoreTestMaxAge;

    @Mixin ReportOptions report;

    @Override
    public Integer call() throws IOException {
      Instant when = asOf == null ? Instant.now() : parseInstant(asOf);
      LoadedCatalog loaded = ResilienceCommand.load(catalog);
      ReportReader reader = new ReportReader(loaded.catalog(), when, ReportReader.DEFAULT_SKEW);
      for (Path file : reports) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          reader.read(file.toString(), in);
        } catch (NoSuchFileException e) {
          throw new InputException(file.toString(), 0, "no such file (--reports)");
        }
      }
      ReportBatch batch = reader.batch();
      for (BadLine b : batch.bad()) {
        System.err.println("haechi: skipped " + b);
      }
      for (BadLine b : batch.future()) {
        System.err.println("haechi: future " + b);
      }
      LiveOptions options =
          new LiveOptions(
              Durations.parse(restoreTestMaxAge),
              LiveOptions.DEFAULTS.overdueIntervals(),
              LiveOptions.DEFAULTS.replicationSilence(),
              LiveOptions.DEFAULTS.backupSilenceIntervals());
      LiveResult result = LiveCheck.check(loaded.catalog(), batch.reports(), when, options);
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("asOf", when.toString());
      summary.put("reports", result.summary().reports());
      summary.put("badLines", batch.bad().size());
      summary.put("futureLines", batch.future().size());
      summary.put("monitored", result.summary().monitored());
      summary.put("findings", result.summary().findings());
      summary.put("byType", result.summary().byType());
      summary.put("recovered", result.history());
      FindingReport.print(System.out, report.format(), result.findings(), summary);
      if (report.format() != OutputFormat.json) {
        System.out.printf(
            "%d report lines used, %d bad lines skipped, %d from the future flagged; %d"
                + " recovered breaches in the history%n",
            result.summary().reports(),
            batch.bad().size(),
            batch.future().size(),
            result.history().size());
      }
      return FindingReport.exitCode(result.findings(), report.failOn);
    }
  }

  /** Turns a backup tool's own output into §3.1 lines. */
  @Command(
      name = "adapt",
      mixinStandardHelpOptions = true,
      description = {
        "Turn a backup tool's output into FORMATS.md §3.1 report lines on standard output:",
        "'pgbackrest' reads 'pgbackrest info --output=json', 'restic' reads",
        "'restic snapshots --json'."
      })
  public static class Adapt implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TOOL", description = "pgbackrest or restic.")
    String tool;

    @Option(
        names = "--input",
        required = true,
        paramLabel = "FILE",
        description = "The tool's JSON output ('-' for standard input).")
    String input;

    @Option(
        names = "--backup",
        required = true,
        paramLabel = "NAME|STANZA=NAME",
        description =
            "The catalog Backup the copies belong to; for pgbackrest, STANZA=NAME per stanza"
                + " (repeatable).")
    List<String> backup = new ArrayList<>();

    @Option(
        names = "--of",
        paramLabel = "REF",
        description = "Entity reference to write in each line (optional).")
    String of;

    @Override
    public Integer call() throws IOException {
      String json =
          "-".equals(input)
              ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
              : Files.readString(Path.of(input));
      List<String> lines;
      switch (tool) {
        case "pgbackrest" -> {
          Map<String, String> m = new LinkedHashMap<>();
          for (String b : backup) {
            int eq = b.indexOf('=');
            m.put(eq < 0 ? "*" : b.substring(0, eq), eq < 0 ? b : b.substring(eq + 1));
          }
          lines = PgBackRestInfo.lines(input, json, m, of);
        }
        case "restic" -> {
          if (backup.size() != 1) {
            throw new IllegalArgumentException("--backup: restic takes one backup name");
          }
          lines = ResticSnapshots.lines(input, json, backup.get(0), of);
        }
        default ->
            throw new IllegalArgumentException("TOOL: pgbackrest or restic, not '" + tool + "'");
      }
      lines.forEach(System.out::println);
      return ExitCodes.OK;
    }
  }

  /**
   * Polls a PostgreSQL primary's {@code pg_stat_replication} and prints FORMATS.md §3.1 replication
   * lines for the standbys it is told about (append them to a report file, or post them).
   */
  @Command(
      name = "collect-pg",
      mixinStandardHelpOptions = true,
      description = {
        "Poll a PostgreSQL primary's pg_stat_replication and print one replication line",
        "(FORMATS.md §3.1) per known streaming standby per poll. A known standby that is not",
        "connected prints nothing (the live check reports its silence) and a note on stderr."
      })
  public static class CollectPg implements Callable<Integer> {
    @Option(
        names = "--url",
        required = true,
        paramLabel = "JDBC_URL",
        description = "The primary, e.g. jdbc:postgresql://127.0.0.1:5432/postgres.")
    String url;

    @Option(
        names = "--user",
        defaultValue = "postgres",
        description = "Role to connect as; needs pg_monitor (default: ${DEFAULT-VALUE}).")
    String user;

    @Option(
        names = "--password-env",
        paramLabel = "VAR",
        description = "Environment variable holding the password (never on the command line).")
    String passwordEnv;

    @Option(
        names = "--standby",
        required = true,
        arity = "1..*",
        paramLabel = "APP=ENTITY@ZONE",
        description =
            "A standby by its application_name, the catalog entity it copies and the zone it"
                + " stands in, e.g. dr1=resource:default/fare-db@dr-1f-r1 (repeatable).")
    List<String> standbys = new ArrayList<>();

    @Option(
        names = "--every",
        defaultValue = "10s",
        paramLabel = "DURATION",
        description = "Time between polls (default: ${DEFAULT-VALUE}).")
    String every;

    @Option(
        names = "--count",
        defaultValue = "1",
        paramLabel = "N",
        description = "Number of polls; 0 polls until stopped (default: ${DEFAULT-VALUE}).")
    int count;

    @Override
    public Integer call() throws InterruptedException {
      java.util.Properties props = new java.util.Properties();
      props.setProperty("user", user);
      if (passwordEnv != null) {
        String pw = System.getenv(passwordEnv);
        if (pw == null) {
          throw new IllegalArgumentException(
              "--password-env: environment variable " + passwordEnv + " is not set");
        }
        props.setProperty("password", pw);
      }
      java.time.Duration pause = Durations.parse(every);
      List<dev.haechi.connectors.postgres.PgReplicationCollector.Standby> known = new ArrayList<>();
      for (String s : standbys) {
        known.add(dev.haechi.connectors.postgres.PgReplicationCollector.Standby.parse(s));
      }
      try (var collector =
          new dev.haechi.connectors.postgres.PgReplicationCollector(url, props, known)) {
        for (int i = 0; count == 0 || i < count; i++) {
          if (i > 0) {
            Thread.sleep(pause.toMillis());
          }
          var poll = collector.poll();
          poll.samples().forEach(s -> System.out.println(s.toJsonLine()));
          System.out.flush();
          for (var m : poll.missing()) {
            System.err.println(
                "standby "
                    + m.applicationName()
                    + " ("
                    + m.of()
                    + " in "
                    + m.zone()
                    + ") is not in pg_stat_replication at "
                    + poll.time());
          }
        }
      }
      return ExitCodes.OK;
    }
  }

  static Instant parseInstant(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return java.time.LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException e2) {
        throw new IllegalArgumentException(
            "--as-of: '" + text + "' is not an instant such as 2026-06-30T09:00:00Z");
      }
    }
  }
}
