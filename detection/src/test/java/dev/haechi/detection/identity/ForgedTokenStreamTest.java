package dev.haechi.detection.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.detection.builtin.BuiltinRules;
import dev.haechi.detection.engine.Alert;
import dev.haechi.detection.engine.DetectionEngine;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The acceptance case in small: a gateway stream (FORMATS.md §2) of ordinary member traffic
 * into which forged tokens signed with the leaver's retired key {@code auth-2022-01} start to
 * arrive from abroad; the very first forged request raises the forged-token alert.
 */
class ForgedTokenStreamTest {
  @Test
  void the_first_forged_request_raises_the_forged_token_alert() {
    IdentityContext context =
        IdentityContext.builder()
            .asOf(LocalDate.of(2025, 11, 20))
            .memberRange(1_000_000, 50_000)
            .signingKey("auth-2025-01", KeyStatus.ACTIVE, null)
            .signingKey("auth-2022-01", KeyStatus.RETIRED, null)
            .build();
    DetectionEngine engine = IdentityAwareEngine.compile(BuiltinRules.load(), List.of(), context);
    Random random = new Random(20251116);
    Instant t = Instant.parse("2025-04-14T00:00:00Z");
    List<String> stream = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      t = t.plusMillis(200 + random.nextInt(2_000));
      String member = Long.toString(1_000_000 + random.nextInt(50_000));
      stream.add(
          GatewayEvents.member(t, member, "auth-2025-01", "211.234." + random.nextInt(256) + ".1")
              .line());
    }
    int firstForged = stream.size();
    for (int i = 0; i < 500; i++) {
      t = t.plus(Duration.ofMillis(900));
      String member = Long.toString(1_000_000 + random.nextInt(50_000));
      stream.add(
          GatewayEvents.at(t)
              .user(member)
              .token("auth-2022-01", member)
              .source("203.0.113.9", "CN")
              .subjects(member)
              .line());
    }
    List<Integer> alertLines = new ArrayList<>();
    List<Alert> alerts = new ArrayList<>();
    for (int i = 0; i < stream.size(); i++) {
      int line = i;
      engine.evaluate(
          stream.get(i),
          a -> {
            alerts.add(a);
            alertLines.add(line);
          });
    }
    assertThat(alerts).isNotEmpty();
    assertThat(alerts.get(0).ruleId()).isEqualTo(BuiltinRules.UNTRUSTED_KEY);
    assertThat(alerts.get(0).level()).isEqualTo("critical");
    assertThat(alertLines.get(0)).isEqualTo(firstForged);
    assertThat(alerts.get(0).event().get("token").get("kid").asString()).isEqualTo("auth-2022-01");
    assertThat(alerts.stream().filter(a -> a.ruleId().equals(BuiltinRules.UNTRUSTED_KEY)))
        .hasSize(500);
    // 500 forged requests for random members from one address within 10 minutes: enumeration too
    assertThat(alerts).anyMatch(a -> a.ruleId().equals(BuiltinRules.SUBJECT_ENUMERATION));
  }
}
