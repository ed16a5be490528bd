package dev.haechi.detection.event;

import tools.jackson.databind.JsonNode;

/**
 * Dotted-path access ({@code process.parent.name}) that also accepts flattened keys at any level
 * ({@code {"process.parent": {"name": …}}} or {@code {"process.parent.name": …}}), as ECS producers
 * emit both. Exact keys win over nesting.
 */
public record DottedPath(String path, String[] segments) implements FieldAccessor {
  public static DottedPath of(String path) {
    return new DottedPath(path, path.split("\\.", -1));
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
    StringBuilder key = new StringBuilder(segments[from]);
    for (int i = from + 1; i < segments.length; i++) {
      key.append('.').append(segments[i]);
      JsonNode child = node.get(key.toString());
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
