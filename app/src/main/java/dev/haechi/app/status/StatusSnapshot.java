package dev.haechi.app.status;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Everything the public status page serves, rendered once when something changes: request handling
 * only copies these bytes, so a flood of visitors never reaches the database.
 *
 * @param documents path → body, e.g. {@code /api/v2/summary.json}
 * @param etag a tag that changes whenever any document changes
 */
public record StatusSnapshot(Map<String, byte[]> documents, String etag) {
  public static StatusSnapshot empty() {
    return new StatusSnapshot(Map.of(), "\"0\"");
  }

  public byte[] get(String path) {
    return documents.get(path);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
