package dev.haechi.resilience.catalog;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A fast reader for the plain subset of YAML that catalogs are written in (issue 14 item 5: loading
 * the 100,000-entity catalog was almost all SnakeYAML's scanner). It builds the same SnakeYAML node
 * trees as {@code Yaml.composeAll} with Haechi's plain resolver — every scalar tagged {@code str},
 * block and one-line flow collections, start marks on the same lines — so {@link DescriptorReader}
 * reads either alike.
 *
 * <p>It reads {@code ---}-separated documents of block mappings and block sequences (compact {@code
 * - key: value} items included), plain scalars on one line, single- and double-quoted scalars on
 * one line, one-line flow sequences and mappings, and comments. Anything else — block scalars
 * ({@code |}, {@code >}), anchors, aliases, tags, directives, multi-line scalars or flow
 * collections, tabs, empty sequence items, text that might not parse — makes {@link #parse} return
 * null, and the caller reads the file with SnakeYAML, which also names the line of any syntax
 * error. {@code FastYamlAgreementTest} checks the two give the same trees (and that this reader
 * gives up wherever SnakeYAML fails).
 */
final class FastYaml {
  private static final int[] NO_BUFFER = new int[0];

  /** Thrown inside the reader when the text leaves the subset; never escapes {@link #parse}. */
  private static final class Unsupported extends RuntimeException {
    Unsupported() {
      super(null, null, false, false);
    }
  }

  private static final Unsupported UNSUPPORTED = new Unsupported();

  private final String name;
  private final String text;
  // content lines of the current document: indent, offset of the first non-space char, line index
  private int[] indent = new int[64];
  private int[] start = new int[64];
  private int[] end = new int[64];
  private int[] lineNo = new int[64];
  private int count;
  private int p;

  private FastYaml(String name, String text) {
    this.name = name;
    this.text = text;
  }

  /** The documents of {@code text}, or null when it is not in the subset this reader takes. */
  static List<Node> parse(String name, String text) {
    List<Node> docs = new ArrayList<>();
    return parse(name, text, docs::add) ? docs : null;
  }

  /**
   * Hands each document of {@code text} to {@code sink} as soon as it is read, so only one
   * document's nodes are alive at a time (on large catalogs the node trees of a whole file cost
   * more in garbage collection than in reading). Returns false when the text leaves the subset:
   * documents may then already have gone to {@code sink}, and the caller must discard what it did
   * with them and read the file with SnakeYAML.
   */
  static boolean parse(String name, String text, java.util.function.Consumer<Node> sink) {
    try {
      new FastYaml(name, text).documents(sink);
      return true;
    } catch (Unsupported e) {
      return false;
    }
  }

  private static Unsupported unsupported() {
    return UNSUPPORTED;
  }

  private void documents(java.util.function.Consumer<Node> docs) {
    int len = text.length();
    if ((len > 0 && text.charAt(0) == '\uFEFF') || text.indexOf('\t') >= 0) {
      throw unsupported();
    }
    int pos = 0;
    int line = 0;
    boolean explicitStart = false; // a --- opened the current document
    count = 0;
    while (pos <= len) {
      int eol = text.indexOf('\n', pos);
      if (eol < 0) {
        eol = len;
      }
      int lineEnd = eol;
      if (lineEnd > pos && text.charAt(lineEnd - 1) == '\r') {
        lineEnd--;
      }
      int i = pos;
      while (i < lineEnd && text.charAt(i) == ' ') {
        i++;
      }
      if (i < lineEnd) {
        char c = text.charAt(i);
        if (c == '\t' || c == '\r') {
          throw unsupported();
        }
        if (i == pos && c == '-' && text.startsWith("---", pos) && blankAfter(pos + 3, lineEnd)) {
          if (count > 0) {
            docs.accept(document());
          } else if (explicitStart) {
            throw unsupported(); // an empty document between two markers
          }
          explicitStart = true;
          count = 0;
        } else if (i == pos && (c == '%' || (c == '.' && text.startsWith("...", pos)))) {
          throw unsupported();
        } else if (c != '#') {
          add(i - pos, i, lineEnd, line);
        }
      }
      line++;
      pos = eol + 1;
    }
    if (count > 0) {
      docs.accept(document());
    } else if (explicitStart) {
      throw unsupported(); // a trailing marker: an empty document
    }
  }

  private boolean blankAfter(int from, int lineEnd) {
    for (int k = from; k < lineEnd; k++) {
      char c = text.charAt(k);
      if (c == '#' && k > from) {
        return true;
      }
      if (c != ' ') {
        return false;
      }
    }
    return true;
  }

  private void add(int ind, int s, int e, int line) {
    if (count == indent.length) {
      int n = count * 2;
      indent = java.util.Arrays.copyOf(indent, n);
      start = java.util.Arrays.copyOf(start, n);
      end = java.util.Arrays.copyOf(end, n);
      lineNo = java.util.Arrays.copyOf(lineNo, n);
    }
    indent[count] = ind;
    start[count] = s;
    end[count] = e;
    lineNo[count] = line;
    count++;
  }

  private Node document() {
    p = 0;
    if (indent[0] != 0) {
      throw unsupported();
    }
    Node root = block(0);
    if (p != count) {
      throw unsupported();
    }
    return root;
  }

  private int markLine = -1;
  private Mark lineMark;

  /**
   * The mark of a node on {@code line}. Catalog readers use only a mark's line, so every node on a
   * line shares one mark, at the column of the line's first node (a mark per node was the largest
   * allocation when reading the 100,000-entity catalog).
   */
  private Mark mark(int line, int offset, int lineStart) {
    if (line != markLine) {
      markLine = line;
      lineMark = new Mark(name, offset, line, offset - lineStart, NO_BUFFER, 0);
    }
    return lineMark;
  }

  // Short scalars recur thousands of times (keys, kinds, zone names, lifecycles, the references of
  // dependsOn lists): one String each. Each slot keeps its text's hash, so a miss costs no compare.
  private static final int INTERN_SLOTS = 1 << 14;
  private final String[] interned = new String[INTERN_SLOTS];
  private final int[] internedHash = new int[INTERN_SLOTS];

  /** {@code text.substring(s, e)}, shared with earlier equal short texts of this file. */
  private String text(int s, int e) {
    int n = e - s;
    if (n > 48) {
      return text.substring(s, e);
    }
    int h = n;
    for (int k = s; k < e; k++) {
      h = 31 * h + text.charAt(k);
    }
    int slot = (h ^ (h >>> 14)) & (INTERN_SLOTS - 1);
    String c = interned[slot];
    if (c != null && internedHash[slot] == h && c.length() == n && text.regionMatches(s, c, 0, n)) {
      return c;
    }
    String t = text.substring(s, e);
    interned[slot] = t;
    internedHash[slot] = h;
    return t;
  }

  private int lineStart(int k) {
    return start[k] - indent[k];
  }

  private boolean entry(int k) {
    int s = start[k];
    return text.charAt(s) == '-' && (s + 1 == end[k] || text.charAt(s + 1) == ' ');
  }

  private Node block(int ind) {
    return entry(p) ? sequence(ind) : mapping(ind);
  }

  private Node sequence(int ind) {
    List<Node> items = new ArrayList<>();
    Mark first = mark(lineNo[p], start[p], lineStart(p));
    while (p < count && indent[p] == ind && entry(p)) {
      int s = start[p] + 1;
      int e = end[p];
      while (s < e && text.charAt(s) == ' ') {
        s++;
      }
      if (s == e || text.charAt(s) == '#') {
        throw unsupported(); // an empty item, or one whose content starts below
      }
      int contentIndent = s - lineStart(p);
      if (isKeyLine(s, e)) {
        // a compact mapping: the rest of the line is its first key, at the content's column
        indent[p] = contentIndent;
        start[p] = s;
        items.add(mapping(contentIndent));
      } else {
        char c = text.charAt(s);
        if (c == '-' && (s + 1 == e || text.charAt(s + 1) == ' ')) {
          throw unsupported(); // a sequence in a sequence
        }
        int k = p;
        items.add(inline(s, e, lineNo[k], lineStart(k)));
        p++;
        if (p < count && indent[p] > ind) {
          throw unsupported(); // a continuation line
        }
      }
    }
    if (p < count && indent[p] > ind) {
      throw unsupported();
    }
    return new SequenceNode(Tag.SEQ, true, items, first, first, DumperOptions.FlowStyle.BLOCK);
  }

  /** True when the line's text from {@code s} is {@code key:} or {@code key: value}. */
  private boolean isKeyLine(int s, int e) {
    return keyEnd(s, e) >= 0;
  }

  /** The offset of the ':' ending a plain key starting at {@code s}, or -1. */
  private int keyEnd(int s, int e) {
    char c = text.charAt(s);
    if (isIndicator(c)) {
      return -1;
    }
    for (int k = s; k < e; k++) {
      char x = text.charAt(k);
      if (x == ':' && (k + 1 == e || text.charAt(k + 1) == ' ')) {
        return k;
      }
      if (x == '#' && text.charAt(k - 1) == ' ') {
        return -1;
      }
    }
    return -1;
  }

  private static boolean isIndicator(char c) {
    switch (c) {
      case '-':
      case '?':
      case ':':
      case ',':
      case '[':
      case ']':
      case '{':
      case '}':
      case '#':
      case '&':
      case '*':
      case '!':
      case '|':
      case '>':
      case '\'':
      case '"':
      case '%':
      case '@':
      case '`':
        return true;
      default:
        return false;
    }
  }

  private Node mapping(int ind) {
    List<NodeTuple> tuples = new ArrayList<>();
    Mark first = mark(lineNo[p], start[p], lineStart(p));
    while (p < count && indent[p] == ind) {
      int s = start[p];
      int e = end[p];
      if (entry(p)) {
        throw unsupported(); // a sequence where a key should be
      }
      int colon = keyEnd(s, e);
      if (colon < 0) {
        throw unsupported();
      }
      int keyEnd = colon;
      while (keyEnd > s && text.charAt(keyEnd - 1) == ' ') {
        keyEnd--;
      }
      String key = text(s, keyEnd);
      if (key.equals("<<")) {
        throw unsupported();
      }
      int line = lineNo[p];
      int ls = lineStart(p);
      Node keyNode =
          new ScalarNode(
              Tag.STR,
              key,
              mark(line, s, ls),
              mark(line, keyEnd, ls),
              DumperOptions.ScalarStyle.PLAIN);
      int v = colon + 1;
      while (v < e && text.charAt(v) == ' ') {
        v++;
      }
      Node value;
      if (v == e || text.charAt(v) == '#') {
        p++;
        if (p < count && indent[p] > ind) {
          value = block(indent[p]);
        } else if (p < count && indent[p] == ind && entry(p)) {
          value = sequence(ind); // key:\n- item (a sequence at the key's own indentation)
        } else {
          Mark after = mark(line, colon + 1, ls);
          value = new ScalarNode(Tag.STR, "", after, after, DumperOptions.ScalarStyle.PLAIN);
        }
      } else {
        value = inline(v, e, line, ls);
        p++;
        if (p < count && indent[p] > ind) {
          throw unsupported(); // a continuation line of a plain scalar, or worse
        }
      }
      tuples.add(new NodeTuple(keyNode, value));
    }
    if (p < count && indent[p] > ind) {
      throw unsupported();
    }
    return new MappingNode(Tag.MAP, true, tuples, first, first, DumperOptions.FlowStyle.BLOCK);
  }

  // ------------------------------------------------------------------ one-line values

  private int at;

  /** A value written on one line from {@code s}: a scalar or a flow collection. */
  private Node inline(int s, int e, int line, int ls) {
    at = s;
    Node n;
    char c = text.charAt(s);
    if (c == '[' || c == '{') {
      n = flow(e, line, ls);
    } else if (c == '"' || c == '\'') {
      n = quoted(e, line, ls);
    } else {
      if (isIndicator(c) && !(c == '-' && s + 1 < e && text.charAt(s + 1) != ' ')) {
        throw unsupported();
      }
      int k = s;
      int last = s;
      while (k < e) {
        char x = text.charAt(k);
        if (x == '#' && text.charAt(k - 1) == ' ') {
          break;
        }
        if (x == ':' && (k + 1 == e || text.charAt(k + 1) == ' ')) {
          throw unsupported(); // a mapping where a scalar should be: let SnakeYAML say so
        }
        if (x != ' ') {
          last = k + 1;
        }
        k++;
      }
      at = e;
      return new ScalarNode(
          Tag.STR,
          text(s, last),
          mark(line, s, ls),
          mark(line, last, ls),
          DumperOptions.ScalarStyle.PLAIN);
    }
    // after a quoted scalar or flow collection: only spaces, then a comment or the end
    int k = at;
    while (k < e && text.charAt(k) == ' ') {
      k++;
    }
    if (k < e && !(text.charAt(k) == '#' && k > at)) {
      throw unsupported();
    }
    return n;
  }

  private Node quoted(int e, int line, int ls) {
    int s = at;
    char q = text.charAt(s);
    StringBuilder b = null;
    int k = s + 1;
    int runStart = k;
    while (true) {
      if (k >= e) {
        throw unsupported(); // runs on to the next line
      }
      char x = text.charAt(k);
      if (x == q) {
        if (q == '\'' && k + 1 < e && text.charAt(k + 1) == '\'') {
          if (b == null) {
            b = new StringBuilder();
          }
          b.append(text, runStart, k + 1);
          k += 2;
          runStart = k;
          continue;
        }
        break;
      }
      if (q == '"' && x == '\\') {
        if (k + 1 >= e) {
          throw unsupported();
        }
        char esc = text.charAt(k + 1);
        String r;
        switch (esc) {
          case '"' -> r = "\"";
          case '\\' -> r = "\\";
          case 'n' -> r = "\n";
          case 't' -> r = "\t";
          default -> throw unsupported();
        }
        if (b == null) {
          b = new StringBuilder();
        }
        b.append(text, runStart, k).append(r);
        k += 2;
        runStart = k;
        continue;
      }
      if (x == '\t') {
        throw unsupported();
      }
      k++;
    }
    String value;
    if (b == null) {
      value = text.substring(s + 1, k);
    } else {
      value = b.append(text, runStart, k).toString();
    }
    at = k + 1;
    return new ScalarNode(
        Tag.STR,
        value,
        mark(line, s, ls),
        mark(line, at, ls),
        q == '"'
            ? DumperOptions.ScalarStyle.DOUBLE_QUOTED
            : DumperOptions.ScalarStyle.SINGLE_QUOTED);
  }

  private void spaces(int e) {
    while (at < e && text.charAt(at) == ' ') {
      at++;
    }
    if (at >= e) {
      throw unsupported(); // a flow collection over several lines
    }
  }

  private Node flow(int e, int line, int ls) {
    int s = at;
    char open = text.charAt(s);
    at++;
    if (open == '[') {
      List<Node> items = new ArrayList<>();
      spaces(e);
      if (text.charAt(at) == ']') {
        at++;
      } else {
        while (true) {
          Node item = flowNode(e, line, ls);
          spaces(e);
          char c = text.charAt(at);
          if (c == ':') {
            throw unsupported(); // a single-pair mapping in a sequence
          }
          items.add(item);
          if (c == ']') {
            at++;
            break;
          }
          if (c != ',') {
            throw unsupported();
          }
          at++;
          spaces(e);
          if (text.charAt(at) == ']' || text.charAt(at) == ',') {
            throw unsupported(); // a trailing or doubled comma
          }
        }
      }
      return new SequenceNode(
          Tag.SEQ,
          true,
          items,
          mark(line, s, ls),
          mark(line, at, ls),
          DumperOptions.FlowStyle.FLOW);
    }
    List<NodeTuple> tuples = new ArrayList<>();
    spaces(e);
    if (text.charAt(at) == '}') {
      at++;
    } else {
      while (true) {
        char kc = text.charAt(at);
        if (kc == '[' || kc == '{') {
          throw unsupported();
        }
        Node key = flowNode(e, line, ls);
        spaces(e);
        if (text.charAt(at) != ':') {
          throw unsupported(); // a key without a value
        }
        at++;
        if (at < e && text.charAt(at) != ' ') {
          throw unsupported();
        }
        spaces(e);
        char vc = text.charAt(at);
        if (vc == ',' || vc == '}') {
          throw unsupported(); // an empty value
        }
        Node value = flowNode(e, line, ls);
        tuples.add(new NodeTuple(key, value));
        spaces(e);
        char c = text.charAt(at);
        if (c == '}') {
          at++;
          break;
        }
        if (c != ',') {
          throw unsupported();
        }
        at++;
        spaces(e);
        if (text.charAt(at) == '}' || text.charAt(at) == ',') {
          throw unsupported();
        }
      }
    }
    return new MappingNode(
        Tag.MAP, true, tuples, mark(line, s, ls), mark(line, at, ls), DumperOptions.FlowStyle.FLOW);
  }

  private Node flowNode(int e, int line, int ls) {
    char c = text.charAt(at);
    if (c == '[' || c == '{') {
      return flow(e, line, ls);
    }
    if (c == '"' || c == '\'') {
      return quoted(e, line, ls);
    }
    if (isIndicator(c) && !(c == '-' && at + 1 < e && " ,[]{}".indexOf(text.charAt(at + 1)) < 0)) {
      throw unsupported();
    }
    int s = at;
    int last = s;
    int k = s;
    while (k < e) {
      char x = text.charAt(k);
      if (x == ',' || x == '[' || x == ']' || x == '{' || x == '}') {
        break;
      }
      if (x == ':' && (k + 1 == e || " ,[]{}".indexOf(text.charAt(k + 1)) >= 0)) {
        break;
      }
      if (x == '#' && text.charAt(k - 1) == ' ') {
        throw unsupported();
      }
      if (x == '"' || x == '\'' || x == '?') {
        throw unsupported(); // let SnakeYAML decide what these mean inside a flow collection
      }
      if (x != ' ') {
        last = k + 1;
      }
      k++;
    }
    if (last == s) {
      throw unsupported();
    }
    at = k;
    return new ScalarNode(
        Tag.STR,
        text(s, last),
        mark(line, s, ls),
        mark(line, last, ls),
        DumperOptions.ScalarStyle.PLAIN);
  }
}
