package dev.haechi.detection.engine;

import dev.haechi.core.InputException;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Judges a stream of event lines on several threads with exactly the output of one thread (issue 18
 * item 2). Lines are cut into batches; worker threads parse each batch and evaluate every rule that
 * keeps no stream state ({@link DetectionEngine#prepare}); the calling thread completes the batches
 * strictly in input order ({@link DetectionEngine#complete}): the rules that read stream state (the
 * disclosure baseline), the alerts, and every correlation. Correlations therefore see the events in
 * input order, whatever the group-by key, and the alerts come out in the order {@code threads = 1}
 * gives. With one thread nothing is handed to another thread at all.
 *
 * <p>Not thread-safe: one caller feeds lines and receives alerts and rejections on its own thread.
 */
public final class ParallelDetection implements AutoCloseable {
  /** Lines per batch handed to a worker. */
  static final int BATCH = 256;

  /** Receives a line the engine rejected (too large, not a JSON object), in input order. */
  @FunctionalInterface
  public interface Rejections {
    void rejected(long line, InputException e);
  }

  private final DetectionEngine engine;
  private final AlertSink sink;
  private final Rejections rejections;
  private final ExecutorService pool;
  private final boolean ownsPool;
  private final int maxInFlight;
  private final ArrayDeque<Batch> inFlight = new ArrayDeque<>();
  private Batch filling;
  private long evaluated;

  private static final class Batch {
    final long[] lines = new long[BATCH];
    final String[] texts = new String[BATCH];
    int size;
    Future<DetectionEngine.Prepared[]> result;
  }

  /**
   * @param threads worker threads for the stateless part (1: everything on the calling thread)
   */
  public ParallelDetection(
      DetectionEngine engine, int threads, AlertSink sink, Rejections rejections) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, not " + threads);
    }
    this.engine = engine;
    this.sink = sink;
    this.rejections = rejections;
    this.ownsPool = true;
    if (threads == 1) {
      this.pool = null;
      this.maxInFlight = 0;
    } else {
      AtomicInteger n = new AtomicInteger();
      this.pool =
          Executors.newFixedThreadPool(
              threads,
              r -> {
                Thread t = new Thread(r, "haechi-detect-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      this.maxInFlight = 4 * threads;
    }
  }

  /**
   * As {@link #ParallelDetection(DetectionEngine, int, AlertSink, Rejections)}, preparing on {@code
   * pool} (shared, for instance by the server's batches; not shut down by {@link #close}) with at
   * most {@code 4 × threads} batches in flight; {@code pool} null or {@code threads} 1: everything
   * on the calling thread.
   */
  public ParallelDetection(
      DetectionEngine engine,
      ExecutorService pool,
      int threads,
      AlertSink sink,
      Rejections rejections) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, not " + threads);
    }
    this.engine = engine;
    this.sink = sink;
    this.rejections = rejections;
    this.ownsPool = false;
    this.pool = threads == 1 ? null : pool;
    this.maxInFlight = 4 * threads;
  }

  /** Events evaluated so far (lines not rejected), counted as they complete. */
  public long evaluated() {
    return evaluated;
  }

  /** Evaluates (or queues) the event on line {@code line}; completes what is due, in order. */
  public void accept(long line, String text) {
    if (pool == null) {
      complete(line, engine.prepare(text));
      return;
    }
    if (filling == null) {
      filling = new Batch();
    }
    filling.lines[filling.size] = line;
    filling.texts[filling.size++] = text;
    if (filling.size == BATCH) {
      submit();
    }
    while (inFlight.size() > maxInFlight
        || (!inFlight.isEmpty() && inFlight.peek().result.isDone())) {
      completeHead();
    }
  }

  /** Completes every queued event (end of input, or before the engine's own flush). */
  public void finish() {
    if (pool == null) {
      return;
    }
    if (filling != null && filling.size > 0) {
      submit();
    }
    while (!inFlight.isEmpty()) {
      completeHead();
    }
  }

  private void submit() {
    Batch b = filling;
    filling = null;
    // the worker reads only the engine and the batch, never this object, which the calling thread
    // writes for every event (a shared cache line would bounce between the cores)
    DetectionEngine e = engine;
    b.result =
        pool.submit(
            () -> {
              DetectionEngine.Prepared[] out = new DetectionEngine.Prepared[b.size];
              for (int i = 0; i < b.size; i++) {
                out[i] = e.prepare(b.texts[i]);
                b.texts[i] = null;
              }
              return out;
            });
    inFlight.add(b);
  }

  private void completeHead() {
    Batch b = inFlight.poll();
    DetectionEngine.Prepared[] prepared;
    try {
      prepared = b.result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while detecting", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
    for (int i = 0; i < prepared.length; i++) {
      complete(b.lines[i], prepared[i]);
    }
  }

  private void complete(long line, DetectionEngine.Prepared p) {
    if (p.error() != null) {
      rejections.rejected(line, p.error());
      return;
    }
    engine.complete(p, sink);
    evaluated++;
  }

  @Override
  public void close() {
    if (pool != null && ownsPool) {
      pool.shutdownNow();
    }
  }
}
