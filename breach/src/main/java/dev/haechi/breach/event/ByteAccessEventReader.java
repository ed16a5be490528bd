package dev.haechi.breach.event;

import dev.haechi.breach.event.AccessEventReader.BadLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The import's reader: the same lines, line numbers, events and bad lines as {@link
 * AccessEventReader#read} (the reference), but read as bytes in blocks of whole lines, parsed by
 * {@link ByteEventParser} on worker threads (one block each), and handed to the consumer in file
 * order by the calling thread. A line the byte parser does not take (anything but the plain case)
 * is decoded as UTF-8 exactly as the reference's reader decodes it and parsed by {@link
 * FastAccessEventParser}, which in turn leaves every refusal to the reference: the errors are the
 * reference's by construction. Invalid UTF-8 fails the file as the reference's reader does.
 */
public final class ByteAccessEventReader {
  /** Bytes read per block (a block is cut after its last line break). */
  static final int BLOCK = 1 << 20;

  /** Lines longer than this go to the slower path (keeps the byte parser's limits simple). */
  static final int MAX_FAST_LINE = 32 * 1024;

  private ByteAccessEventReader() {}

  /** As {@link AccessEventReader#read(Path, Consumer, List)}. */
  public static void read(Path file, Consumer<AccessEvent> events, List<BadLine> bad)
      throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      read(in, file.toString(), events, bad, Runtime.getRuntime().availableProcessors(), BLOCK);
    }
  }

  /**
   * As {@link #read(Path, Consumer, List)}, the events handed over as blocks of columns (in file
   * order) whose repeated values have ids in {@code dicts}; {@code progress} is told the bytes read
   * so far after each block.
   */
  public static void readColumns(
      Path file,
      EventColumns.Dictionaries dicts,
      Consumer<EventColumns> blocks,
      List<BadLine> bad,
      LongConsumer progress)
      throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      readColumns(
          in,
          file.toString(),
          dicts,
          blocks,
          bad,
          Runtime.getRuntime().availableProcessors(),
          BLOCK,
          progress);
    }
  }

  /** One block's result: events in order, bad lines (numbered within the block), lines seen. */
  private record Parsed(EventColumns events, List<BadLine> bad, long lines, long bytesRead) {}

  /**
   * As {@link AccessEventReader#read(java.io.BufferedReader, String, Consumer, List)} from bytes,
   * on {@code threads} parsing threads, {@code block} bytes per read.
   */
  public static void read(
      InputStream in,
      String name,
      Consumer<AccessEvent> events,
      List<BadLine> bad,
      int threads,
      int block)
      throws IOException {
    readColumns(
        in,
        name,
        new EventColumns.Dictionaries(),
        cols -> {
          for (int i = 0; i < cols.rows(); i++) {
            events.accept(cols.event(i));
          }
        },
        bad,
        threads,
        block,
        read -> {});
  }

  /** As {@link #readColumns(Path, EventColumns.Dictionaries, Consumer, List, LongConsumer)}. */
  public static void readColumns(
      InputStream in,
      String name,
      EventColumns.Dictionaries dicts,
      Consumer<EventColumns> blocks,
      List<BadLine> bad,
      int threads,
      int block,
      LongConsumer progress)
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
    // read buffers go back to this queue once parsed (the parse copies what it keeps)
    java.util.concurrent.ConcurrentLinkedQueue<byte[]> free =
        new java.util.concurrent.ConcurrentLinkedQueue<>();
    long[] lineBase = {0};
    long total = 0;
    java.util.concurrent.atomic.AtomicLong parseCpu = new java.util.concurrent.atomic.AtomicLong();
    long main0 = TIMING ? threadCpu() : 0;
    try {
      byte[] carry = new byte[0];
      int carryLen = 0;
      boolean eof = false;
      while (!eof) {
        int want = Math.max(block, carryLen * 2);
        byte[] reuse = free.poll();
        byte[] buf = reuse != null && reuse.length >= want ? reuse : new byte[want];
        System.arraycopy(carry, 0, buf, 0, carryLen);
        int len = carryLen;
        // fill the block; at EOF the rest is the last piece
        while (len < buf.length) {
          int r = in.read(buf, len, buf.length - len);
          if (r < 0) {
            eof = true;
            break;
          }
          len += r;
        }
        total += len - carryLen;
        int cut;
        if (eof) {
          cut = len;
        } else {
          cut = lastNewline(buf, len) + 1;
          if (cut == 0) { // one line longer than the block: read on with a bigger one
            carry = buf;
            carryLen = len;
            continue;
          }
        }
        carry = Arrays.copyOfRange(buf, cut, len);
        carryLen = carry.length;
        if (cut == 0) {
          break;
        }
        int size = cut;
        boolean last = eof;
        long readSoFar = total;
        pending.add(
            pool.submit(
                () -> {
                  long c0 = TIMING ? threadCpu() : 0;
                  Parsed p = parse(buf, size, last, name, dicts, readSoFar);
                  free.offer(buf);
                  if (TIMING) {
                    parseCpu.addAndGet(threadCpu() - c0);
                  }
                  return p;
                }));
        while (pending.size() >= depth) {
          deliver(pending.poll(), blocks, bad, lineBase, progress);
        }
      }
      while (!pending.isEmpty()) {
        deliver(pending.poll(), blocks, bad, lineBase, progress);
      }
      if (TIMING) {
        System.err.printf(
            "read %s: parsing threads %.2f s CPU, reading thread %.2f s CPU%n",
            name, parseCpu.get() / 1e9, (threadCpu() - main0) / 1e9);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** {@code -Dhaechi.store.timing=true} prints the CPU time of parsing and reading. */
  private static final boolean TIMING = Boolean.getBoolean("haechi.store.timing");

  private static long threadCpu() {
    return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  private static int lastNewline(byte[] buf, int len) {
    for (int i = len - 1; i >= 0; i--) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static final ThreadLocal<ByteEventParser> PARSER =
      ThreadLocal.withInitial(ByteEventParser::new);

  /**
   * Parses the lines of {@code buf[0, len)}: lines end at {@code \n}, {@code \r} or {@code \r\n} as
   * for {@link java.io.BufferedReader#readLine()}; the block ends after a {@code \n}, or is the
   * file's last piece ({@code last}), whose final line may have no terminator.
   */
  static Parsed parse(
      byte[] buf,
      int len,
      boolean last,
      String name,
      EventColumns.Dictionaries dicts,
      long bytesRead) {
    ByteEventParser parser = PARSER.get();
    EventColumns out = new EventColumns(dicts, len / 256 + 16);
    List<BadLine> bad = new ArrayList<>();
    long line = 0;
    int i = 0;
    while (i < len) {
      line++; // a line starts at i
      int lineEnd;
      int rowsBefore = out.rows();
      int arenaBefore = out.arenaLen;
      if (parser.parseLine(buf, i, len, out) && parser.lineEnd() - i <= MAX_FAST_LINE) {
        lineEnd = parser.lineEnd();
      } else {
        out.rows = rowsBefore; // a too-long line the parser took is read again the slow way
        out.arenaLen = arenaBefore;
        lineEnd = i;
        while (lineEnd < len && buf[lineEnd] != '\n' && buf[lineEnd] != '\r') {
          lineEnd++;
        }
        slow(buf, i, lineEnd, line, name, out, bad);
      }
      if (lineEnd == len) { // the last piece's final line, unterminated
        break;
      }
      byte c = buf[lineEnd];
      i = lineEnd + 1;
      if (c == '\r' && i < len && buf[i] == '\n') {
        i++;
      }
    }
    return new Parsed(out, bad, line, bytesRead);
  }

  /** A line the byte parser did not take: blank, or decoded and left to the slower parsers. */
  private static void slow(
      byte[] buf, int from, int to, long line, String name, EventColumns out, List<BadLine> bad) {
    if (ByteEventParser.asciiBlank(buf, from, to)) {
      return;
    }
    String text = decode(buf, from, to);
    if (text.isBlank()) {
      return;
    }
    AccessEvent e;
    try {
      e = FastAccessEventParser.parse(text);
    } catch (IllegalArgumentException ex) {
      bad.add(new BadLine(name, line, ex.getMessage()));
      return;
    }
    out.add(e);
  }

  /** UTF-8 as the reference's reader decodes it: malformed input fails (the whole file). */
  private static String decode(byte[] buf, int from, int to) {
    try {
      CharBuffer c =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(buf, from, to - from));
      return c.toString();
    } catch (CharacterCodingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deliver(
      Future<Parsed> f,
      Consumer<EventColumns> blocks,
      List<BadLine> bad,
      long[] lineBase,
      LongConsumer progress)
      throws IOException {
    Parsed p;
    try {
      p = f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading events", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IOException(c);
    }
    if (p.events().rows() > 0) {
      blocks.accept(p.events());
    }
    long base = lineBase[0];
    for (BadLine b : p.bad()) {
      bad.add(new BadLine(b.file(), base + b.line(), b.reason()));
    }
    lineBase[0] = base + p.lines();
    progress.accept(p.bytesRead());
  }
}
