package dev.haechi.detection.event;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One JSON event as seen by compiled rules: each field is looked up and converted (to text and
 * lower-case text) lazily, once, and only if some rule asks for it. Not thread-safe; one per event.
 */
public final class Event {
  private static final FieldValue[] ABSENT = new FieldValue[0];

  private final JsonNode root;
  private final FieldTable table;
  private final FieldValue[][] values;
  private final boolean[] present;
  private FieldValue[] leaves;

  /**
   * What each {@link SequentialField} slot read ahead ({@link #readAhead}), or null before that:
   * then a sequential field reads the event itself.
   */
  private Object[] readAhead;

  /** Nodes of bare evtx names, resolved in one pass on first use (see {@link EvtxNames}). */
  private JsonNode[] evtxNodes;

  private boolean evtxShape;

  public Event(JsonNode root, FieldTable table) {
    this.root = root;
    this.table = table;
    this.values = new FieldValue[table.size()][];
    this.present = new boolean[table.size()];
  }

  public JsonNode root() {
    return root;
  }

  /** The scalar values of the field in {@code slot}: none when absent, several for an array. */
  public FieldValue[] values(int slot) {
    FieldValue[] v = values[slot];
    if (v == null) {
      FieldAccessor accessor = table.accessor(slot);
      JsonNode node;
      if (accessor instanceof EvtxField f) {
        node = evtx(f, slot);
      } else if (readAhead != null && accessor instanceof SequentialField s) {
        node = s.next(root, readAhead[slot]);
      } else {
        node = accessor.find(root);
      }
      present[slot] = node != null;
      v = node == null ? ABSENT : convert(node);
      values[slot] = v;
    }
    return v;
  }

  /**
   * Reads ahead, on the calling thread, what the sequential fields in {@code slots} need from this
   * event ({@link SequentialField#readAhead}), so that their values, computed later in stream
   * order, only update the stream state. Call at most once, before any of those fields is read.
   */
  public void readAhead(int[] slots) {
    Object[] ahead = new Object[values.length];
    for (int slot : slots) {
      ahead[slot] = ((SequentialField) table.accessor(slot)).readAhead(root);
    }
    readAhead = ahead;
  }

  private JsonNode evtx(EvtxField field, int slot) {
    if (evtxNodes == null) {
      evtxNodes = new JsonNode[values.length];
      evtxShape = EvtxNames.resolve(root, table, evtxNodes);
    }
    return evtxShape ? field.find(root, evtxNodes[slot]) : field.rooted().find(root);
  }

  /** Whether the field in {@code slot} is present, even if null or empty. */
  public boolean exists(int slot) {
    values(slot);
    return present[slot];
  }

  /** Every scalar leaf of the event, for keyword (field-less) search. */
  public FieldValue[] leaves() {
    if (leaves == null) {
      // a tree rebuilt field by field (not by the reader) has no leaves: walked as any other
      if (root instanceof LeafIndexedObject read && read.leaves() != null) {
        JsonNode[] nodes = read.leaves();
        FieldValue[] out = new FieldValue[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
          out[i] = scalar(nodes[i]);
        }
        leaves = out;
      } else {
        leaves = collectedLeaves(root);
      }
    }
    return leaves;
  }

  /** Every scalar leaf of {@code root} by walking the tree: the reference for the reader's. */
  static FieldValue[] collectedLeaves(JsonNode root) {
    List<FieldValue> out = new ArrayList<>();
    collect(root, out);
    return out.toArray(ABSENT);
  }

  private static void collect(JsonNode node, List<FieldValue> out) {
    if (node.isContainer()) {
      for (JsonNode child : node.values()) {
        collect(child, out);
      }
    } else if (!node.isNull()) {
      out.add(scalar(node));
    }
  }

  static FieldValue[] convert(JsonNode node) {
    if (node.isObject()) {
      JsonNode text = node.get("#text");
      return text == null ? ABSENT : convert(text);
    }
    if (node.isArray()) {
      List<FieldValue> out = new ArrayList<>(node.size());
      for (JsonNode e : node.values()) {
        for (FieldValue fv : convert(e)) {
          out.add(fv);
        }
      }
      return out.toArray(ABSENT);
    }
    if (node.isNull()) {
      return new FieldValue[] {FieldValue.NULL};
    }
    return new FieldValue[] {scalar(node)};
  }

  private static FieldValue scalar(JsonNode node) {
    if (node.isFloatingPointNumber()) {
      return FieldValue.of(numberText(node), true);
    }
    return FieldValue.of(node.asString(), node.isNumber());
  }

  /**
   * A JSON number with a fraction part as Sigma compares it: an integral one ({@code 4688.0},
   * {@code 4.688e3}) reads as the integer {@code 4688}, so that it equals the rule value {@code
   * 4688} (a number in YAML is a number, as pySigma's {@code SigmaNumber}); others as written.
   */
  static String numberText(JsonNode node) {
    double d = node.doubleValue();
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return node.asString();
  }
}
