package dev.haechi.benchmarks;

import dev.haechi.demo.DemoOptions;
import dev.haechi.demo.DemoOrganisations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * End-to-end benchmark: generating one demo organisation from scratch. Target (issue 2): the full
 * retailer in under 30 s on the 2-core reference machine.
 *
 * <p>Run: {@code java -cp benchmarks/target/haechi-benchmarks.jar
 * dev.haechi.benchmarks.DemoGenerationRun [organisation] [scale] [runs]} (defaults: retailer 1.0
 * 3). Prints each run's wall time, the median and the size written.
 */
public final class DemoGenerationRun {
  private DemoGenerationRun() {}

  /** One run's outcome. */
  public record Result(String organisation, double scale, List<Double> seconds, long bytes) {
    public double median() {
      List<Double> sorted = new ArrayList<>(seconds);
      Collections.sort(sorted);
      return sorted.get(sorted.size() / 2);
    }
  }

  public static void main(String[] args) throws IOException {
    String org = args.length > 0 ? args[0] : "retailer";
    double scale = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Result r = run(org, scale, runs);
    System.out.printf(
        "demo generation %s scale %.3f: runs %s s, median %.2f s, %.1f MB written, %d cores,"
            + " Java %s%n",
        r.organisation(),
        r.scale(),
        r.seconds(),
        r.median(),
        r.bytes() / 1e6,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
  }

  public static Result run(String organisation, double scale, int runs) throws IOException {
    List<Double> seconds = new ArrayList<>();
    long bytes = 0;
    for (int i = 0; i < runs; i++) {
      Path out = Files.createTempDirectory("haechi-demo-bench");
      try {
        long t0 = System.nanoTime();
        DemoOrganisations.generate(
            out, new DemoOptions(DemoOptions.DEFAULT_SEED, scale, Set.of(organisation)));
        seconds.add(Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
        bytes = size(out);
      } finally {
        delete(out);
      }
    }
    return new Result(organisation, scale, seconds, bytes);
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .sum();
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
