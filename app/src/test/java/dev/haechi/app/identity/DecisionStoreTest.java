package dev.haechi.app.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haechi.app.store.StoreFixture;
import dev.haechi.app.store.TestDatabases;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DecisionStoreTest {

  static List<StoreFixture> stores() throws Exception {
    List<StoreFixture> out = new ArrayList<>();
    for (var target : TestDatabases.fresh()) {
      out.add(StoreFixture.migrated(target));
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void a_decision_is_remembered_changed_by_a_later_one_and_audited(StoreFixture store) {
    DecisionStore decisions = new DecisionStore(store.jdbc(), store.auditLog());
    decisions.decide("alice", "crm:jkim", "E100352");
    decisions.decide("bob", "crm:jkim", "E100353");
    decisions.decide("bob", "vpn:x", "E1");
    assertThat(decisions.all()).containsEntry("crm:jkim", "E100353").containsEntry("vpn:x", "E1");
    assertThat(store.auditLog().page(0, 5))
        .extracting(r -> r.actor() + " " + r.action() + " " + r.details())
        .contains("alice identity.case-resolved person=E100352");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void a_malformed_decision_is_refused_naming_the_field(StoreFixture store) {
    DecisionStore decisions = new DecisionStore(store.jdbc(), store.auditLog());
    assertThatThrownBy(() -> decisions.decide("alice", "no-system", "E1"))
        .hasMessageStartingWith("accountKey:");
    assertThatThrownBy(() -> decisions.decide("alice", "crm:x", " "))
        .hasMessageStartingWith("employeeId:");
    assertThat(decisions.all()).isEmpty();
  }
}
