package dev.haechi.resilience.catalog;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads values out of SnakeYAML nodes for one file: text, lists, mappings (refusing repeated keys),
 * dates, instants and entity references. A value that is not what it should be becomes a problem
 * with the node's line in the file's {@link ParsedFile}, and the reader returns null.
 */
final class NodeReader {
  private final String file;
  private final ParsedFile out;
  // The same references recur across a file (a shared database is named by thousands of
  // dependsOn lists); parsing each text once saves allocations on large catalogs.
  private final Map<String, EntityRef> refs;
  // the plain references (no default kind, default namespace) met last in this file, by the
  // identity of their text: a direct-mapped table, a newer text takes the slot
  private static final int RECENT_BITS = 13;
  private final String[] recentText = new String[1 << RECENT_BITS];
  private final EntityRef[] recentRef = new EntityRef[1 << RECENT_BITS];

  NodeReader(String file, ParsedFile out) {
    this(file, out, null);
  }

  /** {@code shared}: a cache of parsed references shared by every file of one load, or null. */
  NodeReader(String file, ParsedFile out, Map<String, EntityRef> shared) {
    this.file = file;
    this.out = out;
    this.refs = shared != null ? shared : new HashMap<>();
  }

  LocalDate dateValue(Node n, String field) {
    if (n == null) {
      return null;
    }
    String t = scalar(n, field);
    if (t == null) {
      return null;
    }
    try {
      if (t.length() > 10 && t.charAt(10) == 'T') {
        return OffsetDateTime.parse(t).toLocalDate();
      }
      return LocalDate.parse(t);
    } catch (DateTimeParseException ex) {
      error(n, field + " '" + t + "' is not an ISO-8601 date (e.g. 2024-11-30)");
      return null;
    }
  }

  Instant instant(String t, Node n, String field) {
    try {
      if (t.length() == 10) {
        return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException ex) {
      error(
          n,
          field
              + " '"
              + t
              + "' is not an ISO-8601 date or date-time with offset"
              + " (e.g. 2025-09-26T02:00:00+09:00)");
      return null;
    }
  }

  EntityRef ref(Node n, String field, String defaultKind, String namespace) {
    String t = scalar(n, field);
    if (t == null) {
      return null;
    }
    boolean plain = defaultKind == null && namespace.equals(EntityRef.DEFAULT_NAMESPACE);
    int slot = 0;
    if (plain) {
      // the fast reader hands the same String object for the same text within a file: a small
      // table by identity answers most repeats before the load's shared map (whose look-ups, a
      // million on the largest catalogs, miss the cache)
      slot = (t.hashCode() * 0x9E3779B9 >>> (32 - RECENT_BITS));
      if (recentText[slot] == t) {
        return recentRef[slot];
      }
    }
    String cacheKey = plain ? t : defaultKind + "\u0000" + namespace + "\u0000" + t;
    EntityRef cached = refs.get(cacheKey);
    if (cached != null) {
      if (plain) {
        recentText[slot] = t;
        recentRef[slot] = cached;
      }
      return cached;
    }
    try {
      EntityRef r = EntityRef.parse(t, defaultKind, namespace);
      EntityRef known = refs.putIfAbsent(cacheKey, r);
      r = known != null ? known : r;
      if (plain) {
        recentText[slot] = t;
        recentRef[slot] = r;
      }
      return r;
    } catch (IllegalArgumentException ex) {
      error(n, field + ": " + ex.getMessage());
      return null;
    }
  }

  /**
   * The reference equal to {@code r} already met in this load (an entity's own reference is the
   * same object as the references to it from other files, so comparing them is cheap), else {@code
   * r}.
   */
  EntityRef intern(EntityRef r) {
    EntityRef known = refs.putIfAbsent(r.toString(), r);
    return known != null && known.equals(r) ? known : r;
  }

  /** The keys of a mapping in order, or null (with an error) when a key is repeated or not text. */
  Map<String, Node> mapping(MappingNode m) {
    List<NodeTuple> tuples = m.getValue();
    if (tuples.size() <= SmallMap.MAX) {
      return small(tuples);
    }
    Map<String, Node> result = new LinkedHashMap<>();
    for (NodeTuple t : tuples) {
      if (!(t.getKeyNode() instanceof ScalarNode k)) {
        error(t.getKeyNode(), "mapping keys must be plain text");
        return null;
      }
      if (result.put(k.getValue(), t.getValueNode()) != null) {
        error(k, "duplicate key '" + k.getValue() + "'");
        return null;
      }
    }
    return result;
  }

  /** {@link #mapping} for the few keys of an entity's mappings, without a hash table each. */
  private Map<String, Node> small(List<NodeTuple> tuples) {
    int n = tuples.size();
    String[] keys = new String[n];
    Node[] values = new Node[n];
    for (int i = 0; i < n; i++) {
      NodeTuple t = tuples.get(i);
      if (!(t.getKeyNode() instanceof ScalarNode k)) {
        error(t.getKeyNode(), "mapping keys must be plain text");
        return null;
      }
      String key = k.getValue();
      for (int j = 0; j < i; j++) {
        if (keys[j].equals(key)) {
          error(k, "duplicate key '" + key + "'");
          return null;
        }
      }
      keys[i] = key;
      values[i] = t.getValueNode();
    }
    return new SmallMap(keys, values);
  }

  /** The mappings of an entity in document order (a handful of keys each): a {@link ScanMap}. */
  static final class SmallMap extends ScanMap<Node> {
    static final int MAX = 16;
    private final Node[] values;

    SmallMap(String[] keys, Node[] values) {
      super(keys);
      this.values = values;
    }

    @Override
    Node valueAt(int i) {
      return values[i];
    }
  }

  List<Node> sequence(Node n, String field) {
    if (n == null) {
      return List.of();
    }
    if (n instanceof SequenceNode s) {
      return s.getValue();
    }
    error(n, field + " must be a list");
    return List.of();
  }

  String scalar(Node n, String field) {
    if (n instanceof ScalarNode s) {
      return s.getValue();
    }
    error(n, field + " must be a single value, not a list or mapping");
    return null;
  }

  String requiredScalar(Map<String, Node> m, Node parent, String field) {
    String key = field.substring(field.lastIndexOf('.') + 1);
    Node n = m.get(key);
    if (n == null) {
      error(parent, "missing " + field);
      return null;
    }
    String v = scalar(n, field);
    if (v != null && v.isBlank()) {
      error(n, field + " is empty");
      return null;
    }
    return v;
  }

  String optionalScalar(Map<String, Node> m, String key, String fallback) {
    Node n = m.get(key);
    if (n == null) {
      return fallback;
    }
    String v = scalar(n, key);
    return v == null ? fallback : v;
  }

  static int line(Node n) {
    return n == null ? 0 : n.getStartMark().getLine() + 1;
  }

  void error(Node n, String reason) {
    out.errors.add(new CatalogProblem(file, line(n), reason));
  }

  void warn(Node n, String reason) {
    out.warnings.add(new CatalogProblem(file, line(n), reason));
  }
}
