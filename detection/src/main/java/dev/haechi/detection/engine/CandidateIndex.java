package dev.haechi.detection.engine;

import dev.haechi.detection.compiler.CompiledRule;
import dev.haechi.detection.compiler.CompiledVariant;
import dev.haechi.detection.compiler.Needs;
import dev.haechi.detection.event.Event;
import dev.haechi.detection.event.FieldTable;
import dev.haechi.detection.event.FieldValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates only the rule variants an event can satisfy. Two gates, both from {@link Needs}:
 *
 * <ol>
 *   <li><b>Routing by exact value</b>: a variant that needs a field to equal one of a few values
 *       (the log-source route's {@code Channel} / {@code EventID}, or a rule's own exact match) is
 *       filed under those values; an event looks up its value of each such field.
 *   <li><b>Required literals</b>: every literal some variant needs goes into one Aho–Corasick
 *       automaton; the fields those variants read are scanned once, and a variant stays a candidate
 *       only if one of its literals occurred.
 * </ol>
 *
 * The survivors are evaluated in full. Agreement with {@link FullScan} is checked by a randomised
 * test and by the conformance test. Thread-safe: per-event scratch state lives on the stack.
 */
final class CandidateIndex implements RuleMatcher {
  private final CompiledRule[] ruleOf;
  private final int[] ruleIndexOf;
  private final CompiledVariant[] variants;
  private final Map<Integer, Map<String, int[]>> byExact;
  private final int[] unrouted;
  private final int[][] literalIds;
  private final int[][] literalSlots;

  /** Per field slot, an automaton over the literals expected in that field. */
  private final AhoCorasick[] automata;

  /** Per field slot, automaton pattern index → literal id. */
  private final int[][] automatonIds;

  private final int literalCount;
  private final int slotCount;

  CandidateIndex(List<CompiledRule> rules, FieldTable fields) {
    List<CompiledVariant> vs = new ArrayList<>();
    List<CompiledRule> owners = new ArrayList<>();
    List<Integer> ownerIndex = new ArrayList<>();
    for (int r = 0; r < rules.size(); r++) {
      for (CompiledVariant v : rules.get(r).variants()) {
        vs.add(v);
        owners.add(rules.get(r));
        ownerIndex.add(r);
      }
    }
    int n = vs.size();
    variants = vs.toArray(new CompiledVariant[0]);
    ruleOf = owners.toArray(new CompiledRule[0]);
    ruleIndexOf = ownerIndex.stream().mapToInt(Integer::intValue).toArray();
    Map<Integer, Map<String, List<Integer>>> exact = new HashMap<>();
    List<Integer> free = new ArrayList<>();
    Map<Needs.SlotLiteral, Integer> literalId = new LinkedHashMap<>();
    literalIds = new int[n][];
    literalSlots = new int[n][];
    Needs[] needsOf = new Needs[n];
    Map<Integer, Integer> slotPopularity = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Needs route = Needs.of(variants[i].route());
      Needs detection = Needs.of(variants[i].detection());
      List<Needs.Exact> exacts = new ArrayList<>(route.exacts());
      exacts.addAll(detection.exacts());
      // the route's own literals (its channel name) say nothing beyond its exact key
      needsOf[i] = new Needs(exacts, detection.literal());
      exacts.stream()
          .map(Needs.Exact::slot)
          .distinct()
          .forEach(sl -> slotPopularity.merge(sl, 1, Integer::sum));
    }
    for (int i = 0; i < n; i++) {
      Needs needs = needsOf[i];
      // key on the field most variants can be keyed on, so that an event looks up few fields
      Needs.Exact key = null;
      for (Needs.Exact e : needs.exacts()) {
        if (key == null
            || slotPopularity.get(e.slot()) > slotPopularity.get(key.slot())
            || (slotPopularity.get(e.slot()).equals(slotPopularity.get(key.slot()))
                && e.values().size() < key.values().size())) {
          key = e;
        }
      }
      if (key == null) {
        free.add(i);
      } else {
        for (String value : key.values()) {
          exact
              .computeIfAbsent(key.slot(), k -> new HashMap<>())
              .computeIfAbsent(value, k -> new ArrayList<>())
              .add(i);
        }
      }
      if (needs.literal() != null) {
        literalIds[i] =
            needs.literal().literals().stream()
                .mapToInt(l -> literalId.computeIfAbsent(l, k -> literalId.size()))
                .toArray();
        literalSlots[i] =
            needs.literal().literals().stream()
                .mapToInt(l -> l.slot() < 0 ? fields.size() : l.slot())
                .distinct()
                .toArray();
      }
    }
    byExact = new HashMap<>();
    exact.forEach(
        (slot, m) -> {
          Map<String, int[]> frozen = new HashMap<>();
          m.forEach((v, ids) -> frozen.put(v, ids.stream().mapToInt(Integer::intValue).toArray()));
          byExact.put(slot, frozen);
        });
    unrouted = free.stream().mapToInt(Integer::intValue).toArray();
    literalCount = literalId.size();
    slotCount = fields.size() + 1;
    automata = new AhoCorasick[slotCount];
    automatonIds = new int[slotCount][];
    Map<Integer, List<Needs.SlotLiteral>> bySlot = new HashMap<>();
    literalId
        .keySet()
        .forEach(
            k ->
                bySlot
                    .computeIfAbsent(
                        k.slot() < 0 ? fields.size() : k.slot(), x -> new ArrayList<>())
                    .add(k));
    bySlot.forEach(
        (slot, keys) -> {
          automata[slot] = new AhoCorasick(keys.stream().map(Needs.SlotLiteral::literal).toList());
          automatonIds[slot] = keys.stream().mapToInt(literalId::get).toArray();
        });
  }

  @Override
  public List<CompiledRule> matching(Event event) {
    int[] candidates = new int[Math.max(16, unrouted.length + 16)];
    System.arraycopy(unrouted, 0, candidates, 0, unrouted.length);
    int count = unrouted.length;
    for (Map.Entry<Integer, Map<String, int[]>> e : byExact.entrySet()) {
      for (FieldValue value : event.values(e.getKey())) {
        if (value.isNull()) {
          continue;
        }
        int[] ids = e.getValue().get(value.lower());
        if (ids != null) {
          if (count + ids.length > candidates.length) {
            candidates = java.util.Arrays.copyOf(candidates, 2 * (count + ids.length));
          }
          System.arraycopy(ids, 0, candidates, count, ids.length);
          count += ids.length;
        }
      }
    }
    java.util.Arrays.sort(candidates, 0, count);
    boolean[] hit = null;
    boolean[] scanned = null;
    int lastRule = -1;
    List<CompiledRule> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int v = candidates[i];
      if ((i > 0 && v == candidates[i - 1]) || ruleIndexOf[v] == lastRule) {
        continue;
      }
      if (literalIds[v] != null) {
        if (hit == null) {
          hit = new boolean[literalCount];
          scanned = new boolean[slotCount];
        }
        boolean[] hits = hit;
        for (int slot : literalSlots[v]) {
          if (!scanned[slot]) {
            scanned[slot] = true;
            int[] ids = automatonIds[slot];
            for (FieldValue value : slot == slotCount - 1 ? event.leaves() : event.values(slot)) {
              if (!value.isNull()) {
                automata[slot].scan(value.lower(), id -> hits[ids[id]] = true);
              }
            }
          }
        }
        boolean any = false;
        for (int id : literalIds[v]) {
          if (hit[id]) {
            any = true;
            break;
          }
        }
        if (!any) {
          continue;
        }
      }
      if (variants[v].matches(event)) {
        lastRule = ruleIndexOf[v];
        out.add(ruleOf[v]);
      }
    }
    return out;
  }
}
