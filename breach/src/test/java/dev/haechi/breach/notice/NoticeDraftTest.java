package dev.haechi.breach.notice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.breach.scope.ScopeQuery;
import dev.haechi.breach.scope.ScopeResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class NoticeDraftTest {
  private static final ScopeResult SCOPE =
      new ScopeResult(
          4_536,
          new TreeMap<>(Map.of("name", 4_536L, "address", 4_100L)),
          Instant.parse("2025-06-24T03:12:45Z"),
          Instant.parse("2025-11-08T17:40:00Z"),
          9_001,
          new TreeMap<>(Map.of("2025-06-24", 12L)),
          ScopeQuery.of(ScopeQuery.Selector.KID, List.of("auth-2022-01"), null, null),
          "0123456789abcdef0123",
          true,
          List.of(),
          List.of());

  private static final NoticeContact CONFIGURED =
      new NoticeContact(
          "Coupang Retail Co.",
          "Kim Minji (CPO)",
          "privacy@example.co.kr, 1588-0000",
          "Personal Information Protection Commission (PIPC)");

  @Test
  void the_configured_organisation_officer_contact_and_regulator_appear_in_both_drafts() {
    String en = NoticeDraft.english(SCOPE, CONFIGURED);
    String ko = NoticeDraft.korean(SCOPE, CONFIGURED);
    for (String draft : List.of(en, ko)) {
      assertThat(draft)
          .contains("Coupang Retail Co.")
          .contains("Kim Minji (CPO)")
          .contains("privacy@example.co.kr, 1588-0000")
          .contains("Personal Information Protection Commission (PIPC)")
          .doesNotContain("NOT SET")
          .doesNotContain("the organisation")
          .doesNotContain("Contact: privacy office.");
    }
    assertThat(en).startsWith("Notice of a personal data breach — Coupang Retail Co.");
    assertThat(en).contains("People affected: 4536.");
    assertThat(ko).startsWith("개인정보 유출 통지 — Coupang Retail Co.");
    assertThat(CONFIGURED.missing()).isEmpty();
    assertThat(CONFIGURED.warnings()).isEmpty();
  }

  @Test
  void an_unset_setting_is_marked_in_the_draft_and_named_in_a_warning_never_a_placeholder() {
    NoticeContact partial = new NoticeContact("Coupang Retail Co.", null, "  ", null);
    String en = NoticeDraft.english(SCOPE, partial);
    String ko = NoticeDraft.korean(SCOPE, partial);
    for (String draft : List.of(en, ko)) {
      assertThat(draft)
          .contains("[NOT SET: haechi.breach.notice.privacy-officer]")
          .contains("[NOT SET: haechi.breach.notice.contact]")
          .contains("[NOT SET: haechi.breach.notice.regulator]")
          .doesNotContain("[NOT SET: haechi.breach.notice.organisation]")
          .doesNotContain("Contact: privacy office.");
    }
    assertThat(partial.missing())
        .containsExactly(
            NoticeContact.PRIVACY_OFFICER, NoticeContact.CONTACT, NoticeContact.REGULATOR);
    assertThat(partial.warnings())
        .hasSize(3)
        .first()
        .asString()
        .contains("haechi.breach.notice.privacy-officer is not set")
        .contains("HAECHI_BREACH_NOTICE_PRIVACYOFFICER");
    assertThat(NoticeContact.none().missing()).hasSize(4);
    assertThat(NoticeDraft.english(SCOPE, NoticeContact.none()))
        .startsWith(
            "Notice of a personal data breach — [NOT SET: haechi.breach.notice.organisation]");
  }

  @Test
  void environment_variables_set_it_and_explicit_values_override_them() {
    NoticeContact env =
        NoticeContact.fromEnvironment(
            Map.of(
                "HAECHI_BREACH_NOTICE_ORGANISATION", "Env Org",
                "HAECHI_BREACH_NOTICE_PRIVACYOFFICER", "Env Officer",
                "HAECHI_BREACH_NOTICE_CONTACT", "env@example.org",
                "HAECHI_BREACH_NOTICE_REGULATOR", "Env Regulator"));
    assertThat(env)
        .isEqualTo(new NoticeContact("Env Org", "Env Officer", "env@example.org", "Env Regulator"));
    NoticeContact merged = env.overriddenBy(new NoticeContact("Flag Org", null, "", null));
    assertThat(merged)
        .isEqualTo(
            new NoticeContact("Flag Org", "Env Officer", "env@example.org", "Env Regulator"));
  }
}
