package dev.haechi.detection.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.detection.builtin.BuiltinRules;
import dev.haechi.detection.compiler.CompiledRule;
import dev.haechi.detection.engine.DetectionEngine;
import dev.haechi.detection.pipeline.PipelineLoader;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * With enrichment fields, the candidate index still finds exactly the rules the full scan finds
 * (the reference twin), on random gateway events, with and without format pipelines ahead.
 */
class IdentityIndexAgreementTest {
  static final IdentityContext CONTEXT =
      IdentityContext.builder()
          .asOf(LocalDate.of(2025, 11, 20))
          .memberRange(1_000_000, 500)
          .signingKey("auth-2022-01", KeyStatus.RETIRED, null)
          .signingKey(
              "auth-2023-07", KeyStatus.CUSTODIAN_LEFT, Instant.parse("2024-12-13T00:00:00Z"))
          .signingKey("auth-2025-01", KeyStatus.ACTIVE, null)
          .employee(new Employee("E1001", true, LocalDate.of(2024, 12, 13)), "jkim")
          .employee(new Employee("E1004", false, null), "hchoi")
          .privileged("hchoi")
          .usualCountries("hchoi", List.of("KR"))
          .build();

  static final List<String> KIDS = List.of("auth-2022-01", "auth-2023-07", "auth-2025-01", "x");
  static final List<String> NAMES = List.of("jkim", "hchoi", "slee", "");
  static final List<String> COUNTRIES = List.of("KR", "CN", "JP", "");

  static final DetectionEngine PLAIN =
      IdentityAwareEngine.compile(BuiltinRules.load(), List.of(), CONTEXT);
  static final DetectionEngine WITH_EVTX =
      IdentityAwareEngine.compile(
          BuiltinRules.load(), List.of(PipelineLoader.resolve("windows-evtx")), CONTEXT);
  static final DetectionEngine WITH_ECS =
      IdentityAwareEngine.compile(
          BuiltinRules.load(), List.of(PipelineLoader.resolve("ecs")), CONTEXT);

  @Property(tries = 300)
  void index_and_full_scan_agree_on_random_gateway_events(
      @ForAll @IntRange(min = 0, max = 3) int kid,
      @ForAll @IntRange(min = 999_900, max = 1_000_600) int sub,
      @ForAll @IntRange(min = 0, max = 3) int name,
      @ForAll @IntRange(min = 0, max = 3) int country,
      @ForAll @IntRange(min = 0, max = 400 * 86_400) int second,
      @ForAll @StringLength(max = 3) String noise) {
    GatewayEvents g =
        GatewayEvents.at(Instant.parse("2024-06-01T00:00:00Z").plusSeconds(second))
            .user(Integer.toString(sub))
            .token(KIDS.get(kid), Integer.toString(sub) + noise)
            .source("203.0.113.9", COUNTRIES.get(country))
            .subjects(Integer.toString(sub));
    if (!NAMES.get(name).isEmpty()) {
      g.userName(NAMES.get(name));
    }
    JsonNode event = JsonMapper.builder().build().readTree(g.line());
    List<String> plain = ids(PLAIN.match(event));
    assertThat(plain).isEqualTo(ids(PLAIN.matchFullScan(event)));
    assertThat(ids(WITH_EVTX.match(event))).isEqualTo(plain);
    assertThat(ids(WITH_ECS.match(event))).isEqualTo(plain);
  }

  static List<String> ids(List<CompiledRule> rules) {
    return rules.stream().map(r -> r.rule().id()).sorted().toList();
  }
}
