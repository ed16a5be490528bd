package dev.haechi.identity.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.core.Finding;
import dev.haechi.identity.IdentityReconciler;
import dev.haechi.identity.ReconcileOptions;
import dev.haechi.identity.ReconcileResult;
import dev.haechi.identity.model.Account;
import dev.haechi.identity.model.IdentitySnapshot;
import dev.haechi.identity.model.Person;
import dev.haechi.identity.model.PersonStatus;
import dev.haechi.identity.model.SourceRef;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An account whose only candidate owners are leavers is a finding, not silence (issue 10). */
class EveryCandidateLeftTest {
  private static Person person(String id, String email, PersonStatus status, LocalDate left) {
    return new Person(
        id,
        email,
        null,
        "P",
        id,
        null,
        null,
        null,
        status,
        null,
        left,
        Map.of(),
        new SourceRef("hr.csv", 2));
  }

  private static Account kiosk() {
    return new Account(
        "shop",
        "kiosk-7",
        "RETAIL\\JIKIM",
        null,
        null,
        true,
        false,
        null,
        false,
        null,
        null,
        List.of(),
        Map.of(),
        new SourceRef("shop.csv", 9));
  }

  private static ReconcileResult reconcile(Person... people) {
    return IdentityReconciler.reconcile(
        new IdentitySnapshot(List.of(people), List.of(kiosk()), List.of(), List.of(), List.of(), 0),
        ReconcileOptions.asOf(LocalDate.of(2025, 6, 30)));
  }

  @Test
  void an_account_whose_candidates_all_left_is_a_leaver_finding() {
    ReconcileResult r =
        reconcile(
            person("E1", "jikim@a.example", PersonStatus.TERMINATED, LocalDate.of(2025, 1, 31)),
            person("E2", "jikim@b.example", PersonStatus.TERMINATED, LocalDate.of(2024, 5, 1)));

    assertThat(r.cases()).hasSize(1);
    assertThat(r.findings()).hasSize(1);
    Finding f = r.findings().get(0);
    assertThat(f.type()).isEqualTo("leaver-active-account");
    assertThat(f.severity().label()).isEqualTo("high");
    assertThat(f.title())
        .isEqualTo(
            "Every possible owner of enabled shop account RETAIL\\JIKIM has left: P E1 (E1), P E2 (E2)");
    assertThat(f.subject()).containsEntry("account", "kiosk-7").doesNotContainKey("person");
    assertThat(f.evidence()).hasSize(3).first().asString().startsWith("shop.csv:9:");
  }

  @Test
  void one_candidate_still_here_leaves_the_case_to_a_person() {
    ReconcileResult r =
        reconcile(
            person("E1", "jikim@a.example", PersonStatus.TERMINATED, LocalDate.of(2025, 1, 31)),
            person("E2", "jikim@b.example", PersonStatus.ACTIVE, null));

    assertThat(r.cases()).hasSize(1);
    assertThat(r.findings()).isEmpty();
  }
}
