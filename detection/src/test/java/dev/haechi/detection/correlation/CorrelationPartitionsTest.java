package dev.haechi.detection.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.detection.rules.RuleLoader;
import dev.haechi.detection.rules.RuleSet;
import dev.haechi.detection.rules.SigmaRule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link CorrelationPartitions} counted on the calling thread (no batch open) against the same
 * engine unpartitioned, where the groups' bound matters: few groups allowed, many users, so that
 * the partitions hand their groups back and the engine then evicts the least recently used one —
 * which must be the one a single table would have evicted (the groups' order across partitions).
 */
class CorrelationPartitionsTest {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private static final String RULES =
      """
      title: request
      name: request
      logsource: {product: test}
      detection:
        selection:
          user|exists: true
        condition: selection
      ---
      title: three requests of one user
      correlation:
        type: event_count
        rules: [request]
        group-by: [user]
        timespan: 1h
        condition: {gte: 3}
      """;

  @Test
  void groups_handed_back_keep_their_order_of_use_across_partitions() {
    RuleSet rules = RuleLoader.loadText("rules.yml", RULES);
    SigmaRule request = rules.rules().get(0);
    for (int seed = 0; seed < 300; seed++) {
      Random random = new Random(seed);
      CorrelationSettings settings =
          new CorrelationSettings(Duration.ofMinutes(5), 2 + random.nextInt(5), 100, 5);
      CorrelationEngine plain = CorrelationEngine.of(rules.correlations(), rules.rules(), settings);
      CorrelationEngine parts = CorrelationEngine.of(rules.correlations(), rules.rules(), settings);
      parts.partition(2 + random.nextInt(3));
      assertThat(parts.partitioned()).isTrue();
      Instant t = Instant.parse("2025-06-24T00:00:00Z");
      int users = 3 + random.nextInt(8);
      for (int i = 0; i < 60; i++) {
        t = t.plusSeconds(1 + random.nextInt(5));
        JsonNode event = MAPPER.readTree("{\"user\": \"u" + random.nextInt(users) + "\"}");
        List<String> expected = texts(plain.accept(event, t, List.of(request)));
        List<String> got = new ArrayList<>(texts(parts.accept(event, t, List.of(request))));
        if (parts.deferred() != null) {
          for (CorrelationPartitions.Deferred d : parts.deferred()) {
            if (d.result() != null) {
              got.add(d.result().toString());
            }
          }
        }
        assertThat(got).as("seed %d, event %d", seed, i).isEqualTo(expected);
      }
      assertThat(parts.groupCount()).isEqualTo(plain.groupCount());
    }
  }

  private static List<String> texts(List<CorrelationFired> fired) {
    return fired.stream().map(CorrelationFired::toString).toList();
  }
}
