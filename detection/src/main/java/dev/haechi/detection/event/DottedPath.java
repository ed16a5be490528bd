package dev.haechi.detection.event;

import tools.jackson.databind.JsonNode;

/**
 * Dotted-path access ({@code process.parent.name}) that also accepts flattened keys at any level
 * ({@code {"process.parent": {"name": …}}} or {@code {"process.parent.name": …}}), as ECS producers
 * emit both. Exact keys win over nesting. The path and its names are interned strings, as the
 * engine's JSON reader interns member names, so that a look-up finds its member by reference.
 */
public record DottedPath(String path, String[] segments, String[][] joined)
    implements FieldAccessor {
  public static DottedPath of(String path) {
    String[] segments = path.split("\\.", -1);
    for (int i = 0; i < segments.length; i++) {
      segments[i] = segments[i].intern();
    }
    // joined[from][to]: segments from..to joined with dots, built once so lookups hash cached keys
    String[][] joined = new String[segments.length][segments.length];
    for (int from = 0; from < segments.length; from++) {
      StringBuilder key = new StringBuilder(segments[from]);
      joined[from][from] = segments[from];
      for (int to = from + 1; to < segments.length; to++) {
        joined[from][to] = key.append('.').append(segments[to]).toString().intern();
      }
    }
    return new DottedPath(path.intern(), segments, joined);
  }

  @Override
  public JsonNode find(JsonNode root) {
    return find(root, 0);
  }

  private JsonNode find(JsonNode node, int from) {
    if (node == null || !node.isObject()) {
      return null;
    }
    if (from == 0) {
      JsonNode exact = node.get(path);
      if (exact != null || segments.length == 1) {
        return exact;
      }
    }
    JsonNode direct = node.get(segments[from]);
    if (from == segments.length - 1) {
      return direct;
    }
    if (direct != null) {
      JsonNode found = find(direct, from + 1);
      if (found != null) {
        return found;
      }
    }
    for (int i = from + 1; i < segments.length; i++) {
      JsonNode child = node.get(joined[from][i]);
      if (child != null) {
        if (i == segments.length - 1) {
          return child;
        }
        JsonNode found = find(child, i + 1);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DottedPath d && d.path.equals(path);
  }

  @Override
  public int hashCode() {
    return path.hashCode();
  }

  @Override
  public String toString() {
    return path;
  }
}
