package dev.haechi.detection.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.detection.engine.DetectionEngine;
import dev.haechi.detection.rules.RuleLoader;
import dev.haechi.detection.rules.RuleSet;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Identity placeholders in rules with {@code |expand}. */
class IdentityPlaceholdersTest {
  static final String RULES =
      """
      title: Leaver login
      id: p1
      logsource: {product: haechi, service: gateway}
      detection:
        sel: {user.name|expand: '%terminated_users%'}
        condition: sel
      ---
      title: Retired kid
      id: p2
      logsource: {product: haechi, service: gateway}
      detection:
        sel: {token.kid|expand: '%untrusted_kids%'}
        condition: sel
      ---
      title: Admin
      id: p3
      logsource: {product: haechi, service: gateway}
      detection:
        sel: {user.name|expand: '%privileged_users%'}
        condition: sel
      """;

  static List<String> matches(DetectionEngine e, String json) {
    return e.match(JsonMapper.builder().build().readTree(json)).stream()
        .map(r -> r.rule().id())
        .toList();
  }

  @Test
  void placeholders_expand_to_terminated_people_untrusted_kids_and_privileged_principals() {
    IdentityContext c =
        IdentityContext.builder()
            .asOf(LocalDate.of(2025, 11, 20))
            .employee(new Employee("E1", true, LocalDate.of(2024, 12, 13)), "jkim")
            .employee(new Employee("E2", false, LocalDate.of(2026, 1, 31)), "leaving")
            .signingKey("auth-2022-01", KeyStatus.RETIRED, null)
            .signingKey("auth-2023-07", KeyStatus.CUSTODIAN_LEFT, null)
            .signingKey("auth-2025-01", KeyStatus.ACTIVE, null)
            .privileged("root-admin")
            .build();
    RuleSet rules = RuleLoader.loadText("p.yml", RULES);
    DetectionEngine e = IdentityAwareEngine.compile(rules, List.of(), c);
    assertThat(e.failures()).isEmpty();
    assertThat(matches(e, "{\"user\":{\"name\":\"JKIM\"}}")).containsExactly("p1");
    assertThat(matches(e, "{\"user\":{\"name\":\"leaving\"}}")).isEmpty();
    assertThat(matches(e, "{\"token\":{\"kid\":\"auth-2022-01\"}}")).containsExactly("p2");
    assertThat(matches(e, "{\"token\":{\"kid\":\"auth-2023-07\"}}")).containsExactly("p2");
    assertThat(matches(e, "{\"token\":{\"kid\":\"auth-2025-01\"}}")).isEmpty();
    assertThat(matches(e, "{\"user\":{\"name\":\"root-admin\"}}")).containsExactly("p3");
  }

  @Test
  void an_empty_placeholder_compiles_and_matches_nothing() {
    DetectionEngine e =
        IdentityAwareEngine.compile(
            RuleLoader.loadText("p.yml", RULES), List.of(), IdentityContext.empty());
    assertThat(e.failures()).isEmpty();
    assertThat(matches(e, "{\"user\":{\"name\":\"\"},\"token\":{\"kid\":\"\"}}")).isEmpty();
    assertThat(matches(e, "{\"user\":{\"name\":\"anyone\"},\"token\":{\"kid\":\"k\"}}")).isEmpty();
  }
}
