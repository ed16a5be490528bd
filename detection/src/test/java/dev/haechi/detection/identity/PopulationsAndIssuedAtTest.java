package dev.haechi.detection.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.detection.builtin.BuiltinRules;
import dev.haechi.detection.engine.Alert;
import dev.haechi.detection.engine.DetectionEngine;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 5: customers (member IDs) and employees are different populations, and a token
 * minted after its key stopped being trusted is suspect even while the key is the signing key. Each
 * case runs the built-in pack end to end.
 */
class PopulationsAndIssuedAtTest {
  static final String TERMINATED = "3fcad5ad-e5d7-4ae3-8bbc-711f8d0aebd4";
  static final String MINTED_AFTER = "4578ae34-c2a2-49cb-8117-8af81925c76a";
  static final String UNTRUSTED_KEY = "263fe535-901c-4143-97e9-41e147ee25a1";

  static List<String> fired(IdentityContext context, String event) {
    DetectionEngine engine = IdentityAwareEngine.compile(BuiltinRules.load(), List.of(), context);
    List<Alert> out = new ArrayList<>();
    engine.evaluate(event, out::add);
    return out.stream().map(Alert::ruleId).toList();
  }

  @Test
  void a_customer_whose_member_id_equals_a_terminated_employees_id_or_username_is_no_leaver() {
    // employee 1000123 left in 2024; so did the one with username 1000456; both strings are also
    // member IDs of customers
    IdentityContext c =
        IdentityContext.builder()
            .memberRange(1_000_000, 1_000)
            .employee(new Employee("1000123", true, LocalDate.of(2024, 12, 13)), "pyoon")
            .employee(new Employee("E1002", true, LocalDate.of(2024, 12, 13)), "1000456")
            .build();
    String customer =
        "{\"@timestamp\":\"2025-06-24T03:12:45Z\",\"user\":{\"id\":\"%s\"},"
            + "\"token\":{\"kid\":\"k\",\"sub\":\"%s\"}}";
    assertThat(fired(c, customer.formatted("1000123", "1000123"))).doesNotContain(TERMINATED);
    assertThat(fired(c, customer.formatted("1000456", "1000456"))).doesNotContain(TERMINATED);
    // the same people acting under their workforce names are still leavers
    assertThat(fired(c, "{\"@timestamp\":\"2025-06-24T03:12:45Z\",\"user\":{\"name\":\"pyoon\"}}"))
        .contains(TERMINATED);
    IdentityEnrichment e = new IdentityEnrichment(c, DisclosureBaseline.Settings.DEFAULT);
    assertThat(
            e.hrStatus(IdentityEnrichmentTest.event(customer.formatted("1000123", "1000123")))
                .asString())
        .isEqualTo("unknown");
  }

  @Test
  void without_a_member_id_space_a_roster_name_is_still_an_employee() {
    IdentityContext c =
        IdentityContext.builder()
            .employee(new Employee("1000123", true, LocalDate.of(2024, 12, 13)), "pyoon")
            .build();
    assertThat(fired(c, "{\"@timestamp\":\"2025-06-24T03:12:45Z\",\"user\":{\"id\":\"1000123\"}}"))
        .contains(TERMINATED);
  }

  static final IdentityContext KEYS =
      IdentityContext.builder()
          // the custodian left on 2024-12-13; the key is still published and still signs
          .signingKey(
              "gateway",
              "auth-2022-01",
              KeyStatus.CUSTODIAN_LEFT,
              Instant.parse("2024-12-13T00:00:00Z"))
          .signingKey(
              "gateway", "auth-2019", KeyStatus.RETIRED, Instant.parse("2025-03-01T00:00:00Z"))
          .signingKey("gateway", "auth-2018", KeyStatus.RETIRED, null)
          .signingKey("gateway", "auth-2025-01", KeyStatus.ACTIVE, null)
          .build();

  static String token(String kid, String iat) {
    return "{\"@timestamp\":\"2025-06-24T03:12:45Z\",\"user\":{\"id\":\"1000234\"},"
        + "\"token\":{\"iss\":\"gateway\",\"kid\":\""
        + kid
        + "\",\"sub\":\"1000234\",\"iat\":"
        + iat
        + "}}";
  }

  @Test
  void a_token_issued_after_its_keys_custodian_left_is_suspect_one_issued_before_is_not() {
    long after = Instant.parse("2025-06-24T03:00:00Z").getEpochSecond();
    long before = Instant.parse("2024-12-12T08:00:00Z").getEpochSecond();
    assertThat(fired(KEYS, token("auth-2022-01", Long.toString(after))))
        .contains(MINTED_AFTER, UNTRUSTED_KEY);
    // issued before the leaving day, used after: the key rule fires, the minted-after rule not
    assertThat(fired(KEYS, token("auth-2022-01", Long.toString(before))))
        .contains(UNTRUSTED_KEY)
        .doesNotContain(MINTED_AFTER);
    // milliseconds are told apart by magnitude
    assertThat(fired(KEYS, token("auth-2022-01", Long.toString(after * 1000))))
        .contains(MINTED_AFTER);
  }

  @Test
  void a_token_issued_after_its_keys_retirement_is_suspect_when_the_retirement_time_is_known() {
    long after = Instant.parse("2025-03-02T00:00:00Z").getEpochSecond();
    long before = Instant.parse("2025-02-27T00:00:00Z").getEpochSecond();
    assertThat(fired(KEYS, token("auth-2019", Long.toString(after)))).contains(MINTED_AFTER);
    assertThat(fired(KEYS, token("auth-2019", Long.toString(before)))).doesNotContain(MINTED_AFTER);
    // no retirement time, no judgement; an active key is never suspect by its tokens' iat
    assertThat(fired(KEYS, token("auth-2018", Long.toString(after)))).doesNotContain(MINTED_AFTER);
    assertThat(fired(KEYS, token("auth-2025-01", Long.toString(after))))
        .doesNotContain(MINTED_AFTER, UNTRUSTED_KEY);
    // no iat: absent, so silent
    assertThat(
            fired(
                KEYS,
                "{\"@timestamp\":\"2025-06-24T03:12:45Z\",\"token\":{\"iss\":\"gateway\","
                    + "\"kid\":\"auth-2022-01\",\"sub\":\"1000234\"}}"))
        .doesNotContain(MINTED_AFTER);
  }
}
