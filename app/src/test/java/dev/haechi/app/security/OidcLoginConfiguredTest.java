package dev.haechi.app.security;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.haechi.app.HaechiServer;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

/** With a client registration named {@code oidc} in the properties, OIDC sign-in is offered. */
@SpringBootTest(
    classes = HaechiServer.class,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:haechi-oidc-test;DB_CLOSE_DELAY=-1",
      "HAECHI_ADMIN_PASSWORD=admin-password-for-tests",
      "haechi.home=target/oidc-test-home",
      "spring.security.oauth2.client.registration.oidc.client-id=haechi",
      "spring.security.oauth2.client.registration.oidc.client-secret=not-a-real-secret",
      "spring.security.oauth2.client.registration.oidc.authorization-grant-type=authorization_code",
      "spring.security.oauth2.client.registration.oidc.redirect-uri={baseUrl}/login/oauth2/code/{registrationId}",
      "spring.security.oauth2.client.registration.oidc.scope=openid,profile",
      "spring.security.oauth2.client.provider.oidc.authorization-uri=http://127.0.0.1:9/auth",
      "spring.security.oauth2.client.provider.oidc.token-uri=http://127.0.0.1:9/token",
      "spring.security.oauth2.client.provider.oidc.jwk-set-uri=http://127.0.0.1:9/jwks",
      "spring.security.oauth2.client.provider.oidc.user-name-attribute=sub"
    })
@AutoConfigureMockMvc
class OidcLoginConfiguredTest {
  @Autowired MockMvc mvc;

  @Test
  void the_login_page_offers_single_sign_on_which_redirects_to_the_identity_provider()
      throws Exception {
    mvc.perform(get("/login"))
        .andExpect(status().isOk())
        .andExpect(
            org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                .string(Matchers.containsString("/oauth2/authorization/oidc")));
    mvc.perform(get("/oauth2/authorization/oidc"))
        .andExpect(status().is3xxRedirection())
        .andExpect(header().string("Location", Matchers.startsWith("http://127.0.0.1:9/auth?")))
        .andExpect(header().string("Location", Matchers.containsString("client_id=haechi")));
  }
}
