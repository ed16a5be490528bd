package dev.haechi.detection.engine;

import dev.haechi.detection.event.LeafIndexedObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.DoubleNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.LongNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * A fast reader of one JSON object line into a Jackson tree equal to the one {@code
 * ObjectMapper.readTree} builds (same node classes below the root, same key order, equal and
 * written alike), for the common case only: strict JSON with at most {@link #MAX_DEPTH} levels,
 * numbers of up to 18 integer digits, no duplicate keys. Anything else — malformed input, a root
 * that is not an object, a duplicate key, a long or out-of-range number, a raw control character in
 * a string, text after the object — returns null, and the caller reads the line with Jackson, which
 * then decides (and names the error). The profile of issue 18 showed Jackson's tree building
 * (parser set-up, name canonicalisation, growing maps) as a third of the gateway workload. Objects
 * keep their members in a {@link MemberMap} (two arrays, no entry per member) up to {@link
 * MemberMap#MAX} of them; the root is a {@link LeafIndexedObject} that also holds the scalar leaves
 * met on the way (keyword search reads them without walking the tree again); member names are
 * interned, as are the names rules look up ({@code DottedPath}), so that most look-ups find their
 * member by reference. A randomised test ({@code JsonTreeReaderTest}) checks that whatever this
 * accepts, Jackson reads to an equal tree with the same key order, and that the leaves are those a
 * walk of Jackson's tree finds.
 */
final class JsonTreeReader {
  static final int MAX_DEPTH = 64;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String s;
  private final int n;
  private int i;

  private JsonTreeReader(String s) {
    this.s = s;
    this.n = s.length();
  }

  /** The object {@code line} holds, or null when the line is not in the common case. */
  static ObjectNode readObject(String line) {
    JsonTreeReader r = new JsonTreeReader(line);
    r.skipSpace();
    if (r.i >= r.n || line.charAt(r.i) != '{') {
      return null;
    }
    Map<String, JsonNode> members = r.members(0);
    if (members == null) {
      return null;
    }
    r.skipSpace();
    return r.i == r.n ? new LeafIndexedObject(members, Arrays.copyOf(r.leaves, r.leafCount)) : null;
  }

  private void skipSpace() {
    while (i < n) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        i++;
      } else {
        return;
      }
    }
  }

  /** At a '{'. */
  private ObjectNode object(int depth) {
    Map<String, JsonNode> members = members(depth);
    return members == null ? null : new ObjectNode(NODES, members);
  }

  /**
   * The members of the objects being read, as a stack: an object's members are pushed here as they
   * are read (a nested object's above them, popped when it closes) and copied out at its close.
   */
  private String[] names = new String[16];

  private JsonNode[] nodes = new JsonNode[16];
  private int top;

  private static final String[] NO_NAMES = {};
  private static final JsonNode[] NO_NODES = {};

  /**
   * At a '{': the object's members, in a {@link MemberMap} up to {@link MemberMap#MAX} of them, in
   * a {@code LinkedHashMap} beyond; null when not in the common case (a duplicate name included).
   */
  private Map<String, JsonNode> members(int depth) {
    if (depth >= MAX_DEPTH) {
      return null;
    }
    i++;
    int base = top;
    long bloom = 0;
    Map<String, JsonNode> large = null;
    skipSpace();
    if (i < n && s.charAt(i) == '}') {
      i++;
      return new MemberMap(NO_NAMES, NO_NODES, 0, 0);
    }
    while (true) {
      if (i >= n || s.charAt(i) != '"') {
        return null;
      }
      String key = key();
      if (key == null) {
        return null;
      }
      skipSpace();
      if (i >= n || s.charAt(i) != ':') {
        return null;
      }
      i++;
      skipSpace();
      JsonNode value = value(depth);
      if (value == null) {
        return null;
      }
      if (large == null) {
        long bit = MemberMap.bit(key.hashCode());
        if ((bloom & bit) != 0) {
          for (int k = base; k < top; k++) {
            if (names[k].equals(key)) {
              return null; // a duplicate name: Jackson's call
            }
          }
        }
        bloom |= bit;
        if (top == names.length) {
          names = Arrays.copyOf(names, top * 2);
          nodes = Arrays.copyOf(nodes, top * 2);
        }
        names[top] = key;
        nodes[top++] = value;
        if (top - base > MemberMap.MAX) {
          large = new LinkedHashMap<>();
          for (int k = base; k < top; k++) {
            large.put(names[k], nodes[k]);
          }
          top = base;
        }
      } else if (large.put(key, value) != null) {
        return null;
      }
      skipSpace();
      if (i >= n) {
        return null;
      }
      char c = s.charAt(i++);
      if (c == '}') {
        if (large != null) {
          return large;
        }
        MemberMap members =
            new MemberMap(
                Arrays.copyOfRange(names, base, top),
                Arrays.copyOfRange(nodes, base, top),
                top - base,
                bloom);
        top = base;
        return members;
      }
      if (c != ',') {
        return null;
      }
      skipSpace();
    }
  }

  /** At a '['. */
  private ArrayNode array(int depth) {
    if (depth >= MAX_DEPTH) {
      return null;
    }
    i++;
    List<JsonNode> elements = new ArrayList<>();
    skipSpace();
    if (i < n && s.charAt(i) == ']') {
      i++;
      return new ArrayNode(NODES, elements);
    }
    while (true) {
      JsonNode value = value(depth);
      if (value == null) {
        return null;
      }
      elements.add(value);
      skipSpace();
      if (i >= n) {
        return null;
      }
      char c = s.charAt(i++);
      if (c == ']') {
        return new ArrayNode(NODES, elements);
      }
      if (c != ',') {
        return null;
      }
      skipSpace();
    }
  }

  /** The scalar leaves read so far, nulls left out, in document order. */
  private JsonNode[] leaves = new JsonNode[32];

  private int leafCount;

  private JsonNode leaf(JsonNode node) {
    if (node != null) {
      if (leafCount == leaves.length) {
        leaves = Arrays.copyOf(leaves, leafCount * 2);
      }
      leaves[leafCount++] = node;
    }
    return node;
  }

  private JsonNode value(int depth) {
    if (i >= n) {
      return null;
    }
    char c = s.charAt(i);
    switch (c) {
      case '"' -> {
        String text = string();
        return text == null ? null : leaf(StringNode.valueOf(text));
      }
      case '{' -> {
        return object(depth + 1);
      }
      case '[' -> {
        return array(depth + 1);
      }
      case 't' -> {
        return literal("true") ? leaf(BooleanNode.TRUE) : null;
      }
      case 'f' -> {
        return literal("false") ? leaf(BooleanNode.FALSE) : null;
      }
      case 'n' -> {
        return literal("null") ? NullNode.instance : null;
      }
      default -> {
        return c == '-' || (c >= '0' && c <= '9') ? leaf(number()) : null;
      }
    }
  }

  private boolean literal(String word) {
    if (!s.startsWith(word, i)) {
      return false;
    }
    i += word.length();
    // "truex" is not a literal followed by a separator
    return i >= n || !Character.isLetterOrDigit(s.charAt(i));
  }

  /** {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}, else null. */
  private JsonNode number() {
    int start = i;
    if (s.charAt(i) == '-') {
      i++;
    }
    int intStart = i;
    if (i >= n) {
      return null;
    }
    if (s.charAt(i) == '0') {
      i++;
    } else {
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
    }
    int intDigits = i - intStart;
    if (intDigits == 0 || intDigits > 18) {
      return null;
    }
    boolean floating = false;
    if (i < n && s.charAt(i) == '.') {
      floating = true;
      int fracStart = ++i;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      if (i == fracStart) {
        return null;
      }
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      floating = true;
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int expStart = i;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      if (i == expStart || i - expStart > 3) {
        return null;
      }
    }
    if (i < n) {
      char c = s.charAt(i);
      // a number runs into the next separator or space; anything else ("12a", "1.5.3") is not JSON
      if (c != ',' && c != '}' && c != ']' && c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return null;
      }
    }
    if (i - start > 40) {
      return null;
    }
    if (floating) {
      double d = Double.parseDouble(s.substring(start, i));
      return Double.isFinite(d) ? DoubleNode.valueOf(d) : null;
    }
    long v = 0;
    for (int k = intStart; k < i; k++) {
      v = v * 10 + (s.charAt(k) - '0');
    }
    if (start != intStart) {
      v = -v;
    }
    return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE
        ? IntNode.valueOf((int) v)
        : LongNode.valueOf(v);
  }

  /**
   * Member names seen before, by hash (direct-mapped: a newer name takes the slot of an older one
   * with the same index): the keys of an event stream repeat, so a key found here is neither copied
   * out of the line nor hashed again when the object's map stores it (a string caches its hash).
   * Shared by every thread without locking: a slot holds a whole immutable string or an older one,
   * either of which is checked against the line before use. Names are interned when first kept.
   */
  private static final String[] KEYS = new String[1 << 12];

  /** Names longer than this are not kept (the cache holds the few names of a stream's shape). */
  private static final int MAX_KEY = 48;

  /**
   * At a '"' that opens a member name: the name, as {@link #string} reads it; a name without
   * escapes is taken from {@link #KEYS} when it is there.
   */
  private String key() {
    int start = i + 1;
    int h = 0;
    for (int k = start; k < n; k++) {
      char c = s.charAt(k);
      if (c == '"') {
        int len = k - start;
        if (len > MAX_KEY) {
          break;
        }
        int slot = (h ^ (h >>> 16)) & (KEYS.length - 1);
        String known = KEYS[slot];
        i = k + 1;
        if (known != null
            && known.length() == len
            && known.hashCode() == h
            && s.regionMatches(start, known, 0, len)) {
          return known;
        }
        String name = s.substring(start, k).intern();
        KEYS[slot] = name;
        return name;
      }
      if (c == '\\' || c < 0x20) {
        break; // escapes and errors: as any string
      }
      h = 31 * h + c;
    }
    return string();
  }

  /** At a '"': the string's text, escapes decoded; null if malformed or with a raw control char. */
  private String string() {
    int start = ++i;
    while (i < n) {
      char c = s.charAt(i);
      if (c == '"') {
        return s.substring(start, i++);
      }
      if (c == '\\') {
        return escaped(start);
      }
      if (c < 0x20) {
        return null;
      }
      i++;
    }
    return null;
  }

  /** The text of a string with escapes, decoded (reused: one per reader). */
  private char[] chars;

  /**
   * At the first backslash of a string whose text began at {@code start}: the text, escapes
   * decoded, into {@link #chars} (a {@code StringBuilder} checked its capacity and coding per
   * character: Windows paths are mostly escapes).
   */
  private String escaped(int start) {
    int m = i - start;
    char[] b = chars;
    if (b == null || b.length < m + 8) {
      b = chars = new char[Math.max(128, 2 * m + 8)];
    }
    s.getChars(start, i, b, 0);
    while (i < n) {
      char c = s.charAt(i++);
      if (c == '"') {
        return new String(b, 0, m);
      }
      if (c < 0x20) {
        return null;
      }
      if (m == b.length) {
        b = chars = Arrays.copyOf(b, 2 * m);
      }
      if (c != '\\') {
        b[m++] = c;
        continue;
      }
      if (i >= n) {
        return null;
      }
      char e = s.charAt(i++);
      switch (e) {
        case '"', '\\', '/' -> b[m++] = e;
        case 'b' -> b[m++] = '\b';
        case 'f' -> b[m++] = '\f';
        case 'n' -> b[m++] = '\n';
        case 'r' -> b[m++] = '\r';
        case 't' -> b[m++] = '\t';
        case 'u' -> {
          if (i + 4 > n) {
            return null;
          }
          int code = 0;
          for (int k = 0; k < 4; k++) {
            int h = Character.digit(s.charAt(i++), 16);
            if (h < 0 || s.charAt(i - 1) > 'f') {
              return null;
            }
            code = code * 16 + h;
          }
          b[m++] = (char) code;
        }
        default -> {
          return null;
        }
      }
    }
    return null;
  }
}
