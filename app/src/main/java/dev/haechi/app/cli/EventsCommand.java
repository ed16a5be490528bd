package dev.haechi.app.cli;

import dev.haechi.breach.event.AccessEventReader.BadLine;
import dev.haechi.breach.hold.HoldRefusedException;
import dev.haechi.breach.store.EventStore;
import dev.haechi.core.Durations;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.json.JsonMapper;

/** {@code haechi events}: the access-event store (FORMATS.md §4). */
@Command(
    name = "events",
    mixinStandardHelpOptions = true,
    description = "The access-event store: import, retention, deletion.",
    subcommands = {
      EventsCommand.Import.class,
      EventsCommand.Retention.class,
      EventsCommand.Delete.class
    })
public class EventsCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "a subcommand is required (see 'haechi events --help')");
  }

  /** {@code --store DIR}, defaulting to {@code $HAECHI_HOME/events}. */
  public static class StoreDir {
    @Option(
        names = "--store",
        paramLabel = "DIR",
        description = "The access-event store (default: $HAECHI_HOME/events, else ./data/events).")
    Path store;

    @Mixin StoreOptions home;

    EventStore open() {
      return EventStore.open(dir());
    }

    Path dir() {
      return store != null ? store : home.home().resolve("events");
    }
  }

  /** Appends JSON Lines events; bad lines are reported as FILE:LINE: reason. */
  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description = {
        "Append JSON Lines access events (FORMATS.md §2) to the store.",
        "Every valid line is stored; every bad line is reported on standard error as"
            + " FILE:LINE: reason and counted. The files are committed together or not at all.",
        "A long import reports its progress on standard error every 5 seconds."
      })
  public static class Import implements Callable<Integer> {
    @Mixin StoreDir store;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "JSON Lines files.")
    List<Path> files;

    @Option(names = "--format", description = "table or json (default: table on a terminal).")
    OutputFormat format;

    @Override
    public Integer call() throws IOException {
      EventStore s = store.open();
      long t0 = System.nanoTime();
      EventStore.ImportResult r =
          s.importFiles(files, progress(files, t0, PROGRESS_EVERY_NANOS, System.err));
      double seconds = (System.nanoTime() - t0) / 1e9;
      for (BadLine b : r.badLines()) {
        System.err.println(b);
      }
      if (OutputFormat.defaultFor(format) == OutputFormat.json) {
        System.out.printf(
            "{\"stored\":%d,\"bad_lines\":%d,\"files\":%d,\"data_version\":\"%s\",\"seconds\":%.3f}%n",
            r.stored(), r.badLines().size(), r.files(), r.dataVersion(), seconds);
      } else {
        System.out.printf(
            "stored %,d events (%d bad lines) in %d Parquet files in %.1f s; data version %s%n",
            r.stored(), r.badLines().size(), r.files(), seconds, r.dataVersion());
      }
      return ExitCodes.OK;
    }
  }

  /** Seconds between progress lines of a long import. */
  static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;

  /**
   * Reports a long import's progress to {@code out}, at most every {@code everyNanos} (the first
   * line after that long): bytes read of the files' total and the time so far (a short import
   * prints nothing).
   */
  static java.util.function.LongConsumer progress(
      List<Path> files, long t0, long everyNanos, java.io.PrintStream out) {
    long total = 0;
    for (Path f : files) {
      try {
        total += java.nio.file.Files.size(f);
      } catch (IOException e) {
        // named by the import itself
      }
    }
    long all = Math.max(1, total);
    long[] next = {t0 + everyNanos};
    return read -> {
      long now = System.nanoTime();
      if (now >= next[0]) {
        next[0] = now + everyNanos;
        out.printf(
            "importing: %,d of %,d MB read (%d%%) in %.0f s%n",
            read >> 20, all >> 20, read * 100 / all, (now - t0) / 1e9);
      }
    };
  }

  /** Sets the store's retention, or applies it. */
  @Command(
      name = "retention",
      mixinStandardHelpOptions = true,
      description = {
        "Set (--keep) or apply (--apply) how long the store keeps events.",
        "Partitions a legal hold covers are kept, and each refusal is recorded."
      })
  public static class Retention implements Callable<Integer> {
    @Mixin StoreDir store;

    @Option(names = "--keep", paramLabel = "DURATION", description = "e.g. 400d")
    String keep;

    @Option(names = "--apply", description = "Delete the partitions past the retention now.")
    boolean apply;

    @Option(names = "--format", description = "table or json (default: table on a terminal).")
    OutputFormat format;

    @Override
    public Integer call() throws IOException {
      EventStore s = store.open();
      String by = System.getProperty("user.name", "cli");
      boolean json = OutputFormat.defaultFor(format) == OutputFormat.json;
      if (keep != null) {
        s.setRetention(Durations.parse(keep), by);
        if (!json) {
          System.out.println("retention set to " + keep);
        }
      }
      EventStore.DeletionResult r = apply ? s.applyRetention(by) : null;
      String retention = s.state().retention().map(Durations::format).orElse(null);
      if (json) {
        var out = new LinkedHashMap<String, Object>();
        out.put("retention", retention);
        if (r != null) {
          out.put("deleted", r.deleted().stream().map(LocalDate::toString).toList());
          out.put("kept", r.refused());
        }
        System.out.println(JsonMapper.builder().build().writeValueAsString(out));
      } else if (r != null) {
        System.out.println("deleted days: " + r.deleted());
        r.refused().forEach((d, h) -> System.out.println("kept " + d + " (legal hold " + h + ")"));
      } else if (keep == null) {
        System.out.println("retention: " + (retention == null ? "none (keep forever)" : retention));
      }
      return ExitCodes.OK;
    }
  }

  /** Deletes whole days; refused under legal hold. */
  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = {
        "Delete whole UTC days of events.",
        "Refused (exit 1, recorded in the store's chain) when a legal hold covers any of them."
      })
  public static class Delete implements Callable<Integer> {
    @Mixin StoreDir store;

    @Option(names = "--day", required = true, paramLabel = "YYYY-MM-DD", arity = "1..*")
    List<LocalDate> days = new ArrayList<>();

    @Option(names = "--format", description = "table or json (default: table on a terminal).")
    OutputFormat format;

    @Override
    public Integer call() throws IOException {
      try {
        EventStore.DeletionResult r =
            store.open().deleteDays(days, System.getProperty("user.name", "cli"));
        if (OutputFormat.defaultFor(format) == OutputFormat.json) {
          var out = Map.of("deleted", r.deleted().stream().map(LocalDate::toString).toList());
          System.out.println(JsonMapper.builder().build().writeValueAsString(out));
        } else {
          System.out.println("deleted days: " + r.deleted());
        }
        return ExitCodes.OK;
      } catch (HoldRefusedException e) {
        System.err.println("haechi: " + e.getMessage());
        return ExitCodes.FOUND;
      }
    }
  }
}
