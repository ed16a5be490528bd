package dev.haechi.detection.event;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An event's root object as the engine's JSON reader builds it, with the scalar leaves it met on
 * the way (every string, number and boolean, nulls left out, in document order): the order in which
 * {@link Event#leaves} walks a tree, so that keyword search does not walk the tree again. Equal to,
 * and written as, the plain {@code ObjectNode} of the same members. The leaves are those of the
 * tree as read: the engine never modifies an event it reads (a modified tree would keep stale
 * leaves).
 */
public final class LeafIndexedObject extends ObjectNode {
  private static final long serialVersionUID = 1L;

  private final transient JsonNode[] leaves;

  public LeafIndexedObject(Map<String, JsonNode> members, JsonNode[] leaves) {
    super(JsonNodeFactory.instance, members);
    this.leaves = leaves;
  }

  /**
   * The scalar leaves in document order (not a copy); null in a copy made by a serialiser that
   * skips transient fields.
   */
  JsonNode[] leaves() {
    return leaves;
  }
}
