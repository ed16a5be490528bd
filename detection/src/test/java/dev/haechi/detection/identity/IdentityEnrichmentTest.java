package dev.haechi.detection.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The enrichment fields' values, field by field (EnrichmentFields' table). */
class IdentityEnrichmentTest {
  static final IdentityContext CONTEXT =
      IdentityContext.builder()
          .memberRange(1_000_000, 10)
          .userId("guest-42")
          .employee(
              new Employee("E1001", false, LocalDate.of(2024, 12, 13)), "jkim", "jkim@x.example")
          .employee(new Employee("E1003", true, null), "mpark")
          .signingKey("old", KeyStatus.RETIRED, Instant.parse("2025-01-01T00:00:00Z"))
          .signingKey("held", KeyStatus.CUSTODIAN_LEFT, null)
          .signingKey("new", KeyStatus.ACTIVE, null)
          .privileged("Admin1")
          .usualCountries("admin1", List.of("kr", "JP"))
          .build();

  final IdentityEnrichment enrichment =
      new IdentityEnrichment(CONTEXT, DisclosureBaseline.Settings.DEFAULT);

  static JsonNode event(String json) {
    return JsonMapper.builder().build().readTree(json);
  }

  static String value(JsonNode n) {
    return n == null ? "<absent>" : n.asString();
  }

  @Test
  void user_exists_is_true_for_members_and_roster_names_false_otherwise_and_absent_without_ids() {
    assertThat(value(enrichment.userExists(event("{\"token\":{\"sub\":\"1000009\"}}"))))
        .isEqualTo("true");
    assertThat(value(enrichment.userExists(event("{\"token\":{\"sub\":\"1000010\"}}"))))
        .isEqualTo("false");
    assertThat(value(enrichment.userExists(event("{\"user\":{\"id\":\"guest-42\"}}"))))
        .isEqualTo("true");
    assertThat(value(enrichment.userExists(event("{\"user\":{\"id\":\"JKIM\"}}"))))
        .isEqualTo("true");
    assertThat(value(enrichment.userExists(event("{\"user\":{\"id\":\"01000001\"}}"))))
        .isEqualTo("false");
    assertThat(
            value(
                enrichment.userExists(
                    event("{\"user\":{\"id\":\"1000001\"},\"token\":{\"sub\":\"7\"}}"))))
        .isEqualTo("false");
    assertThat(value(enrichment.userExists(event("{\"user\":{\"name\":\"x\"}}"))))
        .isEqualTo("<absent>");
    IdentityEnrichment empty =
        new IdentityEnrichment(IdentityContext.empty(), DisclosureBaseline.Settings.DEFAULT);
    assertThat(value(empty.userExists(event("{\"token\":{\"sub\":\"7\"}}")))).isEqualTo("<absent>");
  }

  @Test
  void hr_status_is_judged_on_the_event_day_against_the_leaving_date() {
    String on = "{\"@timestamp\":\"%s\",\"user\":{\"name\":\"%s\"}}";
    assertThat(value(enrichment.hrStatus(event(on.formatted("2024-12-12T23:00:00Z", "jkim")))))
        .isEqualTo("active");
    assertThat(value(enrichment.hrStatus(event(on.formatted("2024-12-13T00:00:00Z", "jkim")))))
        .isEqualTo("terminated");
    assertThat(value(enrichment.hrStatus(event(on.formatted("2020-01-01T00:00:00Z", "MPARK")))))
        .isEqualTo("terminated");
    assertThat(value(enrichment.hrStatus(event(on.formatted("2025-01-01T00:00:00Z", "1000001")))))
        .isEqualTo("unknown");
    assertThat(value(enrichment.hrStatus(event("{\"user\":{\"email\":\"jkim@x.example\"}}"))))
        .isEqualTo("active");
    assertThat(value(enrichment.hrStatus(event("{\"source\":{\"ip\":\"1.2.3.4\"}}"))))
        .isEqualTo("<absent>");
  }

  @Test
  void key_status_is_the_kids_status_from_its_date_and_unknown_for_other_kids() {
    String tok = "{\"@timestamp\":\"%s\",\"token\":{\"kid\":\"%s\"}}";
    assertThat(value(enrichment.keyStatus(event(tok.formatted("2025-02-01T00:00:00Z", "old")))))
        .isEqualTo("retired");
    assertThat(value(enrichment.keyStatus(event(tok.formatted("2024-12-31T00:00:00Z", "old")))))
        .isEqualTo("active");
    assertThat(value(enrichment.keyStatus(event(tok.formatted("2024-12-31T00:00:00Z", "held")))))
        .isEqualTo("custodian-left");
    assertThat(value(enrichment.keyStatus(event(tok.formatted("2024-12-31T00:00:00Z", "new")))))
        .isEqualTo("active");
    assertThat(value(enrichment.keyStatus(event(tok.formatted("2024-12-31T00:00:00Z", "OLD")))))
        .isEqualTo("unknown");
    assertThat(value(enrichment.keyStatus(event("{\"token\":{\"sub\":\"1\"}}"))))
        .isEqualTo("<absent>");
  }

  @Test
  void privileged_and_country_new_follow_the_principal_case_insensitively() {
    String ev = "{\"user\":{\"name\":\"%s\"},\"source\":{\"geo\":{\"country_iso_code\":\"%s\"}}}";
    assertThat(value(enrichment.privileged(event(ev.formatted("ADMIN1", "KR"))))).isEqualTo("true");
    assertThat(value(enrichment.privileged(event(ev.formatted("jkim", "KR"))))).isEqualTo("false");
    assertThat(value(enrichment.countryNew(event(ev.formatted("admin1", "jp")))))
        .isEqualTo("false");
    assertThat(value(enrichment.countryNew(event(ev.formatted("admin1", "CN"))))).isEqualTo("true");
    assertThat(value(enrichment.countryNew(event(ev.formatted("jkim", "CN")))))
        .isEqualTo("<absent>");
  }

  @Test
  void key_status_is_keyed_by_issuer_and_kid_never_kid_alone() {
    // Two issuers both use kid "k1": the one retired at issuer A says nothing about issuer B's.
    IdentityContext ctx =
        IdentityContext.builder()
            .signingKey("https://a.example", "k1", KeyStatus.RETIRED, null)
            .signingKey("https://b.example", "k1", KeyStatus.ACTIVE, null)
            .build();
    IdentityEnrichment e = new IdentityEnrichment(ctx, DisclosureBaseline.Settings.DEFAULT);
    assertThat(
            value(e.keyStatus(event("{\"token\":{\"kid\":\"k1\",\"iss\":\"https://b.example\"}}"))))
        .isEqualTo("active");
    assertThat(
            value(e.keyStatus(event("{\"token\":{\"kid\":\"k1\",\"iss\":\"https://a.example\"}}"))))
        .isEqualTo("retired");
    // a third issuer, or a token naming no issuer while two share the kid: not known
    assertThat(
            value(e.keyStatus(event("{\"token\":{\"kid\":\"k1\",\"iss\":\"https://c.example\"}}"))))
        .isEqualTo("unknown");
    assertThat(value(e.keyStatus(event("{\"token\":{\"kid\":\"k1\"}}")))).isEqualTo("unknown");
  }
}
