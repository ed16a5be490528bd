package dev.haechi.app.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.haechi.app.ServerTestSupport;
import dev.haechi.app.audit.AuditLog;
import dev.haechi.app.security.Role;
import dev.haechi.identity.IdentityReconciler;
import dev.haechi.identity.ReconcileOptions;
import dev.haechi.identity.model.Account;
import dev.haechi.identity.model.IdentitySnapshot;
import dev.haechi.identity.model.Person;
import dev.haechi.identity.model.PersonStatus;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Issue 12 item 6, through the API: an analyst decides only open ambiguous cases, and a decision
 * that would close a leaver finding waits for an admin who is a second person.
 */
class OwnerDecisionsTest extends ServerTestSupport {
  @Autowired IdentityState identity;
  @Autowired DecisionStore decisions;
  @Autowired AuditLog audit;

  static Person person(String id, PersonStatus status, LocalDate left) {
    return new Person(
        id,
        null,
        "owncase",
        "Jae",
        "Kim",
        "Platform",
        "Engineer",
        null,
        status,
        LocalDate.of(2020, 1, 6),
        left,
        Map.of(),
        null);
  }

  static Account account(String id, String username, String employeeId) {
    return new Account(
        "owncrm",
        id,
        username,
        null,
        employeeId,
        true,
        false,
        null,
        false,
        null,
        null,
        List.of(),
        Map.of(),
        null);
  }

  @BeforeEach
  void reconciliationWithACase() {
    var snapshot =
        new IdentitySnapshot(
            List.of(
                person("OWN1", PersonStatus.TERMINATED, LocalDate.of(2024, 12, 13)),
                person("OWN2", PersonStatus.ACTIVE, null)),
            List.of(account("u-1", "someone-else", "OWN1"), account("u-77", "owncase", null)),
            List.of(),
            List.of(),
            List.of(),
            0);
    LocalDate today = LocalDate.now();
    identity.replace(
        "test",
        today,
        snapshot,
        IdentityReconciler.reconcile(snapshot, ReconcileOptions.asOf(today)));
    assertThat(identity.cases()).anyMatch(c -> c.accountKey().equals("owncrm:u-77"));
  }

  private ResultActions decide(String token, String accountKey, String employeeId)
      throws Exception {
    return mvc.perform(
        post("/api/v1/identity/cases/" + accountKey + "/decision")
            .header("Authorization", "Bearer " + token)
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"employeeId\":\"" + employeeId + "\"}"));
  }

  @Test
  void an_analyst_decides_only_open_cases_and_closing_a_leaver_finding_needs_an_admin()
      throws Exception {
    String analyst = tokenFor("own-analyst", Role.ANALYST);
    String analyst2 = tokenFor("own-analyst2", Role.ANALYST);
    String admin = tokenFor("own-admin", Role.ADMIN);

    // The leaver's linked account is no case: an analyst cannot hand it to someone else.
    decide(analyst, "owncrm:u-1", "OWN2")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value(containsString("not an open ambiguous case")));
    decide(analyst, "owncrm:u-77", "E-NOBODY")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value(containsString("not one of this case's candidates")));
    assertThat(decisions.all()).doesNotContainKeys("owncrm:u-1");

    // Tying the case to the leaver opens a finding: that applies at once.
    decide(analyst, "owncrm:u-77", "OWN1").andExpect(status().isNoContent());
    assertThat(decisions.all()).containsEntry("owncrm:u-77", "OWN1");

    // Handing it on to the active person would close the leaver finding: it waits for an admin.
    decide(analyst2, "owncrm:u-77", "OWN2")
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.status").value("awaiting-approval"))
        .andExpect(jsonPath("$.closes[0]").value(containsString("leaver-active-account")));
    assertThat(decisions.all()).containsEntry("owncrm:u-77", "OWN1");
    mvc.perform(get("/api/v1/identity/cases/requests").header("Authorization", "Bearer " + analyst))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[?(@.accountKey=='owncrm:u-77')].requestedBy").value("own-analyst2"));

    mvc.perform(
            post("/api/v1/identity/cases/owncrm:u-77/decision/approve")
                .header("Authorization", "Bearer " + analyst))
        .andExpect(status().isForbidden());
    mvc.perform(
            post("/api/v1/identity/cases/owncrm:u-77/decision/approve")
                .header("Authorization", "Bearer " + admin))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("applied"));
    assertThat(decisions.all()).containsEntry("owncrm:u-77", "OWN2");
    assertThat(audit.page(0, 20))
        .extracting(r -> r.action())
        .contains("identity.case-decision-requested", "identity.case-decision-approved");

    // An admin decides any account, audited.
    decide(admin, "owncrm:u-1", "OWN1").andExpect(status().isNoContent());
  }
}
