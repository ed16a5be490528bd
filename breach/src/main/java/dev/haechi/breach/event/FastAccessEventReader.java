package dev.haechi.breach.event;

import dev.haechi.breach.event.AccessEventReader.BadLine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The import's reader: the same lines, line numbers, events and bad lines as {@link
 * AccessEventReader#read} (the reference, kept for comparison), but parsed with {@link
 * FastAccessEventParser} on worker threads in chunks, while the calling thread reads the file and
 * hands events to the consumer, in file order.
 */
public final class FastAccessEventReader {
  static final int CHUNK = 4096;

  private FastAccessEventReader() {}

  /** As {@link AccessEventReader#read(Path, Consumer, List)}. */
  public static void read(Path file, Consumer<AccessEvent> events, List<BadLine> bad)
      throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      read(in, file.toString(), events, bad, Runtime.getRuntime().availableProcessors());
    }
  }

  /** Parsed chunk: events in order, and the bad lines among them. */
  private record Parsed(List<AccessEvent> events, List<BadLine> bad) {}

  /** As {@link AccessEventReader#read(BufferedReader, String, Consumer, List)} on threads. */
  public static void read(
      BufferedReader in, String name, Consumer<AccessEvent> events, List<BadLine> bad, int threads)
      throws IOException {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, threads),
            r -> {
              Thread t = new Thread(r, "event-parse");
              t.setDaemon(true);
              return t;
            });
    ArrayDeque<Future<Parsed>> pending = new ArrayDeque<>();
    int depth = Math.max(2, threads * 3);
    try {
      long n = 0;
      boolean more = true;
      while (more) {
        String[] lines = new String[CHUNK];
        long first = n + 1;
        int count = 0;
        String line;
        while (count < CHUNK && (line = in.readLine()) != null) {
          lines[count++] = line;
        }
        n += count;
        more = count == CHUNK;
        if (count == 0) {
          break;
        }
        int size = count;
        pending.add(pool.submit(() -> parse(lines, size, first, name)));
        while (pending.size() >= depth) {
          deliver(pending.poll(), events, bad);
        }
      }
      while (!pending.isEmpty()) {
        deliver(pending.poll(), events, bad);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static Parsed parse(String[] lines, int count, long first, String name) {
    List<AccessEvent> out = new ArrayList<>(count);
    List<BadLine> bad = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      try {
        out.add(FastAccessEventParser.parse(line));
      } catch (IllegalArgumentException e) {
        bad.add(new BadLine(name, first + i, e.getMessage()));
      }
    }
    return new Parsed(out, bad);
  }

  private static void deliver(Future<Parsed> f, Consumer<AccessEvent> events, List<BadLine> bad)
      throws IOException {
    Parsed p;
    try {
      p = f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading events", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new UncheckedIOException(new IOException(c));
    }
    p.events().forEach(events);
    bad.addAll(p.bad());
  }
}
