package dev.haechi.detection.event;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields some compiled rule reads, each given a slot number so that an {@link Event} reads and
 * converts each field at most once. Filled while compiling; read-only afterwards.
 */
public final class FieldTable {
  private final Map<FieldAccessor, Integer> slots = new HashMap<>();
  private final List<FieldAccessor> accessors = new ArrayList<>();
  private final Map<String, Integer> evtxSlots = new HashMap<>();

  /**
   * The slots of the bare evtx names of the form {@code <tag>_<attribute>} (split at the first
   * underscore), by tag then attribute: {@link EvtxNames} finds a System attribute's slot without
   * building the joined name.
   */
  private final Map<String, Map<String, Integer>> evtxAttributeSlots = new HashMap<>();

  private final Map<String, FieldAccessor> derived;

  public FieldTable() {
    this(Map.of());
  }

  /**
   * A table in which the fields named in {@code derived} are computed by their accessor rather than
   * read by path (identity enrichment, {@code dev.haechi.detection.identity}).
   */
  public FieldTable(Map<String, FieldAccessor> derived) {
    this.derived = Map.copyOf(derived);
  }

  /**
   * The accessor that computes the event field {@code name}, or null for a plain field. Built in:
   * {@link EcsHashes#FIELD}.
   */
  public FieldAccessor derived(String name) {
    FieldAccessor a = derived.get(name);
    return a == null && EcsHashes.FIELD.equals(name) ? EcsHashes.INSTANCE : a;
  }

  /** The slot of {@code accessor}, assigning one on first use. */
  public int slot(FieldAccessor accessor) {
    return slots.computeIfAbsent(
        accessor,
        a -> {
          accessors.add(a);
          if (a instanceof EvtxField e) {
            // interned as the JSON reader interns member names: look-ups match by reference
            String name = e.name().intern();
            int slot = accessors.size() - 1;
            evtxSlots.put(name, slot);
            int underscore = name.indexOf('_');
            if (underscore > 0) {
              evtxAttributeSlots
                  .computeIfAbsent(name.substring(0, underscore).intern(), t -> new HashMap<>())
                  .put(name.substring(underscore + 1).intern(), slot);
            }
          }
          return accessors.size() - 1;
        });
  }

  public int size() {
    return accessors.size();
  }

  /** The slot of the bare evtx field {@code name} ({@link EvtxField}), or -1 if none reads it. */
  public int evtxSlot(String name) {
    Integer slot = evtxSlots.get(name);
    return slot == null ? -1 : slot;
  }

  /**
   * The slots of the bare evtx names {@code <tag>_<attribute>} for {@code tag} (which has no
   * underscore), by attribute; null if none.
   */
  Map<String, Integer> evtxAttributeSlots(String tag) {
    return evtxAttributeSlots.get(tag);
  }

  /** The slots of the {@link SequentialField}s, in slot order. */
  public int[] sequentialSlots() {
    int[] out = new int[accessors.size()];
    int n = 0;
    for (int i = 0; i < accessors.size(); i++) {
      if (accessors.get(i) instanceof SequentialField) {
        out[n++] = i;
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  public FieldAccessor accessor(int slot) {
    return accessors.get(slot);
  }
}
