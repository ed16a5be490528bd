package dev.haechi.connectors.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haechi.connectors.AccountStateChange;
import dev.haechi.connectors.AccountStateChange.Action;
import dev.haechi.connectors.ConnectorException;
import dev.haechi.connectors.SecretEnvironment;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScimAccountControlTest {
  private static final String TOKEN = "t0ken";
  private static final SecretEnvironment ENV = SecretEnvironment.of(Map.of("SCIM_TOKEN", TOKEN));
  private static final Instant NOW = Instant.parse("2025-07-01T09:00:00Z");

  private ScimServiceProvider provider;
  private ScimAccountControl control;

  @BeforeEach
  void start() throws IOException {
    provider = ScimServiceProvider.start(TOKEN);
    provider.addUser("u-1", "jkim", "jkim@example.org", true);
    provider.addUser("u 2", "slee", null, false);
    control =
        new ScimAccountControl(
            ScimEndpoint.of(provider.url(), "SCIM_TOKEN"), ENV, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    provider.close();
  }

  @Test
  void disable_patches_active_false_and_reports_the_change() {
    AccountStateChange change = control.disable("u-1");

    assertThat(provider.user("u-1").get("active").booleanValue()).isFalse();
    assertThat(change.changed()).isTrue();
    assertThat(change.outcome()).isEqualTo("disabled");
    assertThat(change.before()).isEqualTo("true");
    assertThat(change.after()).isEqualTo("false");
    assertThat(change.at()).isEqualTo(NOW);
    assertThat(provider.requests())
        .containsExactly("GET /scim/v2/Users/u-1", "PATCH /scim/v2/Users/u-1");
  }

  @Test
  void disabling_a_disabled_user_sends_no_patch_and_says_already_disabled() {
    AccountStateChange change = control.disable("u 2");

    assertThat(change.changed()).isFalse();
    assertThat(change.outcome()).isEqualTo("already disabled");
    assertThat(provider.requests()).containsExactly("GET /scim/v2/Users/u%202");
  }

  @Test
  void reversing_a_disable_re_enables_the_user() {
    AccountStateChange disabled = control.disable("u-1");

    AccountStateChange enabled = control.reverse(disabled);

    assertThat(enabled.action()).isEqualTo(Action.ENABLE);
    assertThat(enabled.outcome()).isEqualTo("enabled");
    assertThat(provider.user("u-1").get("active").booleanValue()).isTrue();
  }

  @Test
  void disabled_user_is_read_back_as_disabled_by_the_account_source() {
    control.disable("u-1");

    var accounts =
        new ScimAccountSource("okta", ScimEndpoint.of(provider.url(), "SCIM_TOKEN"), ENV).readAll();

    assertThat(accounts)
        .filteredOn(a -> a.accountId().equals("u-1"))
        .singleElement()
        .matches(a -> !a.enabled());
  }

  @Test
  void unknown_user_fails_naming_the_url() {
    assertThatThrownBy(() -> control.disable("nobody"))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("/scim/v2/Users/nobody")
        .hasMessageContaining("no such user");
  }

  @Test
  void bad_token_fails_with_http_401_and_changes_nothing() {
    var wrong =
        new ScimAccountControl(
            ScimEndpoint.of(provider.url(), "SCIM_TOKEN"),
            SecretEnvironment.of(Map.of("SCIM_TOKEN", "nope")));

    assertThatThrownBy(() -> wrong.disable("u-1"))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("HTTP 401");
    assertThat(provider.user("u-1").get("active").booleanValue()).isTrue();
  }
}
