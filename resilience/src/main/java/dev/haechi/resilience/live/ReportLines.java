package dev.haechi.resilience.live;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Writes FORMATS.md §3.1 lines; used by the adapters and the replication collector. */
public final class ReportLines {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ReportLines() {}

  /** A backup line; {@code of} may be null (the reader takes it from the catalog's backup). */
  public static String backup(
      Instant time,
      String of,
      String backup,
      boolean success,
      Instant completed,
      long bytes,
      String detail) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("time", time.toString());
    m.put("kind", "backup");
    if (of != null) {
      m.put("of", of);
    }
    m.put("backup", backup);
    m.put("status", success ? "success" : "failed");
    if (completed != null) {
      m.put("completed", completed.toString());
    }
    if (bytes >= 0) {
      m.put("bytes", bytes);
    }
    if (detail != null) {
      m.put("detail", detail);
    }
    return JSON.writeValueAsString(m);
  }

  /** A replication line with the lag in seconds to the millisecond ({@code "1.25s"} → PT1.25S). */
  public static String replication(Instant time, String of, String zone, Duration lag) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("time", time.toString());
    m.put("kind", "replication");
    m.put("of", of);
    m.put("zone", zone);
    m.put("lag", lag.toString());
    return JSON.writeValueAsString(m);
  }
}
