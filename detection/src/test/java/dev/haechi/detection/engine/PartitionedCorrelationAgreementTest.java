package dev.haechi.detection.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.detection.correlation.CorrelationSettings;
import dev.haechi.detection.rules.RuleLoader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Correlation groups counted in partitions on several threads ({@link ParallelDetection} with 2 to
 * 4 threads, {@code CorrelationPartitions}) give exactly the output of one thread — the oracle — on
 * random rule sets and random streams: event_count, value_count, value_sum, temporal and
 * temporal_ordered correlations with random group-by fields (multi-valued ones included),
 * conditions judged at the first crossing (partitioned) or at window close (kept on the ordered
 * stage), correlations of correlations, small group bounds (evictions, and the partitions handing
 * their groups back), late and untimed events, malformed lines, random batch sizes and pauses.
 * Alerts, rejections, their order, the groups left and the late count must all be equal.
 */
class PartitionedCorrelationAgreementTest {
  private static final Instant T0 = Instant.parse("2025-06-24T00:00:00Z");

  @Test
  void partitioned_correlations_agree_with_one_thread_on_random_rules_and_streams() {
    int partitioned = 0;
    for (int seed = 1; seed <= 30; seed++) {
      Random random = new Random(seed * 7919L);
      String rules = rules(random);
      CorrelationSettings settings =
          new CorrelationSettings(
              random.nextBoolean() ? Duration.ofSeconds(20) : Duration.ofMinutes(5),
              new int[] {2, 5, 40, 100_000}[random.nextInt(4)],
              random.nextBoolean() ? 6 : 10_000,
              random.nextBoolean() ? 3 : 20);
      List<String> lines = events(random, 2_000 + random.nextInt(4_000));

      List<String> expected = new ArrayList<>();
      DetectionEngine one = engine(rules, settings);
      long[] oneState = run(one, 1, ParallelDetection.BATCH, lines, expected, random, false);

      int threads = 2 + random.nextInt(3);
      int batch = 1 + random.nextInt(random.nextBoolean() ? 8 : 300);
      List<String> got = new ArrayList<>();
      DetectionEngine many = engine(rules, settings);
      long[] manyState = run(many, threads, batch, lines, got, random, true);

      String what = "seed " + seed + ", " + threads + " threads, batches of " + batch;
      assertThat(got).as(what).containsExactlyElementsOf(expected);
      assertThat(manyState).as(what).containsExactly(oneState);
      if (many.correlationsPartitioned()) {
        partitioned++;
      }
    }
    // a third of the rule sets keep partitions to the end (the others handed their groups back)
    assertThat(partitioned).isGreaterThan(5);
  }

  private static DetectionEngine engine(String rules, CorrelationSettings settings) {
    DetectionEngine e =
        DetectionEngine.compile(RuleLoader.loadText("random.yml", rules), List.of(), settings);
    assertThat(e.failures()).isEmpty();
    return e;
  }

  /** The stream through {@code threads} threads; returns the groups left and the late count. */
  private static long[] run(
      DetectionEngine engine,
      int threads,
      int batch,
      List<String> lines,
      List<String> out,
      Random random,
      boolean pauses) {
    try (ParallelDetection d =
        new ParallelDetection(
            engine,
            threads,
            batch,
            a -> out.add(text(a)),
            (line, e) -> out.add("rejected " + line + " " + e.getMessage()))) {
      for (int i = 0; i < lines.size(); i++) {
        d.accept(i + 1, lines.get(i));
        if (pauses && random.nextInt(700) == 0) {
          d.finish(); // a pause in a live pipe
        }
      }
      d.finish();
    }
    engine.flush(a -> out.add(text(a)));
    return new long[] {engine.correlationGroups(), engine.lateEventsDropped()};
  }

  private static String text(Alert a) {
    return a.ruleId()
        + " "
        + a.timestamp()
        + " "
        + a.group()
        + " "
        + (a.event() == null ? "-" : a.event().toString())
        + " "
        + a.events();
  }

  private static final String[] GROUP_FIELDS = {"user", "ip", "tags", "kind"};

  /** Four base rules, then three to six random correlations (some over earlier ones). */
  private static String rules(Random random) {
    StringBuilder y = new StringBuilder();
    String[][] base = {
      {"ra", "kind: a"}, {"rb", "kind: b"}, {"ru", "user|exists: true"}, {"rn", "n|exists: true"}
    };
    for (String[] b : base) {
      y.append("title: base ")
          .append(b[0])
          .append("\nname: ")
          .append(b[0])
          .append("\nlogsource: {product: test}\ndetection:\n  selection:\n    ")
          .append(b[1])
          .append("\n  condition: selection\nlevel: low\n---\n");
    }
    int n = 3 + random.nextInt(4);
    for (int c = 0; c < n; c++) {
      String type =
          new String[] {"event_count", "value_count", "value_sum", "temporal", "temporal_ordered"}
              [random.nextInt(5)];
      List<String> refs = new ArrayList<>();
      int count = type.startsWith("temporal") ? 2 : 1 + random.nextInt(2);
      while (refs.size() < count) {
        String r =
            c > 0 && random.nextInt(6) == 0
                ? "c" + random.nextInt(c)
                : base[random.nextInt(base.length)][0];
        if (!refs.contains(r)) {
          refs.add(r);
        }
      }
      List<String> groupBy = new ArrayList<>();
      int groups = 1 + random.nextInt(2);
      while (groupBy.size() < groups) {
        String g = GROUP_FIELDS[random.nextInt(GROUP_FIELDS.length)];
        if (!groupBy.contains(g)) {
          groupBy.add(g);
        }
      }
      y.append("title: correlation c")
          .append(c)
          .append("\nname: c")
          .append(c)
          .append("\ncorrelation:\n  type: ")
          .append(type)
          .append("\n  rules: ")
          .append(refs)
          .append("\n  group-by: ")
          .append(groupBy)
          .append("\n  timespan: ")
          .append(5 + random.nextInt(120))
          .append("s\n");
      if (!type.startsWith("temporal")) {
        y.append("  condition: {");
        if (type.equals("value_count")) {
          y.append("field: ").append(random.nextBoolean() ? "ip" : "n").append(", ");
        } else if (type.equals("value_sum")) {
          y.append("field: n, ");
        }
        int k = 2 + random.nextInt(type.equals("value_sum") ? 30 : 5);
        switch (random.nextInt(4)) {
          case 0 -> y.append("lt: ").append(k); // judged at window close
          case 1 -> y.append("gt: 1, lte: ").append(k);
          default -> y.append("gte: ").append(k); // judged at the first crossing
        }
        y.append("}\n");
      }
      if (random.nextBoolean()) {
        y.append("generate: true\n");
      }
      y.append("level: medium\n---\n");
    }
    return y.toString();
  }

  /** Random events: mostly in time order, some late, some untimed, a few malformed lines. */
  private static List<String> events(Random random, int n) {
    List<String> lines = new ArrayList<>();
    Instant t = T0;
    int users = 2 + random.nextInt(30);
    int ips = 2 + random.nextInt(12);
    for (int i = 0; i < n; i++) {
      t = t.plusMillis(random.nextInt(random.nextInt(20) == 0 ? 600_000 : 3_000));
      Instant at = random.nextInt(30) == 0 ? t.minusSeconds(random.nextInt(600)) : t;
      StringBuilder e = new StringBuilder("{");
      if (random.nextInt(100) != 0) {
        e.append("\"@timestamp\": \"").append(at).append("\", ");
      }
      e.append("\"kind\": \"").append("abc".charAt(random.nextInt(3))).append('"');
      if (random.nextInt(8) != 0) {
        e.append(", \"user\": \"u").append(random.nextInt(users)).append('"');
      }
      if (random.nextInt(6) != 0) {
        e.append(", \"ip\": \"10.0.0.").append(random.nextInt(ips)).append('"');
      }
      if (random.nextInt(3) != 0) {
        e.append(", \"n\": ").append(random.nextInt(10));
      }
      if (random.nextInt(4) == 0) {
        e.append(", \"tags\": [\"t").append(random.nextInt(3)).append("\"");
        if (random.nextBoolean()) {
          e.append(", \"t").append(random.nextInt(3)).append('"');
        }
        e.append(']');
      } else if (random.nextInt(3) == 0) {
        e.append(", \"tags\": \"t").append(random.nextInt(3)).append('"');
      }
      e.append('}');
      lines.add(random.nextInt(400) == 0 ? "{\"broken\": " : e.toString());
    }
    return lines;
  }
}
