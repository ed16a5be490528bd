package dev.haechi.detection.builtin;

import static dev.haechi.detection.identity.GatewayEvents.ids;
import static dev.haechi.detection.identity.GatewayEvents.member;
import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.detection.engine.Alert;
import dev.haechi.detection.engine.DetectionEngine;
import dev.haechi.detection.identity.Employee;
import dev.haechi.detection.identity.GatewayEvents;
import dev.haechi.detection.identity.IdentityAwareEngine;
import dev.haechi.detection.identity.IdentityContext;
import dev.haechi.detection.identity.KeyStatus;
import dev.haechi.detection.rules.RuleSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Each built-in rule fires on the pattern it is for and stays silent on its look-alike. */
class BuiltinRulesTest {
  static final Instant T0 = Instant.parse("2025-06-24T03:00:00Z");

  static final IdentityContext CONTEXT =
      IdentityContext.builder()
          .asOf(LocalDate.of(2025, 11, 20))
          .memberRange(1_000_000, 100_000)
          .signingKey("auth-2022-01", KeyStatus.RETIRED, null)
          .signingKey(
              "auth-2023-07", KeyStatus.CUSTODIAN_LEFT, Instant.parse("2024-12-13T00:00:00Z"))
          .signingKey("auth-2025-01", KeyStatus.ACTIVE, null)
          .employee(
              new Employee("E1001", true, LocalDate.of(2024, 12, 13)),
              "jkim",
              "jkim@retail.example")
          .employee(new Employee("E1004", false, null), "hchoi", "hchoi@retail.example")
          .accountName("cs-agent-7")
          .privileged("hchoi")
          .usualCountries("hchoi", List.of("KR"))
          .usualCountries("jkim", List.of("KR"))
          .build();

  private final DetectionEngine engine =
      IdentityAwareEngine.compile(BuiltinRules.load(), List.of(), CONTEXT);

  private List<String> fired(String line) {
    List<String> ids = new ArrayList<>();
    engine.evaluate(line, (Alert a) -> ids.add(a.ruleId()));
    return ids;
  }

  @Test
  void the_pack_loads_and_compiles_without_failures() {
    RuleSet rules = BuiltinRules.load();
    assertThat(rules.report().failures()).isEmpty();
    assertThat(rules.rules()).hasSize(7);
    assertThat(rules.correlations()).hasSize(1);
    assertThat(engine.failures()).isEmpty();
  }

  @Test
  void every_rule_has_id_title_level_description_falsepositives_and_attack_tags() {
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    int documents = 0;
    for (String file : BuiltinRules.files()) {
      for (Object doc : yaml.loadAll(BuiltinRules.text(file))) {
        documents++;
        Map<?, ?> m = (Map<?, ?>) doc;
        assertThat(String.valueOf(m.get("id")))
            .as(file)
            .matches("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");
        assertThat(String.valueOf(m.get("title"))).as(file).isNotBlank().isNotEqualTo("null");
        assertThat(String.valueOf(m.get("description"))).as(file).isNotBlank().isNotEqualTo("null");
        assertThat(m.get("level"))
            .as(file)
            .isIn("informational", "low", "medium", "high", "critical");
        assertThat((List<?>) m.get("falsepositives")).as(file).isNotEmpty();
        List<?> tags = (List<?>) m.get("tags");
        assertThat(tags)
            .as(file)
            .isNotEmpty()
            .allMatch(t -> t.toString().matches("^[a-z0-9_-]+\\.[a-z0-9._-]+$"));
        assertThat(tags).as(file).anyMatch(t -> t.toString().startsWith("attack."));
        if (!m.containsKey("correlation")) {
          assertThat(((Map<?, ?>) m.get("logsource")).get("product")).as(file).isEqualTo("haechi");
        }
      }
    }
    assertThat(documents).isEqualTo(8);
  }

  @Test
  void a_token_signed_by_a_retired_or_custodian_left_key_is_critical() {
    Instant at = T0;
    assertThat(fired(member(at, "1000234", "auth-2022-01", "203.0.113.9").line()))
        .containsExactly(BuiltinRules.UNTRUSTED_KEY);
    assertThat(fired(member(at, "1000235", "auth-2023-07", "203.0.113.9").line()))
        .containsExactly(BuiltinRules.UNTRUSTED_KEY);
    assertThat(
            engine.rules().stream().filter(r -> BuiltinRules.UNTRUSTED_KEY.equals(r.rule().id())))
        .allMatch(r -> r.rule().level().equals("critical"));
  }

  @Test
  void a_token_signed_by_an_active_or_unknown_key_or_before_the_custodian_left_is_not_flagged() {
    assertThat(fired(member(T0, "1000234", "auth-2025-01", "198.51.100.7").line())).isEmpty();
    assertThat(fired(member(T0, "1000234", "other-kid", "198.51.100.7").line())).isEmpty();
    Instant before = Instant.parse("2024-06-01T00:00:00Z");
    assertThat(fired(member(before, "1000234", "auth-2023-07", "198.51.100.7").line())).isEmpty();
  }

  @Test
  void a_token_for_a_member_id_that_does_not_exist_is_flagged() {
    assertThat(fired(member(T0, "9999999", "auth-2025-01", "198.51.100.7").line()))
        .containsExactly(BuiltinRules.NONEXISTENT_USER);
  }

  @Test
  void
      a_token_for_an_existing_member_or_employee_is_not_flagged_nor_is_any_id_without_a_member_space() {
    assertThat(fired(member(T0, "1099999", "auth-2025-01", "198.51.100.7").line())).isEmpty();
    assertThat(
            fired(
                GatewayEvents.at(T0)
                    .token("auth-2025-01", "hchoi")
                    .source("198.51.100.7", "KR")
                    .line()))
        .isEmpty();
    DetectionEngine noMembers =
        IdentityAwareEngine.compile(BuiltinRules.load(), List.of(), IdentityContext.empty());
    List<String> ids = new ArrayList<>();
    noMembers.evaluate(
        member(T0, "9999999", "auth-2025-01", "198.51.100.7").line(), a -> ids.add(a.ruleId()));
    assertThat(ids).isEmpty();
  }

  @Test
  void any_activity_of_a_terminated_employee_after_the_leaving_date_is_flagged() {
    String line =
        GatewayEvents.at("2025-01-06T01:00:00Z")
            .userName("jkim")
            .token("auth-2025-01", "E1001")
            .source("198.51.100.7", "KR")
            .line();
    assertThat(fired(line)).containsExactly(BuiltinRules.TERMINATED_ACTIVITY);
  }

  @Test
  void the_same_employee_before_leaving_and_an_active_employee_are_not_flagged() {
    String before =
        GatewayEvents.at("2024-12-12T23:59:59Z")
            .userName("jkim")
            .token("auth-2025-01", "E1001")
            .source("198.51.100.7", "KR")
            .line();
    String active =
        GatewayEvents.at("2025-01-06T01:00:00Z")
            .userName("hchoi")
            .token("auth-2025-01", "E1004")
            .source("198.51.100.7", "KR")
            .line();
    assertThat(fired(before)).isEmpty();
    assertThat(fired(active)).isEmpty();
  }

  @Test
  void one_kid_and_source_walking_a_hundred_distinct_subjects_in_ten_minutes_is_enumeration() {
    List<String> all = new ArrayList<>();
    List<String> members = ids(1_000_000, 100);
    for (int i = 0; i < members.size(); i++) {
      Instant at = T0.plusSeconds(5L * i);
      all.addAll(fired(member(at, members.get(i), "auth-2025-01", "203.0.113.9").line()));
    }
    assertThat(all).containsExactly(BuiltinRules.SUBJECT_ENUMERATION);
  }

  @Test
  void ninety_nine_subjects_or_a_slow_walk_or_many_sources_is_not_enumeration() {
    List<String> all = new ArrayList<>();
    List<String> members = ids(1_000_000, 200);
    for (int i = 0; i < 99; i++) {
      all.addAll(
          fired(member(T0.plusSeconds(i), members.get(i), "auth-2025-01", "203.0.113.9").line()));
    }
    Instant later = T0.plus(Duration.ofHours(2));
    for (int i = 0; i < 100; i++) {
      // one request every 7 minutes: never 100 in a 10-minute window
      all.addAll(
          fired(
              member(
                      later.plus(Duration.ofMinutes(7L * i)),
                      members.get(i),
                      "auth-2025-01",
                      "203.0.113.10")
                  .line()));
    }
    Instant other = T0.plus(Duration.ofDays(1));
    for (int i = 0; i < 150; i++) {
      all.addAll(
          fired(
              member(
                      other.plusSeconds(i),
                      members.get(i),
                      "auth-2025-01",
                      "198.51.100." + (i % 100))
                  .line()));
    }
    assertThat(all).isEmpty();
  }

  @Test
  void a_principal_disclosing_far_more_than_its_own_trailing_baseline_is_flagged_once() {
    List<String> all = new ArrayList<>();
    // 24 hours at 20 subjects an hour (baseline 20, threshold max(200, 10 × 20) = 200)
    for (int h = 0; h < 24; h++) {
      all.addAll(fired(agentReads(T0.plus(Duration.ofHours(h)), 1_000_000 + h * 20L, 20)));
    }
    assertThat(all).isEmpty();
    Instant burst = T0.plus(Duration.ofHours(24));
    for (int i = 0; i < 30; i++) {
      all.addAll(fired(agentReads(burst.plusSeconds(10L * i), 1_010_000 + i * 10L, 10)));
    }
    assertThat(all).containsExactly(BuiltinRules.BULK_DISCLOSURE);
  }

  @Test
  void a_principal_whose_baseline_is_high_is_not_flagged_for_its_usual_volume() {
    List<String> afterFirstDay = new ArrayList<>();
    for (int h = 0; h < 30; h++) {
      Instant hour = T0.plus(Duration.ofHours(h));
      for (int i = 0; i < 50; i++) {
        // 500 subjects an hour, every hour: far above the minimum but never 10 times itself
        List<String> ids = fired(agentReads(hour.plusSeconds(60L * i), 1_000_000 + i * 10L, 10));
        if (h >= 24) {
          afterFirstDay.addAll(ids);
        }
      }
    }
    assertThat(afterFirstDay).isEmpty();
  }

  @Test
  void a_privileged_principal_acting_from_a_country_it_never_used_is_flagged() {
    String line =
        GatewayEvents.at(T0)
            .userName("hchoi")
            .token("auth-2025-01", "E1004")
            .source("203.0.113.9", "CN")
            .line();
    assertThat(fired(line)).containsExactly(BuiltinRules.PRIVILEGED_NEW_COUNTRY);
  }

  @Test
  void a_privileged_principal_at_home_or_an_unprivileged_one_abroad_is_not_flagged() {
    String home =
        GatewayEvents.at(T0)
            .userName("hchoi")
            .token("auth-2025-01", "E1004")
            .source("198.51.100.7", "KR")
            .line();
    String member =
        member(T0, "1000234", "auth-2025-01", "203.0.113.9").line().replace("\"KR\"", "\"CN\"");
    assertThat(fired(home)).isEmpty();
    assertThat(fired(member)).isEmpty();
  }

  private static String agentReads(Instant at, long firstSubject, int n) {
    return GatewayEvents.at(at)
        .user("cs-agent-7")
        .token("auth-2025-01", "cs-agent-7")
        .source("198.51.100.20", "KR")
        .subjects(ids(firstSubject, n))
        .line();
  }
}
