package dev.haechi.connectors.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haechi.connectors.ConnectorException;
import dev.haechi.connectors.SecretEnvironment;
import dev.haechi.identity.model.Account;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ScimAccountSourceTest {
  private static final String TOKEN = "t0ken-secret-value";
  private static final SecretEnvironment ENV = SecretEnvironment.of(Map.of("SCIM_TOKEN", TOKEN));

  private ScimServiceProvider provider;

  @BeforeEach
  void start() throws IOException {
    provider = ScimServiceProvider.start(TOKEN);
  }

  @AfterEach
  void stop() {
    provider.close();
  }

  private ScimAccountSource source(String filter, int pageSize, SecretEnvironment env) {
    return new ScimAccountSource(
        "okta", ScimEndpoint.of(provider.url(), "SCIM_TOKEN"), filter, pageSize, env);
  }

  private void addUsers(int n) {
    for (int i = 1; i <= n; i++) {
      provider.addUser("id-" + i, "user" + i, "user" + i + "@example.org", i % 3 != 0);
    }
  }

  @Test
  void lists_every_user_across_several_pages_in_order() {
    addUsers(23);
    provider.maxPageSize(4);

    List<Account> accounts = source(null, 10, ENV).readAll();

    assertThat(accounts).extracting(Account::accountId).hasSize(23).startsWith("id-1", "id-2");
    assertThat(accounts.get(22).accountId()).isEqualTo("id-23");
    // count=10 asked, the provider caps pages at 4: 6 pages, each starting where the last ended.
    assertThat(provider.requests())
        .hasSize(6)
        .allMatch(r -> r.startsWith("GET /scim/v2/Users?startIndex="))
        .contains("GET /scim/v2/Users?startIndex=21&count=10");
    assertThat(accounts.get(2).enabled()).isFalse();
    assertThat(accounts.get(0).enabled()).isTrue();
  }

  @Test
  void maps_users_as_the_list_response_file_reader_does() {
    ObjectNode u = provider.addUser("2819c223", "jkim", null, false);
    var emails = u.putArray("emails");
    emails.addObject().put("value", "other@example.org");
    emails.addObject().put("value", "jkim@example.org").put("primary", true);
    u.put("externalId", "ext-7");
    u.putObject(ScimUserMapping.ENTERPRISE).put("employeeNumber", "E1001");
    u.putArray("groups").addObject().put("value", "g1").put("display", "Domain Admins");

    Account a = source(null, 0, ENV).readAll().get(0);

    assertThat(a.system()).isEqualTo("okta");
    assertThat(a.accountId()).isEqualTo("2819c223");
    assertThat(a.username()).isEqualTo("jkim");
    assertThat(a.email()).isEqualTo("jkim@example.org");
    assertThat(a.employeeId()).isEqualTo("E1001");
    assertThat(a.enabled()).isFalse();
    assertThat(a.loginsTracked()).isFalse();
    assertThat(a.created()).isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
    assertThat(a.groups()).containsExactly("Domain Admins");
    assertThat(a.attributes())
        .containsEntry("externalId", "ext-7")
        .containsEntry("lastModified", "2024-02-03T04:05:06Z");
    assertThat(a.source().file()).isEqualTo(provider.url().substring("scim+".length()));
  }

  @Test
  void filter_is_sent_encoded_and_narrows_the_list() {
    addUsers(5);

    List<Account> accounts = source("userName eq \"user4\"", 0, ENV).readAll();

    assertThat(accounts).extracting(Account::username).containsExactly("user4");
    assertThat(provider.requests().get(0)).contains("filter=userName%20eq%20%22user4%22");
  }

  @Test
  void empty_directory_is_an_empty_list() {
    assertThat(source(null, 0, ENV).readAll()).isEmpty();
  }

  @Test
  void bad_token_fails_with_http_401_and_the_providers_detail_without_the_token() {
    addUsers(2);
    SecretEnvironment wrong = SecretEnvironment.of(Map.of("SCIM_TOKEN", "wrong-token"));

    assertThatThrownBy(() -> source(null, 0, wrong).readAll())
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("/scim/v2/Users")
        .hasMessageContaining("HTTP 401: bearer token missing or not accepted")
        .message()
        .doesNotContain("wrong-token");
  }

  @Test
  void unset_token_variable_is_named_in_the_error() {
    assertThatThrownBy(() -> source(null, 0, SecretEnvironment.of(Map.of())).readAll())
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("environment variable SCIM_TOKEN is not set");
    assertThat(provider.requests()).isEmpty();
  }

  @Test
  void provider_dying_mid_listing_fails_the_read_and_returns_nothing() {
    addUsers(12);
    provider.maxPageSize(5).dieOnListPage(2);

    assertThatThrownBy(() -> source(null, 5, ENV).readAll())
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("startIndex=6")
        .hasMessageContaining("cannot reach the service provider");
  }

  @Test
  void total_results_never_reached_is_a_partial_list_and_fails() {
    addUsers(7);
    provider.maxPageSize(5).overstateTotal(3);

    assertThatThrownBy(() -> source(null, 5, ENV).readAll())
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("empty page after 7 of 10 users")
        .hasMessageContaining("nothing was read");
  }

  @Test
  void body_that_is_not_json_fails_naming_the_url() {
    provider.answerListWith("<html>login</html>");

    assertThatThrownBy(() -> source(null, 0, ENV).readAll())
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining(provider.url().substring("scim+".length()) + "/Users?startIndex=1")
        .hasMessageContaining("not JSON");
  }

  @Test
  void json_without_total_results_is_not_a_list_response() {
    provider.answerListWith("{\"Resources\":[]}");

    assertThatThrownBy(() -> source(null, 0, ENV).readAll())
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("no totalResults");
  }

  @Test
  void user_listed_on_two_pages_means_the_list_moved_and_fails() {
    provider.answerListWith(
        "{\"totalResults\":2,\"Resources\":[{\"id\":\"a\",\"userName\":\"a\"},"
            + "{\"id\":\"a\",\"userName\":\"a\"}]}");

    assertThatThrownBy(() -> source(null, 0, ENV).readAll())
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("user a was listed twice");
  }

  @Test
  void active_that_is_not_a_boolean_is_rejected_naming_the_user() {
    provider.answerListWith(
        "{\"totalResults\":1,\"Resources\":[{\"id\":\"a\",\"active\":\"yes\"}]}");

    assertThatThrownBy(() -> source(null, 0, ENV).readAll())
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("user 1: 'active' must be true or false");
  }

  @Test
  void unreachable_provider_fails_naming_the_url() {
    String url = provider.url();
    provider.close();

    assertThatThrownBy(
            () -> new ScimAccountSource("okta", ScimEndpoint.of(url, "SCIM_TOKEN"), ENV).readAll())
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining(url.substring("scim+".length()))
        .hasMessageContaining("cannot reach");
  }

  @Test
  void url_must_use_the_scim_scheme_and_carry_no_credentials() {
    assertThatThrownBy(() -> ScimEndpoint.of("https://h/scim/v2", "T"))
        .hasMessageContaining("not a scim+https://");
    assertThatThrownBy(() -> ScimEndpoint.of("scim+https://u:p@h/scim/v2", "T"))
        .hasMessageContaining("no user information");
    assertThat(ScimEndpoint.of("scim+https://idp.example.org/scim/v2/", "T").describe())
        .isEqualTo("https://idp.example.org/scim/v2");
  }
}
