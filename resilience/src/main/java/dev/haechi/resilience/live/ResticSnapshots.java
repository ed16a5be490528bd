package dev.haechi.resilience.live;

import dev.haechi.core.InputException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Adapter for restic's {@code restic snapshots --json}: an array of snapshots with {@code time},
 * {@code short_id}, {@code hostname}, {@code paths} and (restic 0.17+) {@code summary.backup_end}
 * and {@code summary.total_bytes_processed}. restic writes a snapshot only when a backup completes,
 * so each snapshot is a successful run (completed at {@code summary.backup_end}, else {@code
 * time}); a failing job shows as a missing success ({@code backup-overdue}).
 */
public final class ResticSnapshots {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ResticSnapshots() {}

  /**
   * @param backup the catalog backup these snapshots are copies of
   * @param of the entity reference to write in each line, or null
   */
  public static List<String> lines(String source, String json, String backup, String of) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JacksonException e) {
      throw new InputException(source, 0, "not restic JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isArray()) {
      throw new InputException(
          source, 0, "expected the array printed by 'restic snapshots --json'");
    }
    List<String> out = new ArrayList<>();
    int i = 0;
    for (JsonNode s : root) {
      i++;
      Instant time = instant(source, i, s.path("time").asString(null));
      String end = s.path("summary").path("backup_end").asString(null);
      Instant completed = end == null ? time : instant(source, i, end);
      long bytes = s.path("summary").path("total_bytes_processed").asLong(-1);
      String detail =
          "restic snapshot "
              + s.path("short_id").asString(s.path("id").asString(""))
              + " of "
              + s.path("hostname").asString("?")
              + ":"
              + String.join(",", s.path("paths").valueStream().map(JsonNode::asString).toList());
      out.add(ReportLines.backup(completed, of, backup, true, completed, bytes, detail));
    }
    return out;
  }

  private static Instant instant(String source, int n, String text) {
    if (text == null) {
      throw new InputException(source, 0, "snapshot " + n + ": no time");
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new InputException(source, 0, "snapshot " + n + ": unreadable time '" + text + "'");
    }
  }
}
