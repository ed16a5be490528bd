package dev.haechi.detection.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.detection.builtin.BuiltinRules;
import dev.haechi.detection.correlation.CorrelationSettings;
import dev.haechi.detection.engine.Alert;
import dev.haechi.detection.engine.DetectionEngine;
import dev.haechi.detection.engine.ParallelDetection;
import dev.haechi.detection.rules.RuleLoader;
import dev.haechi.detection.rules.RuleSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code haechi detect --threads N} (issue 18 item 2): the same events judged on 2, 3 or 8 threads
 * give exactly the alerts, rejections and order of one thread and of the reference {@link
 * DetectionEngine#evaluateWithoutReadAhead} (nothing read ahead), on a correlation workload (the
 * built-in enumeration correlation, an event_count judged at window close, a temporal correlation,
 * a value_count over two fields with aliases, the stateful disclosure baseline) with late events
 * and malformed lines. The fields correlations read and the baseline's inputs are read ahead on the
 * preparing threads; the alerts must not tell.
 */
class ParallelDetectionTest {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final Instant T0 = Instant.parse("2025-06-24T00:00:00Z");

  private static final IdentityContext CONTEXT =
      IdentityContext.builder()
          .asOf(LocalDate.of(2025, 11, 20))
          .memberRange(1_000_000, 2_000)
          .signingKey(
              "auth-2023-07", KeyStatus.CUSTODIAN_LEFT, Instant.parse("2024-12-13T00:00:00Z"))
          .signingKey("auth-2025-01", KeyStatus.ACTIVE, null)
          .employee(new Employee("E1001", true, LocalDate.of(2025, 6, 24)), "jkim")
          .employee(new Employee("E1004", false, null), "hchoi")
          .build();

  private static final String EXTRA =
      """
      title: few requests from an address
      id: 0b7e3c8e-1111-4d3b-9f4e-000000000001
      name: web_request
      logsource: {product: haechi, service: gateway}
      detection:
        selection:
          source.ip|exists: true
        condition: selection
      level: low
      ---
      title: quiet address
      id: 0b7e3c8e-1111-4d3b-9f4e-000000000002
      correlation:
        type: event_count
        rules: [web_request]
        group-by: [source.ip]
        timespan: 5m
        condition: {lt: 3}
      level: low
      ---
      title: admin view
      id: 0b7e3c8e-1111-4d3b-9f4e-000000000003
      name: admin_view
      logsource: {product: haechi, service: gateway}
      detection:
        selection:
          event.action|startswith: admin.
        condition: selection
      level: low
      ---
      title: admin view then disclosure
      id: 0b7e3c8e-1111-4d3b-9f4e-000000000004
      correlation:
        type: temporal_ordered
        rules: [admin_view, haechi_subject_disclosure]
        group-by: [user.id]
        timespan: 2m
      generate: true
      level: medium
      ---
      title: one principal from several addresses and tokens
      id: 0b7e3c8e-1111-4d3b-9f4e-000000000005
      correlation:
        type: value_count
        rules: [web_request, 0b7e3c8e-1111-4d3b-9f4e-000000000003]
        group-by: [principal]
        aliases:
          principal:
            web_request: user.id
            admin_view: user.name
        timespan: 1m
        condition: {field: [source.ip, token.sub], gte: 3}
      level: low
      """;

  @Test
  void any_thread_count_gives_the_alerts_and_order_of_one_thread() {
    List<String> lines = workload(new Random(18), 12_000);
    List<String> reference = new ArrayList<>();
    DetectionEngine plain = engine();
    for (int i = 0; i < lines.size(); i++) {
      try {
        plain.evaluateWithoutReadAhead(lines.get(i), a -> reference.add(text(a)));
      } catch (dev.haechi.core.InputException e) {
        reference.add("rejected " + (i + 1) + " " + e.getMessage());
      }
    }
    plain.flush(a -> reference.add(text(a)));

    assertThat(reference).anyMatch(a -> a.startsWith(BuiltinRules.SUBJECT_ENUMERATION));
    assertThat(reference).anyMatch(a -> a.startsWith(BuiltinRules.BULK_DISCLOSURE));
    assertThat(reference).anyMatch(a -> a.startsWith(BuiltinRules.TERMINATED_ACTIVITY));
    assertThat(reference).anyMatch(a -> a.startsWith("0b7e3c8e-1111-4d3b-9f4e-000000000002"));
    assertThat(reference).anyMatch(a -> a.startsWith("0b7e3c8e-1111-4d3b-9f4e-000000000005"));
    assertThat(reference).anyMatch(a -> a.startsWith("rejected"));

    for (int threads : new int[] {1, 2, 3, 8}) {
      List<String> got = new ArrayList<>();
      DetectionEngine engine = engine();
      try (ParallelDetection d =
          new ParallelDetection(
              engine,
              threads,
              a -> got.add(text(a)),
              (line, e) -> got.add("rejected " + line + " " + e.getMessage()))) {
        for (int i = 0; i < lines.size(); i++) {
          d.accept(i + 1, lines.get(i));
          if (i % 5_000 == 4_999) {
            d.finish(); // a pause in a live pipe: queued events are judged, the stream goes on
          }
        }
        d.finish();
        assertThat(d.evaluated()).isEqualTo(lines.size() - 3);
      }
      engine.flush(a -> got.add(text(a)));
      assertThat(got).as("threads " + threads).containsExactlyElementsOf(reference);
    }
  }

  private static DetectionEngine engine() {
    RuleSet rules =
        BuiltinRules.merge(RuleLoader.loadText("extra.yml", EXTRA), BuiltinRules.load());
    DetectionEngine e =
        IdentityAwareEngine.compile(
            rules,
            List.of(),
            CONTEXT,
            CorrelationSettings.DEFAULT,
            new DisclosureBaseline.Settings(Duration.ofMinutes(10), 6, 3.0, 30, 100_000));
    assertThat(e.failures()).isEmpty();
    return e;
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

  /** Members, an enumerating client, a bulk-reading agent, a leaver, late events, bad lines. */
  private static List<String> workload(Random random, int n) {
    List<String> lines = new ArrayList<>();
    Instant t = T0;
    for (int i = 0; i < n; i++) {
      t = t.plusMillis(random.nextInt(400));
      // now and then an event a little (or far) older than the stream
      Instant at = random.nextInt(50) == 0 ? t.minusSeconds(random.nextInt(900)) : t;
      int kind = random.nextInt(100);
      String line;
      if (kind < 55) {
        String member = Integer.toString(1_000_000 + random.nextInt(2_000));
        line =
            GatewayEvents.member(at, member, "auth-2025-01", "10.0." + random.nextInt(8) + ".1")
                .line();
      } else if (kind < 75 && i > n / 3 && i < n / 2) {
        String sub = Integer.toString(1_000_000 + random.nextInt(3_000));
        line = GatewayEvents.member(at, sub, "auth-2023-07", "203.0.113.9").line();
      } else if (kind < 85) {
        int many = i > 2 * n / 3 ? 5 + random.nextInt(20) : 1 + random.nextInt(2);
        List<String> ids = new ArrayList<>();
        for (int k = 0; k < many; k++) {
          ids.add(Integer.toString(1_000_000 + random.nextInt(2_000)));
        }
        var e =
            GatewayEvents.at(at)
                .user("cs-agent-7")
                .token("auth-2025-01", "cs-agent-7")
                .source("10.1.0.7", "KR")
                .subjects(ids);
        var node = (tools.jackson.databind.node.ObjectNode) MAPPER.readTree(e.line());
        if (random.nextInt(3) == 0) {
          node.withObject("event").put("action", "admin.member.view");
        }
        line = node.toString();
      } else if (kind < 90) {
        line =
            GatewayEvents.at(at)
                .user("jkim")
                .token("auth-2025-01", "jkim")
                .source("10.2.0." + random.nextInt(3), "KR")
                .subjects("1000001")
                .line();
      } else {
        line =
            GatewayEvents.at(at)
                .user(Integer.toString(1_000_000 + random.nextInt(2_000)))
                .source("192.0.2." + random.nextInt(64), "KR")
                .line();
      }
      lines.add(line);
    }
    lines.set(100, "not json");
    lines.set(5_000, "[1, 2]");
    lines.set(n - 2, "{\"truncated\": ");
    return lines;
  }
}
