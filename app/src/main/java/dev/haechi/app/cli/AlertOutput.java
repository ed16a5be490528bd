package dev.haechi.app.cli;

import dev.haechi.detection.engine.Alert;
import dev.haechi.detection.engine.AlertJson;
import dev.haechi.detection.engine.AlertSink;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Where {@code haechi detect} writes its alerts as they are raised: one JSON object per line
 * (FORMATS.md §4, the default for a pipe) or one aligned table row per alert. Output is buffered,
 * and flushed after every alert with {@code --flush}, otherwise by a timer at least every second
 * whenever something is waiting, so that a live {@code tail -f … | haechi detect} shows an alert
 * within a second of the event that raised it even while the input is idle.
 */
final class AlertOutput implements AlertSink, Closeable {
  /** How often the timer looks for unflushed alerts (well under the promised second). */
  static final long FLUSH_EVERY_MILLIS = 250;

  private final Writer out;
  private final OutputFormat format;
  private final boolean flushEach;
  private final ScheduledExecutorService timer;
  private long alerts;
  private boolean dirty;
  private boolean header;

  AlertOutput(Writer out, OutputFormat format, boolean flushEach) {
    this.out = new BufferedWriter(out, 1 << 16);
    this.format = format;
    this.flushEach = flushEach;
    if (flushEach) {
      timer = null;
    } else {
      timer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "haechi-detect-flush");
                t.setDaemon(true);
                return t;
              });
      timer.scheduleWithFixedDelay(
          this::flushIfDirty, FLUSH_EVERY_MILLIS, FLUSH_EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public synchronized void accept(Alert alert) {
    try {
      if (format == OutputFormat.table) {
        if (!header) {
          header = true;
          out.write(row("TIMESTAMP", "LEVEL", "RULE", "GROUP / EVENTS", "RULE ID"));
        }
        out.write(
            row(
                alert.timestamp() == null ? "-" : alert.timestamp(),
                alert.level() == null ? "-" : alert.level(),
                alert.ruleTitle() == null ? "-" : alert.ruleTitle(),
                subject(alert),
                alert.ruleId() == null ? "-" : alert.ruleId()));
      } else {
        out.write(AlertJson.toLine(alert));
        out.write('\n');
      }
      alerts++;
      dirty = true;
      if (flushEach) {
        flushNow();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  synchronized long alerts() {
    return alerts;
  }

  private static String subject(Alert a) {
    if (!a.group().isEmpty()) {
      StringBuilder sb = new StringBuilder();
      for (Map.Entry<String, String> e : new java.util.TreeMap<>(a.group()).entrySet()) {
        if (sb.length() > 0) {
          sb.append(' ');
        }
        sb.append(e.getKey()).append('=').append(e.getValue());
      }
      return sb + " (" + a.events().size() + " events)";
    }
    return a.events().isEmpty() ? "1 event" : a.events().size() + " events";
  }

  private static String row(String time, String level, String title, String subject, String id) {
    return String.format(
        "%-28s %-13s %-60s %-40s %s%n", time, level, clip(title, 60), clip(subject, 40), id);
  }

  private static String clip(String s, int width) {
    return s.length() <= width ? s : s.substring(0, width - 1) + "…";
  }

  private synchronized void flushIfDirty() {
    if (dirty) {
      try {
        flushNow();
      } catch (IOException e) {
        // the next write or close reports it
      }
    }
  }

  private void flushNow() throws IOException {
    out.flush();
    dirty = false;
  }

  @Override
  public synchronized void close() throws IOException {
    if (timer != null) {
      timer.shutdownNow();
    }
    flushNow();
  }
}
