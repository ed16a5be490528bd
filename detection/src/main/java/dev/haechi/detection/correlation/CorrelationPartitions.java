package dev.haechi.detection.correlation;

import dev.haechi.detection.rules.SigmaCorrelation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import tools.jackson.databind.JsonNode;

/**
 * The groups of a {@link CorrelationEngine}'s partitionable correlations, spread over {@code n}
 * partitions by (correlation, group key) hash, so that several threads count occurrences at once
 * (issue 18 item 2). The engine stays the dispatcher: it reads the stream's time (watermark, clock,
 * the sweep counter), computes each occurrence's group keys and hands each (correlation, key) to
 * its partition as an operation, in input order; a partition runs its operations in that order on
 * its own {@link CorrelationEngine} (the same {@code countInGroup} the engine runs), so each group
 * sees exactly the occurrences, in exactly the order, that the engine alone would give it.
 *
 * <p><b>Which correlations.</b> Only those whose groups never meet: judged at the first crossing
 * (no window closes on the stream's watermark, so no queue of closing windows orders groups against
 * each other), not referring to another correlation and not referred to by one (no firing becomes
 * an occurrence elsewhere). The others stay in the engine, on the dispatching thread.
 *
 * <p><b>What still couples groups, and how it stays exact.</b> (1) The periodic sweep runs at a
 * point of the stream the engine's counter decides, with the watermark of that moment: it is sent
 * to every partition as an operation at that point. (2) A correlation keeps at most {@code
 * maxGroups} groups, the least recently used evicted — across all its groups. No partition evicts
 * (their tables are unbounded); instead the engine bounds the correlation's groups from above (the
 * count at the last moment every partition was idle, plus every key handed out since, each of which
 * adds at most one group). While the bound stays within {@code maxGroups} no eviction can happen
 * alone or together. When it would pass it, the engine waits for the partitions and recounts; if
 * the true count is still too close, the groups go back to the engine in their global access order
 * (each group carries the stamp of its last use, a sequence the engine hands out) and the engine
 * counts them alone from then on, evictions included. (3) A partition's firings come back into the
 * engine's output at the place the engine alone would have put them ({@link Deferred}).
 *
 * <p>Operations run on the calling thread at once ({@link #inline}) unless a batch is open ({@link
 * #open}): then they are queued, and {@link #submit} runs each partition's queue after its previous
 * one, on an executor. Guarded by the engine's lock, like the engine.
 */
public final class CorrelationPartitions {
  /** A (correlation, group) occurrence or a sweep, to run on one partition. */
  static final class Op {
    final int ci;
    final GroupKey key;
    final Instant time;
    final int ruleIndex;
    final List<String> values;
    final JsonNode event;
    final long stamp;
    CorrelationFired result;

    Op(
        int ci,
        GroupKey key,
        Instant time,
        int ruleIndex,
        List<String> values,
        JsonNode event,
        long stamp) {
      this.ci = ci;
      this.key = key;
      this.time = time;
      this.ruleIndex = ruleIndex;
      this.values = values;
      this.event = event;
      this.stamp = stamp;
    }
  }

  /** A partition's firing (or not) of one occurrence, at its place among the engine's firings. */
  public static final class Deferred {
    final Op op;
    final int position;

    Deferred(Op op, int position) {
      this.op = op;
      this.position = position;
    }

    /** The firing, or null; read only once the batch it was queued in has run. */
    public CorrelationFired result() {
      return op.result;
    }

    /** How many of the engine's own firings of the same event come before this one. */
    public int position() {
      return position;
    }
  }

  private final CorrelationEngine home;
  private final CorrelationEngine[] parts;
  private final boolean[] owned;
  private final int maxGroups;
  private final CompletableFuture<?>[] chains;
  private final List<Op>[] queued;
  private final int[] countedAtSync;
  private final int[] handedOutSinceSync;
  private long stamps;
  private boolean open;
  private boolean anyOwned;

  /** Where the engine's firings stood when the next deferred firing was made. */
  int position;

  /** The current event's deferred firings, or null. */
  List<Deferred> deferred;

  @SuppressWarnings({"unchecked", "rawtypes"})
  CorrelationPartitions(
      CorrelationEngine home,
      List<SigmaCorrelation> correlations,
      CorrelationSettings settings,
      int n) {
    this.home = home;
    this.maxGroups = settings.maxGroups();
    this.owned = partitionable(correlations);
    for (boolean b : owned) {
      anyOwned |= b;
    }
    CorrelationSettings unbounded =
        new CorrelationSettings(
            settings.lateTolerance(),
            Integer.MAX_VALUE,
            settings.maxEntriesPerGroup(),
            settings.maxEventsPerAlert(),
            settings.maxWatermarkJump(),
            settings.futureTolerance(),
            settings.clock());
    this.parts = new CorrelationEngine[n];
    this.chains = new CompletableFuture<?>[n];
    this.queued = new List[n];
    for (int p = 0; p < n; p++) {
      parts[p] = CorrelationEngine.part(correlations, unbounded);
      chains[p] = CompletableFuture.completedFuture(null);
      queued[p] = new ArrayList<>();
    }
    this.countedAtSync = new int[owned.length];
    this.handedOutSinceSync = new int[owned.length];
  }

  /**
   * By correlation: whether its groups may be counted apart (judged at the first crossing, no
   * chaining either way).
   */
  static boolean[] partitionable(List<SigmaCorrelation> correlations) {
    Set<String> names = new HashSet<>();
    Set<String> referred = new HashSet<>();
    for (SigmaCorrelation c : correlations) {
      if (c.id() != null) {
        names.add(c.id());
      }
      if (c.name() != null) {
        names.add(c.name());
      }
      referred.addAll(c.rules());
    }
    boolean[] out = new boolean[correlations.size()];
    for (int i = 0; i < out.length; i++) {
      SigmaCorrelation c = correlations.get(i);
      boolean chained =
          (c.id() != null && referred.contains(c.id()))
              || (c.name() != null && referred.contains(c.name()));
      for (String r : c.rules()) {
        chained |= names.contains(r);
      }
      out[i] = !chained && !CorrelationEngine.judgedAtClose(c);
    }
    return out;
  }

  int size() {
    return parts.length;
  }

  boolean anyOwned() {
    return anyOwned;
  }

  boolean owns(int ci) {
    return anyOwned && owned[ci];
  }

  /** Moves the engine's groups of the owned correlations into the partitions, order kept. */
  void takeFromHome() {
    for (int ci = 0; ci < owned.length; ci++) {
      if (!owned[ci]) {
        continue;
      }
      List<GroupWindow> nodes = new ArrayList<>();
      home.table(ci).forEach(nodes::add);
      List<GroupKey> keys = new ArrayList<>(nodes.size());
      for (GroupWindow w : nodes) {
        keys.add(w.key());
      }
      home.table(ci).clear();
      for (int i = 0; i < nodes.size(); i++) {
        GroupWindow w = nodes.get(i);
        w.lastUse = ++stamps;
        parts[partition(ci, keys.get(i))].table(ci).put(keys.get(i), w);
      }
      countedAtSync[ci] = nodes.size();
    }
  }

  private int partition(int ci, GroupKey key) {
    int h = key.hashCode() * 31 + ci;
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    return Math.floorMod(h, parts.length);
  }

  /**
   * Reserves room for {@code keys} more groups of correlation {@code ci}; false when the
   * correlation cannot stay partitioned without possibly passing {@code maxGroups}: its groups are
   * then back in the engine (and every correlation's, to keep one place per correlation simple),
   * and the caller counts them itself.
   */
  boolean reserve(int ci, int keys) {
    if ((long) countedAtSync[ci] + handedOutSinceSync[ci] + keys <= maxGroups) {
      handedOutSinceSync[ci] += keys;
      return true;
    }
    sync();
    if ((long) countedAtSync[ci] + keys <= maxGroups) {
      handedOutSinceSync[ci] += keys;
      return true;
    }
    giveBack();
    return false;
  }

  /** Runs everything queued and waits for the partitions; recounts the groups. */
  private void sync() {
    awaitAll();
    for (int p = 0; p < parts.length; p++) {
      List<Op> q = queued[p];
      for (Op op : q) {
        run(parts[p], op);
      }
      q.clear();
    }
    Arrays.fill(handedOutSinceSync, 0);
    for (int ci = 0; ci < owned.length; ci++) {
      int n = 0;
      if (owned[ci]) {
        for (CorrelationEngine part : parts) {
          n += part.table(ci).size();
        }
      }
      countedAtSync[ci] = n;
    }
  }

  /**
   * Everything back into the engine's tables, each correlation's groups in the order of their last
   * use across the partitions (the order one table would have kept), and the late occurrences the
   * partitions counted into the engine's count; the partitions are emptied and own nothing more.
   */
  void giveBack() {
    sync();
    for (int ci = 0; ci < owned.length; ci++) {
      if (!owned[ci]) {
        continue;
      }
      List<GroupWindow> nodes = new ArrayList<>();
      for (CorrelationEngine part : parts) {
        part.table(ci).forEach(nodes::add);
      }
      nodes.sort((a, b) -> Long.compare(a.lastUse, b.lastUse));
      List<GroupKey> keys = new ArrayList<>(nodes.size());
      for (GroupWindow w : nodes) {
        keys.add(w.key());
      }
      for (CorrelationEngine part : parts) {
        part.table(ci).clear();
      }
      for (int i = 0; i < nodes.size(); i++) {
        home.table(ci).put(keys.get(i), nodes.get(i));
      }
      owned[ci] = false;
    }
    anyOwned = false;
    for (CorrelationEngine part : parts) {
      home.addLateDropped(part.lateEventsDropped());
      part.addLateDropped(-part.lateEventsDropped());
    }
  }

  /** Queues (or runs) one occurrence of group {@code key} of correlation {@code ci}. */
  void occur(
      int ci, GroupKey key, Instant time, int ruleIndex, List<String> values, JsonNode event) {
    Op op = new Op(ci, key, time, ruleIndex, values, event, ++stamps);
    int p = partition(ci, key);
    if (open) {
      queued[p].add(op);
    } else {
      awaitAll();
      run(parts[p], op);
    }
    if (deferred == null) {
      deferred = new ArrayList<>(2);
    }
    deferred.add(new Deferred(op, position));
  }

  /** Sweeps every partition at the engine's watermark {@code watermark}. */
  void sweep(Instant watermark) {
    Op op = new Op(-1, null, watermark, 0, null, null, 0);
    for (int p = 0; p < parts.length; p++) {
      if (open) {
        queued[p].add(op);
      } else {
        awaitAll();
        run(parts[p], op);
      }
    }
  }

  private static void run(CorrelationEngine part, Op op) {
    if (op.ci < 0) {
      part.sweepAt(op.time);
    } else {
      op.result =
          part.countOne(op.ci, op.key, op.time, op.ruleIndex, op.values, op.event, op.stamp);
    }
  }

  /** From now until {@link #submit}, operations are queued instead of run. */
  void open() {
    open = true;
  }

  /**
   * Runs each partition's queued operations after its previous ones, on {@code executor}; the
   * returned future completes when all have run.
   */
  CompletableFuture<Void> submit(Executor executor) {
    open = false;
    List<CompletableFuture<?>> touched = new ArrayList<>();
    for (int p = 0; p < parts.length; p++) {
      if (queued[p].isEmpty()) {
        continue;
      }
      List<Op> ops = queued[p];
      queued[p] = new ArrayList<>(Math.max(16, ops.size()));
      CorrelationEngine part = parts[p];
      chains[p] =
          chains[p].thenRunAsync(
              () -> {
                for (Op op : ops) {
                  run(part, op);
                }
              },
              executor);
      touched.add(chains[p]);
    }
    return CompletableFuture.allOf(touched.toArray(new CompletableFuture<?>[0]));
  }

  /** Waits until every submitted operation has run (rethrows what a partition threw). */
  void awaitAll() {
    for (int p = 0; p < chains.length; p++) {
      CompletableFuture<?> c = chains[p];
      if (c.isDone() && !c.isCompletedExceptionally()) {
        continue;
      }
      try {
        c.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw e;
      }
    }
  }

  /** Groups held by the partitions (after waiting for them). */
  int groupCount() {
    awaitAll();
    int n = 0;
    for (CorrelationEngine part : parts) {
      n += part.groupCount();
    }
    return n;
  }

  /** Occurrences the partitions dropped as late (after waiting for them). */
  long lateEventsDropped() {
    awaitAll();
    long n = 0;
    for (CorrelationEngine part : parts) {
      n += part.lateEventsDropped();
    }
    return n;
  }
}
