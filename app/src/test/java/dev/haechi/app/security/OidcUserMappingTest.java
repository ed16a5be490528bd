package dev.haechi.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haechi.app.store.DatabaseTarget;
import dev.haechi.app.store.StoreFixture;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;

/** OIDC sign-in maps to a Haechi user whose role comes from Haechi, never from the IdP. */
class OidcUserMappingTest {
  @TempDir Path home;
  UserStore users;
  OidcUserMapping mapping;

  @BeforeEach
  void store() {
    StoreFixture store = StoreFixture.migrated(DatabaseTarget.embedded(home));
    users = new UserStore(store.jdbc(), new BCryptPasswordEncoder(4), store.auditLog());
    mapping = new OidcUserMapping(users, "preferred_username", "viewer");
  }

  static OidcUserRequest request(Map<String, Object> claims) {
    ClientRegistration registration =
        ClientRegistration.withRegistrationId("oidc")
            .clientId("haechi")
            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
            .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
            .scope("openid")
            .authorizationUri("http://127.0.0.1:9/auth")
            .tokenUri("http://127.0.0.1:9/token")
            .jwkSetUri("http://127.0.0.1:9/jwks")
            .userNameAttributeName("sub")
            .build();
    Instant now = Instant.now();
    var access =
        new OAuth2AccessToken(
            OAuth2AccessToken.TokenType.BEARER, "access", now, now.plusSeconds(60));
    var id = new OidcIdToken("id-token", now, now.plusSeconds(60), claims);
    return new OidcUserRequest(registration, access, id);
  }

  @Test
  void a_first_oidc_sign_in_creates_a_viewer_without_a_password() {
    var user = mapping.loadUser(request(Map.of("sub", "abc-123", "preferred_username", "jkim")));
    assertThat(user.getName()).isEqualTo("jkim");
    assertThat(user.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_VIEWER");
    AppUser stored = users.find("jkim").orElseThrow();
    assertThat(stored.source()).isEqualTo("oidc");
    assertThat(stored.passwordHash()).isNull();
  }

  @Test
  void the_role_comes_from_haechi_and_a_disabled_user_is_refused() {
    mapping.loadUser(request(Map.of("sub", "s1", "preferred_username", "lee")));
    users.createLocal("test", "other-admin", "a-long-enough-password", Role.ADMIN);
    users.update("test", "lee", Role.ANALYST, null);
    var again =
        mapping.loadUser(
            request(Map.of("sub", "s1", "preferred_username", "lee", "roles", "admin")));
    assertThat(again.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_ANALYST");

    users.update("test", "lee", null, false);
    assertThatThrownBy(
            () -> mapping.loadUser(request(Map.of("sub", "s1", "preferred_username", "lee"))))
        .isInstanceOf(OAuth2AuthenticationException.class)
        .hasMessageContaining("disabled");
  }

  @Test
  void an_id_token_without_the_username_claim_is_refused() {
    assertThatThrownBy(() -> mapping.loadUser(request(Map.of("sub", "s2"))))
        .isInstanceOf(OAuth2AuthenticationException.class)
        .hasMessageContaining("preferred_username");
  }

  @Test
  void sso_never_reaches_a_local_account_by_its_name() {
    users.createLocal("test", "root-admin", "a-long-enough-password", Role.ADMIN);
    assertThatThrownBy(
            () ->
                mapping.loadUser(
                    request(
                        Map.of(
                            "iss", "https://idp.example",
                            "sub", "attacker-1",
                            "preferred_username", "root-admin"))))
        .isInstanceOf(OAuth2AuthenticationException.class)
        .hasMessageContaining("never takes over an account by its name");
  }

  @Test
  void the_binding_is_issuer_and_subject_not_the_username_claim() {
    mapping.loadUser(
        request(Map.of("iss", "https://idp-a.example", "sub", "s9", "preferred_username", "kim")));
    users.createLocal("test", "other-admin2", "a-long-enough-password", Role.ADMIN);
    users.update("test", "kim", Role.ADMIN, null);
    // Another identity provider (or another subject) with the same username is not kim.
    assertThatThrownBy(
            () ->
                mapping.loadUser(
                    request(
                        Map.of(
                            "iss", "https://idp-b.example",
                            "sub", "s9",
                            "preferred_username", "kim"))))
        .isInstanceOf(OAuth2AuthenticationException.class);
    assertThatThrownBy(
            () ->
                mapping.loadUser(
                    request(
                        Map.of(
                            "iss", "https://idp-a.example",
                            "sub", "s10",
                            "preferred_username", "kim"))))
        .isInstanceOf(OAuth2AuthenticationException.class);
    // The bound subject stays kim even when its username claim changes.
    var renamed =
        mapping.loadUser(
            request(
                Map.of("iss", "https://idp-a.example", "sub", "s9", "preferred_username", "kim2")));
    assertThat(renamed.getName()).isEqualTo("kim");
    assertThat(users.find("kim2")).isEmpty();
  }
}
