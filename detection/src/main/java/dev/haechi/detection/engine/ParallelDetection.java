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
 * disclosure baseline), the alerts, and the correlations' stream time. The groups of the
 * correlations that allow it are counted on the workers, partitioned by (correlation, group-by key)
 * hash, each partition fed its occurrences in input order (see {@code CorrelationPartitions}); a
 * batch's alerts are handed on once its partitions have run, the partitions' firings at the places
 * one thread gives them. So the alerts and their order are those of {@code threads = 1}. With one
 * thread nothing is handed to another thread at all.
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
  private final int batchSize;
  private final ArrayDeque<Batch> inFlight = new ArrayDeque<>();

  /** Completed batches whose alerts wait for their correlation partitions, in input order. */
  private final ArrayDeque<Output> outputs = new ArrayDeque<>();

  private Batch filling;
  private long evaluated;

  private static final class Batch {
    final long[] lines;
    final String[] texts;
    int size;

    Batch(int capacity) {
      lines = new long[capacity];
      texts = new String[capacity];
    }

    Future<DetectionEngine.Prepared[]> result;
  }

  /** A rejected line, kept in its place among the alerts. */
  private record Rejected(long line, InputException error) {}

  /** One completed batch's alerts and rejections, in order, until its partitions have run. */
  private static final class Output implements DetectionEngine.OrderedOutput {
    final java.util.ArrayList<Object> items = new java.util.ArrayList<>();
    java.util.concurrent.CompletableFuture<Void> counted;

    @Override
    public void accept(Alert alert) {
      items.add(alert);
    }

    @Override
    public void later(java.util.function.Supplier<Alert> alert) {
      items.add(alert);
    }
  }

  /**
   * @param threads worker threads for the stateless part (1: everything on the calling thread)
   */
  public ParallelDetection(
      DetectionEngine engine, int threads, AlertSink sink, Rejections rejections) {
    this(engine, threads, BATCH, sink, rejections);
  }

  /**
   * As {@link #ParallelDetection(DetectionEngine, int, AlertSink, Rejections)}, batches of {@code
   * batch} lines.
   */
  ParallelDetection(
      DetectionEngine engine, int threads, int batch, AlertSink sink, Rejections rejections) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be at least 1, not " + batch);
    }
    this.batchSize = batch;
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
      engine.partitionCorrelations(threads);
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
    this.batchSize = BATCH;
    this.engine = engine;
    this.sink = sink;
    this.rejections = rejections;
    this.ownsPool = false;
    this.pool = threads == 1 ? null : pool;
    this.maxInFlight = 4 * threads;
    if (this.pool != null) {
      engine.partitionCorrelations(threads);
    }
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
      filling = new Batch(batchSize);
    }
    filling.lines[filling.size] = line;
    filling.texts[filling.size++] = text;
    if (filling.size == batchSize) {
      submit();
    }
    while (inFlight.size() > maxInFlight
        || (!inFlight.isEmpty() && inFlight.peek().result.isDone())) {
      completeHead();
    }
    while (outputs.size() > maxInFlight
        || (!outputs.isEmpty() && outputs.peek().counted.isDone())) {
      send(outputs.poll());
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
    while (!outputs.isEmpty()) {
      send(outputs.poll());
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
    Output out = new Output();
    out.counted =
        engine.completeBatch(
            prepared, out, i -> out.items.add(new Rejected(b.lines[i], prepared[i].error())), pool);
    for (DetectionEngine.Prepared p : prepared) {
      if (p.error() == null) {
        evaluated++;
      }
    }
    outputs.add(out);
  }

  /** Hands on a batch's alerts and rejections, in order, once its partitions have run. */
  private void send(Output out) {
    try {
      out.counted.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
    for (Object o : out.items) {
      if (o instanceof Alert a) {
        sink.accept(a);
      } else if (o instanceof Rejected r) {
        rejections.rejected(r.line(), r.error());
      } else {
        @SuppressWarnings("unchecked")
        Alert a = ((java.util.function.Supplier<Alert>) o).get();
        if (a != null) {
          sink.accept(a);
        }
      }
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
