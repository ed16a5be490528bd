package dev.haechi.benchmarks;

import dev.haechi.detection.builtin.BuiltinRules;
import dev.haechi.detection.engine.AlertJson;
import dev.haechi.detection.engine.DetectionEngine;
import dev.haechi.detection.identity.IdentityAwareEngine;
import dev.haechi.detection.identity.IdentityContext;
import dev.haechi.detection.identity.LeaverGuardIdentity;
import dev.haechi.detection.pipeline.PipelineLoader;
import dev.haechi.detection.rules.RuleLoader;
import dev.haechi.detection.rules.RuleSet;
import java.io.BufferedReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import java.util.stream.Stream;

/**
 * Compares two builds of the engine on workload (a) in one JVM, for a machine too loaded for
 * separate runs to tell a few percent apart: each build (a class path: a jar, or a directory of
 * changed classes before a jar) is loaded by its own class loader under the platform loader and
 * builds its own identity-aware engine over the gateway file; the two are fed chunks of events
 * alternately, who goes first alternating, and each one's thread CPU is summed after the warm-up.
 * Prints both sides' CPU, the total ratio new/base, the median of the per-chunk ratios, and each
 * side's alert count and a digest (SHA-256 over every {@code AlertJson} line), and exits with 1
 * when they differ. Thread CPU leaves out the collector's and the compiler's threads, so a change
 * in allocation shows only in part. Run it again with the sides swapped: the side that runs second
 * in a pair has come out 1.5–2 % slower in either role on a loaded machine, so a step counts only
 * when it wins in both orders.
 *
 * <pre>
 * java -Xmx2g -cp benchmarks/target/haechi-benchmarks.jar dev.haechi.benchmarks.PairedEngineRun \
 *     BASE_CLASSPATH NEW_CLASSPATH DIR none|SIGMA_DIR [CHUNK=10000] [WARM=200000]
 * </pre>
 *
 * ({@code DIR} from {@code GatewayDetectionRun 1.0 … DIR}.) Both class paths must hold this class;
 * for a jar built before it, put a directory holding only the compiled {@code
 * PairedEngineRun*.class} first on that side's path.
 */
public final class PairedEngineRun {
  private PairedEngineRun() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println(
          "usage: PairedEngineRun BASE_CLASSPATH NEW_CLASSPATH DIR none|SIGMA [CHUNK] [WARM]");
      System.exit(2);
    }
    int chunk = args.length > 4 ? Integer.parseInt(args[4]) : 10_000;
    int warm = args.length > 5 ? Integer.parseInt(args[5]) : 200_000;
    IntUnaryOperator base = side(args[0], args[2], args[3]);
    IntUnaryOperator next = side(args[1], args[2], args[3]);
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    long baseCpu = 0;
    long nextCpu = 0;
    long events = 0;
    List<Double> ratios = new ArrayList<>();
    boolean baseFirst = true;
    while (true) {
      long[] b = new long[2];
      long[] n = new long[2];
      if (baseFirst) {
        run(base, chunk, cpu, b);
        run(next, chunk, cpu, n);
      } else {
        run(next, chunk, cpu, n);
        run(base, chunk, cpu, b);
      }
      baseFirst = !baseFirst;
      if (b[0] == 0 && n[0] == 0) {
        break;
      }
      if (b[0] != n[0]) {
        throw new IllegalStateException("the two sides read different numbers of lines");
      }
      events += b[0];
      if (events > warm && b[0] == chunk) {
        baseCpu += b[1];
        nextCpu += n[1];
        ratios.add((double) n[1] / b[1]);
      }
    }
    if (ratios.isEmpty()) {
      throw new IllegalStateException("no chunk measured: fewer events than the warm-up");
    }
    Collections.sort(ratios);
    long measured = ratios.size() * (long) chunk;
    System.out.printf(
        "%d events, %d measured: base %.2f s CPU (%.0f per CPU-s), new %.2f s CPU (%.0f per CPU-s);"
            + " total ratio new/base %.3f, median chunk ratio %.3f%n",
        events,
        measured,
        baseCpu / 1e9,
        measured / (baseCpu / 1e9),
        nextCpu / 1e9,
        measured / (nextCpu / 1e9),
        (double) nextCpu / baseCpu,
        ratios.get(ratios.size() / 2));
    // toString ends the digest: once per side
    String baseAlerts = base.toString();
    String nextAlerts = next.toString();
    System.out.println("base: " + baseAlerts);
    System.out.println("new:  " + nextAlerts);
    if (!baseAlerts.equals(nextAlerts)) {
      System.err.println("the two builds gave different alerts: their CPU is not comparable");
      System.exit(1);
    }
  }

  private static void run(IntUnaryOperator side, int chunk, ThreadMXBean cpu, long[] out) {
    long t0 = cpu.getCurrentThreadCpuTime();
    out[0] = side.applyAsInt(chunk);
    out[1] = cpu.getCurrentThreadCpuTime() - t0;
  }

  private static IntUnaryOperator side(String classPath, String dir, String sigma)
      throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : classPath.split(java.io.File.pathSeparator)) {
      urls.add(Path.of(entry).toUri().toURL());
    }
    ClassLoader loader =
        new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    return (IntUnaryOperator)
        Class.forName(Side.class.getName(), true, loader)
            .getConstructor(String.class, String.class)
            .newInstance(dir, sigma);
  }

  /** One build's engine over the gateway file, fed in chunks (loaded once per class loader). */
  public static final class Side implements IntUnaryOperator {
    private final DetectionEngine engine;
    private final BufferedReader in;
    private final MessageDigest digest;
    private long alerts;
    private long lines;

    public Side(String dir, String sigma) throws Exception {
      Path retailer = Path.of(dir, "retailer");
      IdentityContext identity =
          LeaverGuardIdentity.fromDirectory(retailer, LocalDate.parse("2025-11-01"), Map.of());
      RuleSet rules = BuiltinRules.load();
      if (!sigma.equals("none")) {
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of(sigma))) {
          s.filter(p -> p.getFileName().toString().startsWith("rules")).sorted().forEach(dirs::add);
        }
        rules = BuiltinRules.merge(RuleLoader.load(dirs), rules);
      }
      engine = IdentityAwareEngine.compile(rules, List.of(PipelineLoader.resolve("ecs")), identity);
      in =
          Files.newBufferedReader(retailer.resolve("events/gateway.jsonl"), StandardCharsets.UTF_8);
      digest = MessageDigest.getInstance("SHA-256");
    }

    /** Evaluates up to {@code n} more lines; returns how many there were. */
    @Override
    public int applyAsInt(int n) {
      int done = 0;
      try {
        for (; done < n; done++) {
          String line = in.readLine();
          if (line == null) {
            break;
          }
          lines++;
          try {
            engine.evaluate(
                line,
                a -> {
                  alerts++;
                  digest.update(AlertJson.toLine(a).getBytes(StandardCharsets.UTF_8));
                  digest.update((byte) '\n');
                });
          } catch (RuntimeException e) {
            digest.update(
                ("error " + lines + " " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
          }
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return done;
    }

    @Override
    public String toString() {
      byte[] d = digest.digest();
      StringBuilder hex = new StringBuilder();
      for (int i = 0; i < 8; i++) {
        hex.append(String.format("%02x", d[i]));
      }
      return alerts + " alerts, digest " + hex;
    }
  }
}
