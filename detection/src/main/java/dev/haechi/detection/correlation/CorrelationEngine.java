package dev.haechi.detection.correlation;

import dev.haechi.detection.event.EvtxField;
import dev.haechi.detection.event.FieldValue;
import dev.haechi.detection.rules.SigmaCorrelation;
import dev.haechi.detection.rules.SigmaRule;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Runs Sigma correlation rules (all seven types of v2.1) over the stream of detection matches.
 *
 * <p>State is one {@link GroupWindow} per (correlation, group-by values), bounded by {@link
 * CorrelationSettings}. Windows slide in <em>event time</em>; an event up to {@code lateTolerance}
 * older than the newest seen is still placed in order, older ones are dropped and counted. When a
 * correlation's condition holds for a group it fires once and the group's window is cleared, so one
 * burst gives one alert. A correlation's firing is itself an occurrence for correlations that refer
 * to it (chaining). Group-by names that are {@code aliases} read, per referenced rule name, the
 * aliased field. An occurrence whose event lacks a group-by field is not counted. Referenced rules
 * (and inner correlations) alert on their own only when a correlation referring to them says {@code
 * generate: true}.
 *
 * <p>Design note: value_percentile is read as the share (0–100) of the window's values equal to the
 * triggering event's value, matching the specification's example ("a process name seen in less than
 * 1% of all the processes"). Not thread-safe; the caller serialises.
 */
public final class CorrelationEngine {
  private final List<SigmaCorrelation> correlations;
  private final Map<String, List<Integer>> byReference = new HashMap<>();
  private final List<Map<List<String>, GroupWindow>> groups = new ArrayList<>();
  private final CorrelationSettings settings;
  private final Set<String> silenced = new HashSet<>();
  private Instant newest;
  private long counted;

  /** Every this many occurrences, windows that time has left behind are dropped. */
  static final int SWEEP_EVERY = 4096;

  private long lateDropped;
  private long untimed;

  private CorrelationEngine(List<SigmaCorrelation> correlations, CorrelationSettings settings) {
    this.correlations = List.copyOf(correlations);
    this.settings = settings;
    for (int i = 0; i < correlations.size(); i++) {
      SigmaCorrelation c = correlations.get(i);
      for (String ref : c.rules()) {
        byReference.computeIfAbsent(ref, k -> new ArrayList<>()).add(i);
      }
      groups.add(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<List<String>, GroupWindow> eldest) {
              return size() > settings.maxGroups();
            }
          });
    }
  }

  public static CorrelationEngine of(
      List<SigmaCorrelation> correlations, List<SigmaRule> rules, CorrelationSettings settings) {
    CorrelationEngine e = new CorrelationEngine(correlations, settings);
    Set<String> generated = new HashSet<>();
    Set<String> referenced = new HashSet<>();
    for (SigmaCorrelation c : correlations) {
      (c.generate() ? generated : referenced).addAll(c.rules());
    }
    for (SigmaRule r : rules) {
      if (isReferenced(r.id(), r.name(), referenced)
          && !isReferenced(r.id(), r.name(), generated)) {
        e.silenced.add(r.id() != null ? r.id() : r.name());
      }
    }
    for (SigmaCorrelation c : correlations) {
      if (isReferenced(c.id(), c.name(), referenced)
          && !isReferenced(c.id(), c.name(), generated)) {
        e.silenced.add(c.id() != null ? c.id() : c.name());
      }
    }
    return e;
  }

  public static CorrelationEngine of(List<SigmaCorrelation> correlations, List<SigmaRule> rules) {
    return of(correlations, rules, CorrelationSettings.DEFAULT);
  }

  private static boolean isReferenced(String id, String name, Set<String> refs) {
    return (id != null && refs.contains(id)) || (name != null && refs.contains(name));
  }

  public boolean isEmpty() {
    return correlations.isEmpty();
  }

  /**
   * Ids (or, for a rule without an id, names) of rules and correlations whose own alerts are
   * suppressed (no {@code generate}).
   */
  public Set<String> silencedRuleIds() {
    return Set.copyOf(silenced);
  }

  /** Whether a correlation's own alert is suppressed because an outer correlation uses it. */
  public boolean isSilenced(SigmaCorrelation c) {
    return silenced.contains(c.id() != null ? c.id() : c.name());
  }

  public long lateEventsDropped() {
    return lateDropped;
  }

  public long eventsWithoutTime() {
    return untimed;
  }

  /**
   * Counts {@code event}, matched by {@code matched} at event time {@code time} (null if the event
   * has none: then it is not counted), and returns the correlations that fired, inner ones first.
   */
  public List<CorrelationFired> accept(JsonNode event, Instant time, List<SigmaRule> matched) {
    List<CorrelationFired> fired = new ArrayList<>();
    if (time == null) {
      untimed++;
      return fired;
    }
    if (newest != null && time.isBefore(newest.minus(settings.lateTolerance()))) {
      lateDropped++;
      return fired;
    }
    if (newest == null || time.isAfter(newest)) {
      newest = time;
    }
    Deque<Object[]> pending = new ArrayDeque<>();
    for (SigmaRule r : matched) {
      pending.add(new Object[] {r.id(), r.name(), event});
    }
    while (!pending.isEmpty()) {
      Object[] p = pending.poll();
      for (int ci : references((String) p[0], (String) p[1])) {
        CorrelationFired f = count(ci, (String) p[0], (String) p[1], (JsonNode) p[2], time);
        if (f != null) {
          fired.add(f);
          pending.add(new Object[] {f.rule().id(), f.rule().name(), p[2]});
        }
      }
    }
    return fired;
  }

  private List<Integer> references(String id, String name) {
    List<Integer> out = new ArrayList<>();
    if (id != null) {
      out.addAll(byReference.getOrDefault(id, List.of()));
    }
    if (name != null) {
      for (int i : byReference.getOrDefault(name, List.of())) {
        if (!out.contains(i)) {
          out.add(i);
        }
      }
    }
    return out;
  }

  private CorrelationFired count(int ci, String id, String name, JsonNode event, Instant time) {
    SigmaCorrelation c = correlations.get(ci);
    // (immutable lists refuse indexOf(null): a rule may have no id, or no name)
    int ruleIndex = id == null ? -1 : c.rules().indexOf(id);
    if (ruleIndex < 0 && name != null) {
      ruleIndex = c.rules().indexOf(name);
    }
    Map<String, String> group = new LinkedHashMap<>();
    for (String g : c.groupBy()) {
      String value = read(event, field(c, g, id, name));
      if (value == null) {
        return null;
      }
      group.put(g, value);
    }
    String value =
        c.condition().field() == null
            ? null
            : read(event, field(c, c.condition().field(), id, name));
    List<String> key = new ArrayList<>(group.values());
    if (++counted % SWEEP_EVERY == 0) {
      sweep();
    }
    GroupWindow w =
        groups
            .get(ci)
            .computeIfAbsent(
                key,
                k -> new GroupWindow(settings.maxEntriesPerGroup(), settings.maxEventsPerAlert()));
    Occurrence o = new Occurrence(time, ruleIndex, value, event);
    w.add(o);
    w.expire(newest.minus(settings.lateTolerance()), c);
    List<Instant> ends = new ArrayList<>();
    ends.add(time);
    if (time.isBefore(newest)) {
      // a late occurrence may complete windows that end after it
      for (Occurrence later : w.window(time.plus(c.timespan()), c)) {
        if (later.time().isAfter(time)) {
          ends.add(later.time());
        }
      }
    }
    for (Instant end : ends) {
      List<Occurrence> window = w.window(end, c);
      if (GroupWindow.holds(c, window, o)) {
        List<JsonNode> events = new ArrayList<>();
        for (int i = Math.max(0, window.size() - settings.maxEventsPerAlert());
            i < window.size();
            i++) {
          if (window.get(i).event() != null) {
            events.add(window.get(i).event());
          }
        }
        w.clear();
        return new CorrelationFired(c, end, group, events);
      }
    }
    return null;
  }

  /** Groups holding occurrences now, over all correlations (for tests and metrics). */
  public int groupCount() {
    int n = 0;
    for (var g : groups) {
      n += g.size();
    }
    return n;
  }

  /**
   * Expires every group's window against the newest event time (less the late tolerance) and drops
   * the empty ones: a group that receives no more events would otherwise keep its occurrences until
   * it is the least recently used of {@code maxGroups}.
   */
  private void sweep() {
    Instant horizon = newest.minus(settings.lateTolerance());
    for (int ci = 0; ci < correlations.size(); ci++) {
      SigmaCorrelation c = correlations.get(ci);
      var it = groups.get(ci).values().iterator();
      while (it.hasNext()) {
        GroupWindow w = it.next();
        w.expire(horizon, c);
        if (w.isEmpty()) {
          it.remove();
        }
      }
    }
  }

  private static String field(SigmaCorrelation c, String name, String id, String ruleName) {
    Map<String, String> alias = c.aliases().get(name);
    if (alias != null) {
      if (ruleName != null && alias.containsKey(ruleName)) {
        return alias.get(ruleName);
      }
      if (id != null && alias.containsKey(id)) {
        return alias.get(id);
      }
    }
    return name;
  }

  private static String read(JsonNode event, String field) {
    JsonNode node = EvtxField.of(field).find(event);
    if (node == null) {
      return null;
    }
    FieldValue[] values = FieldValue.all(node);
    return values.length == 0 || values[0].isNull() ? null : values[0].text();
  }
}
