package dev.haechi.detection.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.detection.rules.CorrelationCondition;
import dev.haechi.detection.rules.RuleLoader;
import dev.haechi.detection.rules.RuleSet;
import dev.haechi.detection.rules.SigmaCorrelation;
import dev.haechi.detection.rules.SigmaRule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The ring-buffer {@link GroupWindow} and the engine over it against the list-backed references
 * ({@link ReferenceGroupWindow}, {@link ReferenceCorrelationEngine}: the code as it was before), on
 * random operations and random streams: late, equal and far-future times, arrays in group-by and
 * condition fields, every correlation type, bounds of every kind, chaining, tiny group and entry
 * limits. Everything observable must be equal: what fires, when, for which group, with which events
 * (by identity), the counters, the groups held.
 */
class CorrelationAgreementTest {
  private static final Instant T0 = Instant.parse("2025-06-24T03:00:00Z");
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private static final String BASE =
      """
      title: a
      id: a
      name: rule_a
      logsource: {product: test}
      detection: {sel: {action: a}, condition: sel}
      ---
      title: b
      id: b
      name: rule_b
      logsource: {product: test}
      detection: {sel: {action: b}, condition: sel}
      ---
      title: c
      id: c
      name: rule_c
      logsource: {product: test}
      detection: {sel: {action: c}, condition: sel}
      ---
      """;

  // ---- the window, operation by operation ----

  @Test
  void the_ring_window_agrees_with_the_list_window_operation_by_operation() {
    Random random = new Random(16);
    for (int round = 0; round < 400; round++) {
      int maxEntries = 1 + random.nextInt(40);
      int keep = random.nextInt(6);
      GroupWindow fast = new GroupWindow(maxEntries, keep);
      ReferenceGroupWindow ref = new ReferenceGroupWindow(maxEntries, keep);
      SigmaCorrelation c = randomCorrelation(random);
      long clock = 0;
      for (int step = 0; step < 300; step++) {
        int op = random.nextInt(20);
        if (op < 12) {
          clock += random.nextInt(4) == 0 ? 0 : random.nextInt(30);
          long t = random.nextInt(5) == 0 ? clock - random.nextInt(100) : clock;
          Occurrence o =
              new Occurrence(
                  at(random, t), random.nextInt(3), randomValues(random), F.objectNode());
          fast.add(o);
          ref.add(o);
        } else if (op < 15) {
          Instant h = at(random, clock - random.nextInt(120));
          fast.expire(h, c);
          ref.expire(h, c);
        } else if (op == 15) {
          fast.clear();
          ref.clear();
        } else if (op == 16) {
          Instant until = at(random, clock - random.nextInt(60));
          fast.clearUntil(until);
          ref.clearUntil(until);
        } else {
          Instant end = at(random, clock - random.nextInt(80) + 20);
          List<Occurrence> w = ref.window(end, c);
          assertThat(fast.window(end, c)).isEqualTo(w);
          int from = fast.lower(end.minus(c.timespan()));
          int to = fast.upper(end);
          assertThat(fast.holds(c, from, to))
              .as("%s on %s", c.condition().bounds(), w)
              .isEqualTo(ReferenceGroupWindow.holds(c, w));
          int values = 0;
          for (Occurrence o : w) {
            values += o.values().size();
          }
          assertThat(fast.valueCount(from, to)).isEqualTo(values);
          int a = random.nextInt(fast.size() + 1);
          int b = a + random.nextInt(fast.size() - a + 1);
          int inAB = 0;
          for (Occurrence o : fast.range(a, b)) {
            inAB += o.values().size();
          }
          assertThat(fast.valueCount(a, b)).isEqualTo(inAB);
          int max = 1 + random.nextInt(5);
          assertThat(fast.events(from, to, max)).isEqualTo(eventsOf(w, max));
        }
        assertThat(fast.newest).isEqualTo(ref.newest);
        assertThat(fast.isEmpty()).isEqualTo(ref.isEmpty());
        assertThat(fast.between(Instant.MIN, Instant.MAX))
            .isEqualTo(ref.between(Instant.MIN, Instant.MAX));
      }
    }
  }

  /**
   * {@code T0} plus {@code seconds}, and on a third of the calls a fraction of a second (a few
   * distinct milliseconds or nanoseconds, so that equal seconds with different fractions occur):
   * the window compares seconds and nanoseconds separately.
   */
  private static Instant at(Random random, long seconds) {
    Instant t = T0.plusSeconds(seconds);
    return switch (random.nextInt(6)) {
      case 0 -> t.plusMillis(random.nextInt(3) * 500L);
      case 1 -> t.plusNanos(1 + random.nextInt(2));
      default -> t;
    };
  }

  private static List<JsonNode> eventsOf(List<Occurrence> w, int max) {
    List<JsonNode> out = new ArrayList<>();
    for (int i = Math.max(0, w.size() - max); i < w.size(); i++) {
      if (w.get(i).event() != null) {
        out.add(w.get(i).event());
      }
    }
    return out;
  }

  private static List<String> randomValues(Random random) {
    List<String> v = new ArrayList<>();
    for (int n = random.nextInt(4) == 0 ? random.nextInt(4) : 1; n > 0; n--) {
      v.add(random.nextInt(8) == 0 ? "x" : Integer.toString(random.nextInt(6)));
    }
    return List.copyOf(v);
  }

  private static SigmaCorrelation randomCorrelation(Random random) {
    while (true) {
      RuleSet set = RuleLoader.loadText("c.yml", BASE + correlationYaml(random, "corr", false));
      if (set.report().failures().isEmpty() && !set.correlations().isEmpty()) {
        return set.correlations().get(0);
      }
    }
  }

  // ---- the whole engine ----

  @Test
  void the_engine_agrees_with_the_reference_engine_on_random_streams() {
    Random random = new Random(1616);
    int fired = 0;
    for (int round = 0; round < 100; round++) {
      StringBuilder yaml = new StringBuilder(BASE);
      int n = 1 + random.nextInt(3);
      for (int k = 0; k < n; k++) {
        yaml.append(correlationYaml(random, "corr" + k, k > 0 && random.nextInt(3) == 0));
        yaml.append("---\n");
      }
      RuleSet set = RuleLoader.loadText("c.yml", yaml.toString());
      List<SigmaCorrelation> correlations = set.correlations();
      if (correlations.isEmpty()) {
        continue;
      }
      CorrelationSettings settings =
          new CorrelationSettings(
                  // a tolerance with a fraction of a second: the engine's seconds-and-nanos
                  // subtraction borrows
                  Duration.ofSeconds(random.nextInt(4) * 30L)
                      .plusMillis(random.nextInt(3) == 0 ? 700 : 0),
                  1 + random.nextInt(random.nextBoolean() ? 4 : 60),
                  1 + random.nextInt(random.nextBoolean() ? 5 : 200),
                  1 + random.nextInt(8))
              .withClock(Clock.fixed(T0.plus(Duration.ofDays(30)), ZoneOffset.UTC));
      CorrelationEngine fast = CorrelationEngine.of(correlations, set.rules(), settings);
      ReferenceCorrelationEngine ref =
          ReferenceCorrelationEngine.of(correlations, set.rules(), settings);
      if (random.nextBoolean()) { // sweeps within the stream (4096 occurrences is more than it has)
        fast.sweepEvery = 1 + random.nextInt(64);
        ref.sweepEvery = fast.sweepEvery;
      }
      List<SigmaRule> base = set.rules();
      long clock = 0;
      int events = 200 + random.nextInt(3000);
      for (int i = 0; i < events; i++) {
        int jump = random.nextInt(100);
        clock += jump == 0 ? 7200 : random.nextInt(4) == 0 ? 0 : random.nextInt(20);
        long t = random.nextInt(8) == 0 ? clock - random.nextInt(240) : clock;
        Instant time = random.nextInt(200) == 0 ? null : at(random, t);
        ObjectNode event = randomEvent(random, i);
        List<SigmaRule> matched = new ArrayList<>();
        for (SigmaRule r : base) {
          if (random.nextInt(3) == 0) {
            matched.add(r);
          }
        }
        List<CorrelationFired> a = fast.accept(event, time, matched);
        List<ReferenceCorrelationFired> b = summary(ref.accept(event, time, matched));
        assertThat(summary(a)).as("round %d event %d", round, i).isEqualTo(b);
        fired += a.size();
      }
      assertThat(summary(fast.flush())).isEqualTo(summary(ref.flush()));
      assertThat(fast.lateEventsDropped()).isEqualTo(ref.lateEventsDropped());
      assertThat(fast.eventsWithoutTime()).isEqualTo(ref.eventsWithoutTime());
      assertThat(fast.eventsAheadOfWatermark()).isEqualTo(ref.eventsAheadOfWatermark());
      assertThat(fast.nonNumericValuesSkipped()).isEqualTo(ref.nonNumericValuesSkipped());
      assertThat(fast.groupCount()).isEqualTo(ref.groupCount());
    }
    assertThat(fired).as("the streams make correlations fire").isGreaterThan(500);
  }

  /**
   * Rules without an id, told apart by name only, and rules referred to by id and by name, matched
   * in random runs: each occurrence counts in the correlations that refer to its own rule (the
   * engine keeps the last rule's references).
   */
  @Test
  void rules_told_apart_by_name_alone_count_in_their_own_correlations() {
    String yaml =
        """
        title: x
        name: rule_x
        logsource: {product: test}
        detection: {sel: {action: x}, condition: sel}
        ---
        title: y
        name: rule_y
        logsource: {product: test}
        detection: {sel: {action: y}, condition: sel}
        ---
        title: z
        id: z
        name: rule_z
        logsource: {product: test}
        detection: {sel: {action: z}, condition: sel}
        ---
        title: count x
        id: cx
        correlation: {type: event_count, rules: [rule_x], group-by: [user], timespan: 1m, condition: {gte: 3}}
        ---
        title: count y
        id: cy
        correlation: {type: event_count, rules: [rule_y, z], group-by: [user], timespan: 1m, condition: {gte: 2}}
        ---
        title: count z
        id: cz
        correlation: {type: event_count, rules: [rule_z], group-by: [user], timespan: 1m, condition: {gte: 4}}
        """;
    RuleSet set = RuleLoader.loadText("n.yml", yaml);
    assertThat(set.report().failures()).isEmpty();
    Random random = new Random(1818);
    CorrelationEngine fast = CorrelationEngine.of(set.correlations(), set.rules());
    ReferenceCorrelationEngine ref = ReferenceCorrelationEngine.of(set.correlations(), set.rules());
    int fired = 0;
    for (int i = 0; i < 3_000; i++) {
      Instant time = T0.plusSeconds(i);
      ObjectNode event = randomEvent(random, i);
      List<SigmaRule> matched = new ArrayList<>();
      int runOf = random.nextInt(3);
      matched.add(set.rules().get(runOf));
      if (random.nextInt(4) == 0) {
        matched.add(set.rules().get((runOf + 1) % 3));
      }
      List<CorrelationFired> a = fast.accept(event, time, matched);
      assertThat(summary(a)).as("event %d", i).isEqualTo(summary(ref.accept(event, time, matched)));
      fired += a.size();
    }
    assertThat(fired).isGreaterThan(50);
  }

  /** What a firing shows, events by their sequence number (identity). */
  record ReferenceCorrelationFired(String rule, Instant time, Object group, List<Long> events) {}

  private static List<ReferenceCorrelationFired> summary(List<CorrelationFired> fired) {
    List<ReferenceCorrelationFired> out = new ArrayList<>();
    for (CorrelationFired f : fired) {
      List<Long> seq = new ArrayList<>();
      for (JsonNode e : f.events()) {
        seq.add(e.get("seq").asLong());
      }
      out.add(new ReferenceCorrelationFired(f.rule().id(), f.time(), f.group(), seq));
    }
    return out;
  }

  private static ObjectNode randomEvent(Random random, long seq) {
    ObjectNode e = F.objectNode();
    e.put("seq", seq);
    putRandom(random, e, "user", new String[] {"kim", "lee", "park", "choi", "jung"}, 6);
    putRandom(random, e, "host", new String[] {"h1", "h2"}, 8);
    putRandom(random, e, "v", new String[] {"1", "2", "3", "4", "5", "6", "7"}, 5);
    int r = random.nextInt(12);
    if (r == 0) {
      e.put("n", "not a number");
    } else if (r == 1) {
      e.putArray("n").add(random.nextInt(50)).add(random.nextInt(50));
    } else if (r != 2) {
      e.put("n", random.nextInt(100));
    }
    return e;
  }

  private static void putRandom(
      Random random, ObjectNode e, String field, String[] pool, int arrayOneIn) {
    int r = random.nextInt(arrayOneIn * 2);
    if (r == 0) {
      return; // absent
    }
    if (r == 1) {
      var a = e.putArray(field);
      for (int k = random.nextInt(4); k > 0; k--) {
        a.add(pool[random.nextInt(pool.length)]);
      }
      return;
    }
    e.put(field, pool[random.nextInt(pool.length)]);
  }

  private static String correlationYaml(Random random, String id, boolean chained) {
    String[] types = {
      "event_count",
      "event_count",
      "value_count",
      "value_count",
      "value_sum",
      "value_avg",
      "value_percentile",
      "temporal",
      "temporal_ordered"
    };
    String type = types[random.nextInt(types.length)];
    String rules;
    if (chained) {
      rules = "[corr0, rule_" + (char) ('a' + random.nextInt(3)) + "]";
    } else if (type.startsWith("temporal")) {
      rules = random.nextBoolean() ? "[rule_a, rule_b, rule_c]" : "[a, rule_b]";
    } else {
      rules = random.nextBoolean() ? "[rule_a]" : "[rule_a, c]";
    }
    String groupBy =
        switch (random.nextInt(4)) {
          case 0 -> "[]";
          case 1 -> "[user, host]";
          default -> "[user]";
        };
    String field =
        switch (type) {
          case "value_count" -> random.nextInt(4) == 0 ? "[v, host]" : "v";
          case "value_sum", "value_avg", "value_percentile" -> "n";
          default -> null;
        };
    StringBuilder condition = new StringBuilder();
    String[] ops = {"gt", "gte", "lt", "lte", "eq", "neq"};
    int bounds = type.startsWith("temporal") ? random.nextInt(2) : 1 + random.nextInt(2);
    List<String> used = new ArrayList<>();
    for (int b = 0; b < bounds; b++) {
      String op = ops[random.nextInt(random.nextInt(3) == 0 ? 6 : 2)];
      if (used.contains(op)) {
        continue;
      }
      used.add(op);
      int scale =
          switch (type) {
            case "value_sum", "value_avg" -> 150;
            case "value_percentile" -> 100;
            default -> 7;
          };
      condition.append(condition.isEmpty() ? "" : ", ").append(op).append(": ");
      condition.append(random.nextInt(scale));
    }
    if (field != null) {
      condition.insert(0, "field: " + field + (condition.isEmpty() ? "" : ", "));
    }
    if (type.equals("value_percentile") && random.nextBoolean()) {
      condition.append(", percentile: ").append(random.nextInt(101));
    }
    String timespan = (10 + random.nextInt(300)) + "s";
    return "title: "
        + id
        + "\nid: "
        + id
        + "\nname: "
        + id
        + "\ncorrelation:\n  type: "
        + type
        + "\n  rules: "
        + rules
        + "\n  group-by: "
        + groupBy
        + "\n  timespan: "
        + timespan
        + (condition.isEmpty() ? "" : "\n  condition: {" + condition + "}")
        + (random.nextInt(4) == 0 ? "\n  generate: true" : "")
        + "\n";
  }

  @Test
  void conditions_cover_every_kind_of_bound() {
    // the generator above must reach upper bounds (judged at close) as well as lower ones
    Random random = new Random(7);
    boolean lower = false;
    boolean upper = false;
    for (int i = 0; i < 200; i++) {
      CorrelationCondition c = randomCorrelation(random).condition();
      lower |= c.onlyLowerBounds();
      upper |= !c.onlyLowerBounds();
    }
    assertThat(lower && upper).isTrue();
  }

  @Test
  void field_values_agree_with_the_field_value_conversion() {
    Random random = new Random(160);
    for (int round = 0; round < 20_000; round++) {
      JsonNode node =
          switch (random.nextInt(9)) {
            case 0 -> F.stringNode("Kim" + random.nextInt(5));
            case 1 -> F.numberNode(random.nextInt(2000) - 1000);
            case 2 -> F.numberNode(random.nextLong());
            case 3 -> F.numberNode(random.nextInt(100) / 4.0);
            case 4 -> F.booleanNode(random.nextBoolean());
            case 5 -> F.nullNode();
            case 6 -> F.objectNode().put("#text", "t" + random.nextInt(3));
            case 7 -> F.arrayNode().add("x").addNull().add(random.nextInt(9)).add(1.5);
            default -> F.stringNode("");
          };
      List<String> expected = new ArrayList<>();
      for (dev.haechi.detection.event.FieldValue v :
          dev.haechi.detection.event.FieldValue.all(node)) {
        if (!v.isNull() && v.text() != null) {
          expected.add(v.text());
        }
      }
      assertThat(CorrelationEngine.values(node)).as("%s", node).isEqualTo(expected);
    }
  }
}
