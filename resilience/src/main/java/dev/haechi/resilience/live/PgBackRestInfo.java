package dev.haechi.resilience.live;

import dev.haechi.core.InputException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Adapter for pgBackRest's {@code pgbackrest info --output=json}: an array of stanzas, each with a
 * {@code backup} array whose entries carry {@code label}, {@code type}, {@code
 * timestamp.start/stop} (epoch seconds), {@code info.repository.delta} (bytes stored) and, since
 * pgBackRest 2.36, {@code error} (true when the backup had page checksum or other errors). Each
 * backup becomes one §3.1 {@code backup} line dated at its stop time; a backup with {@code error:
 * true} is a failed run. pgBackRest lists only backups that completed, so a run that died midway
 * shows as a missing success ({@code backup-overdue}), not as a failure.
 */
public final class PgBackRestInfo {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private PgBackRestInfo() {}

  /**
   * @param backupOfStanza catalog backup name for each stanza name; a stanza not named here is
   *     skipped unless there is one stanza and the map has one entry under {@code "*"}
   * @param of the entity reference to write in each line, or null
   */
  public static List<String> lines(
      String source, String json, Map<String, String> backupOfStanza, String of) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JacksonException e) {
      throw new InputException(source, 0, "not pgBackRest JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isArray()) {
      throw new InputException(
          source, 0, "expected the array printed by 'pgbackrest info --output=json'");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode stanza : root) {
      String name = stanza.path("name").asString("");
      String backup = backupOfStanza.getOrDefault(name, backupOfStanza.get("*"));
      if (backup == null) {
        continue;
      }
      for (JsonNode b : stanza.path("backup")) {
        long stop = b.path("timestamp").path("stop").asLong(-1);
        if (stop < 0) {
          throw new InputException(
              source, 0, "stanza " + name + ": a backup without timestamp.stop");
        }
        Instant at = Instant.ofEpochSecond(stop);
        boolean error = b.path("error").asBoolean(false);
        long bytes = b.path("info").path("repository").path("delta").asLong(-1);
        String detail =
            "pgbackrest "
                + b.path("type").asString("backup")
                + " "
                + b.path("label").asString("")
                + (error ? " (pgBackRest reported errors)" : "");
        out.add(ReportLines.backup(at, of, backup, !error, at, bytes, detail.trim()));
      }
    }
    return out;
  }
}
