package dev.haechi.detection.correlation;

import dev.haechi.detection.event.EvtxField;
import dev.haechi.detection.event.FieldValue;
import dev.haechi.detection.rules.CorrelationType;
import dev.haechi.detection.rules.SigmaCorrelation;
import dev.haechi.detection.rules.SigmaRule;
import dev.haechi.detection.state.LruTable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Runs Sigma correlation rules (all seven types of v2.1) over the stream of detection matches.
 *
 * <p><b>When an alert is emitted.</b> A condition made only of lower bounds ({@code gt}, {@code
 * gte}, or a temporal type without bounds) on an aggregate that only grows as the window fills
 * ({@code event_count}, {@code value_count}, {@code value_sum}, {@code temporal}, {@code
 * temporal_ordered}) is true of a window as soon as it is true of part of it: the alert is raised
 * at the <em>first crossing</em>, the occurrence whose sliding window {@code [t − timespan, t]}
 * first satisfies it; those occurrences are then consumed, so one burst gives one alert. Every
 * other condition ({@code lt}, {@code lte}, {@code eq}, {@code neq}, ranges such as {@code gt: 2,
 * lte: 4}, and every {@code value_avg} / {@code value_percentile}) can only be judged on the whole
 * window, as a backend's aggregation over it would: the group's window opens at its first
 * occurrence, spans {@code timespan} (both edges inclusive), and is judged when it <em>closes</em>
 * — when an occurrence of the same group arrives past its end, when the stream's watermark passes
 * its end plus the late tolerance, or at {@link #flush()} (end of input); the alert carries the
 * window's end as its time. A group with no occurrence has no window (a backend's {@code stats …
 * by} has no row for it either), so {@code lt} never fires for silence.
 *
 * <p><b>Time.</b> Lateness is judged per group: an occurrence more than {@code lateTolerance} older
 * than its own group's newest is dropped and counted, so one future-dated event only affects its
 * own group. The stream's watermark (used to close idle groups' windows and to forget old groups)
 * moves forward at most {@code maxWatermarkJump} per event unless {@link
 * CorrelationSettings#CONFIRMING_EVENTS} consecutive events agree; events more than {@code
 * futureTolerance} after the clock's now are not correlated and are counted.
 *
 * <p><b>Fields.</b> {@code group-by}, condition {@code field}s and {@code aliases} are read through
 * the matched rule's processing pipelines ({@link FieldSource}). A field with several values (an
 * array) contributes all of them: every element is a value of {@code value_count} / {@code
 * value_sum}, and a group-by field with several values puts the occurrence in each value's group.
 * Non-numeric values of {@code value_sum} / {@code value_avg} / {@code value_percentile} are
 * skipped and counted ({@link #nonNumericValuesSkipped()}). An occurrence whose event lacks a
 * group-by field is not counted.
 *
 * <p>A correlation's firing is itself an occurrence for correlations that refer to it (chaining).
 * Referenced rules (and inner correlations) alert on their own only when a correlation referring to
 * them says {@code generate: true}. Not thread-safe; the caller serialises.
 */
public final class CorrelationEngine {
  /** One rule's match of an event: the rule, how to read its fields, the event. */
  public record Match(SigmaRule rule, FieldSource fields, JsonNode event) {}

  private final List<SigmaCorrelation> correlations;
  private final boolean[] judgedAtClose;

  /** Each correlation's condition bounds, made into arrays once (the windows test them often). */
  private final Bounds[] bounds;

  private final Map<String, List<Integer>> byReference = new HashMap<>();
  private final List<LruTable<GroupKey, GroupWindow>> groups = new ArrayList<>();
  private final CorrelationSettings settings;
  private final Set<String> silenced = new HashSet<>();
  private final PriorityQueue<Closing> closing =
      new PriorityQueue<>((a, b) -> a.end().compareTo(b.end()));
  private Instant watermark;
  private int ahead;
  private Instant aheadOldest;
  private long counted;

  /** Every this many occurrences, windows that time has left behind are dropped. */
  static final int SWEEP_EVERY = 4096;

  /** {@link #SWEEP_EVERY}, smaller in tests so that sweeps happen in short streams. */
  int sweepEvery = SWEEP_EVERY;

  /** At most this many groups one occurrence is counted in (group-by fields with arrays). */
  static final int MAX_GROUPS_PER_OCCURRENCE = 64;

  private long lateDropped;

  /** The groups counted on other threads (null: all here); see {@link #partition}. */
  private CorrelationPartitions partitions;

  /** The use stamp of the occurrence counted now, on a partition (see {@link GroupWindow}). */
  private long stamp;

  private long untimed;
  private long futureDropped;
  private long aheadOfWatermark;
  private long nonNumeric;

  private record Closing(Instant end, int correlation, GroupKey key, GroupWindow window) {}

  private CorrelationEngine(List<SigmaCorrelation> correlations, CorrelationSettings settings) {
    this.correlations = List.copyOf(correlations);
    this.settings = settings;
    this.judgedAtClose = new boolean[correlations.size()];
    this.bounds = new Bounds[correlations.size()];
    for (int i = 0; i < correlations.size(); i++) {
      SigmaCorrelation c = correlations.get(i);
      judgedAtClose[i] = judgedAtClose(c);
      bounds[i] = Bounds.of(c.condition());
      for (String ref : c.rules()) {
        byReference.computeIfAbsent(ref, k -> new ArrayList<>()).add(i);
      }
      groups.add(new LruTable<>(settings.maxGroups()));
    }
  }

  /** Whether {@code c} is judged on the whole window at its close (not at the first crossing). */
  public static boolean judgedAtClose(SigmaCorrelation c) {
    return !c.condition().onlyLowerBounds()
        || c.type() == CorrelationType.VALUE_AVG
        || c.type() == CorrelationType.VALUE_PERCENTILE;
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

  /** One partition of {@link CorrelationPartitions}: these correlations, none of their groups. */
  static CorrelationEngine part(List<SigmaCorrelation> correlations, CorrelationSettings settings) {
    return new CorrelationEngine(correlations, settings);
  }

  /**
   * Counts the groups of the correlations that allow it ({@link CorrelationPartitions}) in {@code
   * n} partitions from now on, with the same firings, in the same order, as counting them here;
   * nothing changes when {@code n} is 1, when no correlation allows it or when the engine is
   * partitioned already. Operations run at once on the calling thread unless a batch is open
   * ({@link #openBatch}).
   */
  public void partition(int n) {
    if (n < 2 || partitions != null) {
      return;
    }
    CorrelationPartitions p = new CorrelationPartitions(this, correlations, settings, n);
    if (p.anyOwned()) {
      p.takeFromHome();
      partitions = p;
    }
  }

  /** Whether some correlation's groups are counted in partitions. */
  public boolean partitioned() {
    return partitions != null && partitions.anyOwned();
  }

  /**
   * Until {@link #submitBatch}, the partitions' operations are queued: the firings of {@link
   * #accept} they make are known only once the batch has run ({@link #deferred}).
   */
  public void openBatch() {
    if (partitions != null) {
      partitions.open();
    }
  }

  /**
   * Runs the batch's queued operations on {@code executor}, each partition after its previous
   * batch; the future completes when they have run.
   */
  public java.util.concurrent.CompletableFuture<Void> submitBatch(
      java.util.concurrent.Executor executor) {
    if (partitions == null) {
      return java.util.concurrent.CompletableFuture.completedFuture(null);
    }
    return partitions.submit(executor);
  }

  /** Waits until every operation handed to the partitions has run. */
  public void awaitPartitions() {
    if (partitions != null) {
      partitions.awaitAll();
    }
  }

  /**
   * The firings of the last {@link #accept} made on partitions, each with its place among the
   * firings it returned (null: none); cleared by the next {@link #accept}.
   */
  public List<CorrelationPartitions.Deferred> deferred() {
    return partitions == null ? null : partitions.deferred;
  }

  LruTable<GroupKey, GroupWindow> table(int ci) {
    return groups.get(ci);
  }

  void addLateDropped(long n) {
    lateDropped += n;
  }

  /** A partition's sweep, at the engine's watermark of that moment. */
  void sweepAt(Instant at) {
    watermark = at;
    sweep();
  }

  /** A partition's count of one occurrence in one group. */
  CorrelationFired countOne(
      int ci,
      GroupKey key,
      Instant time,
      int ruleIndex,
      List<String> values,
      JsonNode event,
      long useStamp) {
    stamp = useStamp;
    return countInGroup(ci, correlations.get(ci), key, time, ruleIndex, values, event);
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

  /** Occurrences dropped as older than their group's newest less the late tolerance. */
  public long lateEventsDropped() {
    return lateDropped + (partitions == null ? 0 : partitions.lateEventsDropped());
  }

  public long eventsWithoutTime() {
    return untimed;
  }

  /** Events dated more than the future tolerance after the clock's now (not correlated). */
  public long futureEventsDropped() {
    return futureDropped;
  }

  /**
   * Events further ahead of the watermark than the allowed jump that did not move it (correlated in
   * their own group all the same).
   */
  public long eventsAheadOfWatermark() {
    return aheadOfWatermark;
  }

  /** Non-numeric values of value_sum / value_avg / value_percentile fields, skipped. */
  public long nonNumericValuesSkipped() {
    return nonNumeric;
  }

  /** The stream's watermark (null before the first timed event). */
  public Instant watermark() {
    return watermark;
  }

  /**
   * Counts {@code event}, matched by {@code matched} at event time {@code time} (null if the event
   * has none: then it is not counted), reading fields without pipelines, and returns the
   * correlations that fired, inner ones first.
   *
   * <p>Once the engine is {@link #partitioned}, the firings of the correlations counted in
   * partitions are <b>not</b> in the returned list: a caller must read them from {@link #deferred}
   * (after the batch has run, {@link #awaitPartitions}) and put them at their places, as {@code
   * DetectionEngine} does; a caller that only reads the returned list loses them.
   */
  public List<CorrelationFired> accept(JsonNode event, Instant time, List<SigmaRule> matched) {
    List<Match> m = new ArrayList<>();
    for (SigmaRule r : matched) {
      m.add(new Match(r, plain(event), event));
    }
    return accept(time, m);
  }

  /** As {@link #accept(JsonNode, Instant, List)}, reading each match's fields its own way. */
  public List<CorrelationFired> accept(Instant time, List<Match> matched) {
    List<CorrelationFired> fired = new ArrayList<>();
    if (partitions != null) {
      partitions.deferred = null;
    }
    if (time == null) {
      untimed++;
      return fired;
    }
    if (time.isAfter(settings.clock().instant().plus(settings.futureTolerance()))) {
      futureDropped++;
      return fired;
    }
    advanceWatermark(time);
    closeDue(fired);
    // the matches first, in order, then the firings they chain to (as drain would take them from
    // one queue); the queue only exists once something fired
    Deque<Object[]> pending = null;
    for (Match m : matched) {
      pending = occur(m.rule().id(), m.rule().name(), m.fields(), m.event(), time, fired, pending);
    }
    if (pending != null) {
      drain(pending, fired);
    }
    return fired;
  }

  /**
   * Closes every open window (end of input): judges the windows of correlations judged at close and
   * returns those that fired.
   */
  public List<CorrelationFired> flush() {
    List<CorrelationFired> fired = new ArrayList<>();
    while (!closing.isEmpty()) {
      Closing cl = closing.poll();
      closeWindow(cl, fired);
    }
    return fired;
  }

  private void drain(Deque<Object[]> pending, List<CorrelationFired> fired) {
    while (!pending.isEmpty()) {
      Object[] p = pending.poll();
      occur(
          (String) p[0],
          (String) p[1],
          (FieldSource) p[2],
          (JsonNode) p[3],
          (Instant) p[4],
          fired,
          pending);
    }
  }

  /**
   * Counts one occurrence in every correlation referring to its rule; each firing goes to {@code
   * fired} and, as an occurrence of its own, to the end of {@code pending} (made if null), which is
   * returned.
   */
  private Deque<Object[]> occur(
      String id,
      String name,
      FieldSource fields,
      JsonNode event,
      Instant time,
      List<CorrelationFired> fired,
      Deque<Object[]> pending) {
    for (int ci : references(id, name)) {
      if (partitions != null) {
        partitions.position = fired.size();
      }
      for (CorrelationFired f : count(ci, id, name, fields, event, time)) {
        fired.add(f);
        if (pending == null) {
          pending = new ArrayDeque<>();
        }
        pending.add(chained(f));
      }
    }
    return pending;
  }

  /** A firing as an occurrence for correlations that refer to it: its group fields first. */
  private static Object[] chained(CorrelationFired f) {
    JsonNode last = f.events().isEmpty() ? null : f.events().get(f.events().size() - 1);
    FieldSource fromEvent = last == null ? name -> List.of() : plain(last);
    FieldSource source =
        name -> {
          String v = f.group().get(name);
          return v != null ? List.of(v) : fromEvent.values(name);
        };
    return new Object[] {f.rule().id(), f.rule().name(), source, last, f.time()};
  }

  private void advanceWatermark(Instant time) {
    if (watermark == null) {
      watermark = time;
      return;
    }
    if (!time.isAfter(watermark)) {
      ahead = 0;
      aheadOldest = null;
      return;
    }
    if (!time.isAfter(watermark.plus(settings.maxWatermarkJump()))) {
      watermark = time;
      ahead = 0;
      aheadOldest = null;
      return;
    }
    aheadOfWatermark++;
    ahead++;
    aheadOldest = aheadOldest == null || time.isBefore(aheadOldest) ? time : aheadOldest;
    if (ahead >= CorrelationSettings.CONFIRMING_EVENTS) {
      // the stream really moved on (a gap in the log, not one wrongly dated event)
      watermark = aheadOldest;
      ahead = 0;
      aheadOldest = null;
    }
  }

  private void closeDue(List<CorrelationFired> fired) {
    Instant horizon = watermark.minus(settings.lateTolerance());
    while (!closing.isEmpty() && closing.peek().end().isBefore(horizon)) {
      closeWindow(closing.poll(), fired);
    }
  }

  /** Judges a closing window if it is still the group's open one. */
  private void closeWindow(Closing cl, List<CorrelationFired> fired) {
    GroupWindow w = cl.window();
    if (w.start == null || !w.end.equals(cl.end())) {
      return; // already closed by its own group, or evicted and replaced
    }
    CorrelationFired f = judge(cl.correlation(), cl.key(), w);
    if (f != null) {
      fired.add(f);
      Deque<Object[]> pending = new ArrayDeque<>();
      pending.add(chained(f));
      drain(pending, fired);
    }
  }

  /** Judges and closes {@code w}'s open window; the firing or null. */
  private CorrelationFired judge(int ci, GroupKey key, GroupWindow w) {
    SigmaCorrelation c = correlations.get(ci);
    int from = w.lower(w.start);
    int to = w.upper(w.end);
    boolean holds = w.holds(c, bounds[ci], from, to);
    List<JsonNode> events = holds ? w.events(from, to, settings.maxEventsPerAlert()) : null;
    Instant end = w.end;
    w.clearUntil(end);
    w.start = null;
    w.end = null;
    if (!holds) {
      return null;
    }
    return new CorrelationFired(c, end, groupMap(c, key), events);
  }

  private static Map<String, String> groupMap(SigmaCorrelation c, GroupKey key) {
    Map<String, String> group = new LinkedHashMap<>();
    for (int i = 0; i < c.groupBy().size(); i++) {
      group.put(c.groupBy().get(i), key.get(i));
    }
    return group;
  }

  private List<Integer> references(String id, String name) {
    List<Integer> byId = id == null ? List.of() : byReference.getOrDefault(id, List.of());
    List<Integer> byName = name == null ? List.of() : byReference.getOrDefault(name, List.of());
    if (byName.isEmpty() || byName.equals(byId)) {
      return byId; // the common cases, without a list per occurrence
    }
    if (byId.isEmpty()) {
      return byName; // a rule referred to by name only (the built-in enumeration's base rule)
    }
    List<Integer> out = new ArrayList<>(byId);
    for (int i : byName) {
      if (!out.contains(i)) {
        out.add(i);
      }
    }
    return out;
  }

  private List<CorrelationFired> count(
      int ci, String id, String name, FieldSource fields, JsonNode event, Instant time) {
    SigmaCorrelation c = correlations.get(ci);
    // (immutable lists refuse indexOf(null): a rule may have no id, or no name)
    int ruleIndex = id == null ? -1 : c.rules().indexOf(id);
    if (ruleIndex < 0 && name != null) {
      ruleIndex = c.rules().indexOf(name);
    }
    // the common case, one value per group-by field, fills one array (keys stays null); from the
    // first field with several values on, every key is extended by every value
    List<String> groupBy = c.groupBy();
    String[] single = new String[groupBy.size()];
    List<GroupKey> keys = null;
    for (int gi = 0; gi < single.length; gi++) {
      List<String> values = distinct(fields.values(field(c, groupBy.get(gi), id, name)));
      if (values.isEmpty()) {
        return List.of();
      }
      if (keys == null) {
        if (values.size() == 1) {
          single[gi] = values.get(0);
          continue;
        }
        keys = List.of(new GroupKey(java.util.Arrays.copyOf(single, gi)));
      }
      List<GroupKey> next = new ArrayList<>();
      for (GroupKey k : keys) {
        for (String v : values) {
          if (next.size() < MAX_GROUPS_PER_OCCURRENCE) {
            next.add(k.with(v));
          }
        }
      }
      keys = next;
    }
    List<String> values = conditionValues(c, fields, id, name);
    if (++counted % sweepEvery == 0) {
      sweep();
    }
    if (partitions != null
        && partitions.owns(ci)
        && partitions.reserve(ci, keys == null ? 1 : keys.size())) {
      if (keys == null) {
        partitions.occur(ci, new GroupKey(single), time, ruleIndex, values, event);
      } else {
        for (GroupKey key : keys) {
          partitions.occur(ci, key, time, ruleIndex, values, event);
        }
      }
      return List.of();
    }
    if (keys == null) {
      CorrelationFired f =
          countInGroup(ci, c, new GroupKey(single), time, ruleIndex, values, event);
      return f == null ? List.of() : List.of(f);
    }
    List<CorrelationFired> out = null;
    for (GroupKey key : keys) {
      CorrelationFired f = countInGroup(ci, c, key, time, ruleIndex, values, event);
      if (f != null) {
        if (out == null) {
          out = new ArrayList<>(1);
        }
        out.add(f);
      }
    }
    return out == null ? List.of() : out;
  }

  private List<String> conditionValues(
      SigmaCorrelation c, FieldSource fields, String id, String name) {
    List<String> names = c.condition().fields();
    if (names.isEmpty() || !c.type().needsField()) {
      return List.of();
    }
    if (names.size() == 1) {
      List<String> v = fields.values(field(c, names.get(0), id, name));
      if (c.type() != CorrelationType.VALUE_COUNT) {
        for (String s : v) {
          if (!GroupWindow.isNumber(s)) {
            nonNumeric++;
          }
        }
      }
      return v;
    }
    // several fields (value_count only): each combination of their values is one value
    List<String> combos = new ArrayList<>();
    combos.add("");
    for (String f : names) {
      List<String> v = fields.values(field(c, f, id, name));
      if (v.isEmpty()) {
        return List.of();
      }
      List<String> next = new ArrayList<>();
      for (String prefix : combos) {
        for (String s : v) {
          if (next.size() < MAX_GROUPS_PER_OCCURRENCE) {
            next.add(prefix + s.length() + ":" + s + ";");
          }
        }
      }
      combos = next;
    }
    return combos;
  }

  private static List<String> distinct(List<String> values) {
    return values.size() <= 1 ? values : new ArrayList<>(new java.util.LinkedHashSet<>(values));
  }

  private CorrelationFired countInGroup(
      int ci,
      SigmaCorrelation c,
      GroupKey key,
      Instant time,
      int ruleIndex,
      List<String> values,
      JsonNode event) {
    LruTable<GroupKey, GroupWindow> byKey = groups.get(ci);
    GroupWindow w = byKey.get(key);
    if (w == null) {
      w = new GroupWindow(settings.maxEntriesPerGroup(), settings.maxEventsPerAlert());
      byKey.put(key, w);
    }
    w.lastUse = stamp;
    if (w.newest != null && beforeMinus(time, w.newest, settings.lateTolerance())) {
      lateDropped++;
      return null;
    }
    if (judgedAtClose[ci]) {
      CorrelationFired fired = null;
      if (w.start != null && time.isAfter(w.end)) {
        fired = judge(ci, key, w);
      }
      if (w.start != null && time.isBefore(w.start)) {
        lateDropped++; // belongs to a window already judged
        return fired;
      }
      if (w.start == null) {
        w.start = time;
        w.end = time.plus(c.timespan());
        closing.add(new Closing(w.end, ci, key, w));
      }
      w.add(time, ruleIndex, values, event);
      return fired;
    }
    w.add(time, ruleIndex, values, event);
    expireLate(w, c);
    if (!time.isBefore(w.newest)) {
      // in order (the common case): only the window ending now
      return fire(ci, c, key, w, time);
    }
    // a late occurrence may complete windows that end after it: each later entry's, in order
    List<Instant> ends = new ArrayList<>();
    ends.add(time);
    int from = w.lower(time);
    int to = w.upper(time.plus(c.timespan()));
    for (int i = from; i < to; i++) {
      if (w.time(i).isAfter(time)) {
        ends.add(w.time(i));
      }
    }
    for (Instant end : ends) {
      CorrelationFired f = fire(ci, c, key, w, end);
      if (f != null) {
        return f;
      }
    }
    return null;
  }

  /** Judges the sliding window ending at {@code end}; on a firing the group's window is emptied. */
  private CorrelationFired fire(
      int ci, SigmaCorrelation c, GroupKey key, GroupWindow w, Instant end) {
    int from = lowerMinus(w, end, c.timespan());
    int to = w.upper(end);
    if (!w.holds(c, bounds[ci], from, to)) {
      return null;
    }
    List<JsonNode> events = w.events(from, to, settings.maxEventsPerAlert());
    w.clear();
    return new CorrelationFired(c, end, groupMap(c, key), events);
  }

  /**
   * Times as epoch seconds up to this far from 1970 (about 35 million years), and durations up to
   * this long, are subtracted as numbers below; anything further goes through {@code Instant},
   * which throws where it would.
   */
  private static final long SAFE_SECONDS = 1L << 50;

  private static boolean safe(Instant t, Duration d) {
    long ts = t.getEpochSecond();
    long ds = d.getSeconds();
    return ts <= SAFE_SECONDS && ts >= -SAFE_SECONDS && ds >= 0 && ds <= SAFE_SECONDS;
  }

  /** {@code time.isBefore(t.minus(d))} without the {@code Instant} in between. */
  static boolean beforeMinus(Instant time, Instant t, Duration d) {
    if (!safe(t, d)) {
      return time.isBefore(t.minus(d));
    }
    long s = secondsMinus(t, d, Duration.ZERO);
    int n = nanosMinus(t, d, Duration.ZERO);
    long x = time.getEpochSecond();
    return x < s || (x == s && time.getNano() < n);
  }

  /** {@code w.expire(w.newest.minus(lateTolerance), c)} without the {@code Instant}s in between. */
  private void expireLate(GroupWindow w, SigmaCorrelation c) {
    Duration late = settings.lateTolerance();
    Duration span = c.timespan();
    if (!safe(w.newest, late) || !safe(w.newest, span)) {
      w.expire(w.newest.minus(late), c);
      return;
    }
    w.expireBefore(secondsMinus(w.newest, late, span), nanosMinus(w.newest, late, span));
  }

  /** {@code w.lower(end.minus(span))} without the {@code Instant} in between. */
  private static int lowerMinus(GroupWindow w, Instant end, Duration span) {
    if (!safe(end, span)) {
      return w.lower(end.minus(span));
    }
    return w.lower(secondsMinus(end, span, Duration.ZERO), nanosMinus(end, span, Duration.ZERO));
  }

  /**
   * The epoch second of {@code t - a - b} (within {@link #safe} bounds): its nanosecond part,
   * {@link #nanosMinus}, borrows at most two seconds.
   */
  static long secondsMinus(Instant t, Duration a, Duration b) {
    long s = t.getEpochSecond() - a.getSeconds() - b.getSeconds();
    int n = t.getNano() - a.getNano() - b.getNano();
    return n >= 0 ? s : n >= -1_000_000_000 ? s - 1 : s - 2;
  }

  /** The nanosecond of the second of {@code t - a - b} (see {@link #secondsMinus}). */
  static int nanosMinus(Instant t, Duration a, Duration b) {
    int n = t.getNano() - a.getNano() - b.getNano();
    return n >= 0 ? n : n >= -1_000_000_000 ? n + 1_000_000_000 : n + 2_000_000_000;
  }

  /** Groups holding occurrences now, over all correlations (for tests and metrics). */
  public int groupCount() {
    int n = partitions == null ? 0 : partitions.groupCount();
    for (var g : groups) {
      n += g.size();
    }
    return n;
  }

  /**
   * Expires every group's window against the watermark (less the late tolerance) and drops the
   * empty ones: a group that receives no more events would otherwise keep its occurrences until it
   * is the least recently used of {@code maxGroups}. Open windows of correlations judged at close
   * stay until they are judged.
   */
  private void sweep() {
    Instant horizon = watermark.minus(settings.lateTolerance());
    for (int ci = 0; ci < correlations.size(); ci++) {
      Instant oldest = horizon.minus(correlations.get(ci).timespan());
      groups
          .get(ci)
          .sweep( // each window decides alone: slot order removes what access order would
              w -> w.expiresWhole(oldest.getEpochSecond(), oldest.getNano()));
    }
    if (partitions != null && partitions.anyOwned()) {
      partitions.sweep(watermark);
    }
  }

  /**
   * The rule fields (after aliases) that {@code correlations} read from an occurrence of the rule
   * with {@code id} and {@code name} (either may be null): every group-by field and condition field
   * of each correlation referring to it, without repeats, in order. Empty when none refers to it.
   */
  public static List<String> fieldsRead(
      List<SigmaCorrelation> correlations, String id, String name) {
    java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
    for (SigmaCorrelation c : correlations) {
      if (!isReferenced(id, name, new HashSet<>(c.rules()))) {
        continue;
      }
      for (String g : c.groupBy()) {
        out.add(field(c, g, id, name));
      }
      if (c.type().needsField()) {
        for (String f : c.condition().fields()) {
          out.add(field(c, f, id, name));
        }
      }
    }
    return List.copyOf(out);
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

  /** Reads fields of {@code event} by name, without pipelines. */
  public static FieldSource plain(JsonNode event) {
    return name -> values(EvtxField.of(name).find(event));
  }

  /** Every non-null value of {@code node} (array elements each), as text. */
  public static List<String> values(JsonNode node) {
    if (node == null) {
      return List.of();
    }
    if (node.isString() || node.isIntegralNumber()) {
      // the common case, without the case-folded copy FieldValue makes (text is asString here)
      return List.of(node.asString());
    }
    FieldValue[] values = FieldValue.all(node);
    List<String> out = new ArrayList<>(values.length);
    for (FieldValue v : values) {
      if (!v.isNull() && v.text() != null) {
        out.add(v.text());
      }
    }
    return out;
  }
}
