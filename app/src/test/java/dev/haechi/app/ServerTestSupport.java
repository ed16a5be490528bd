package dev.haechi.app;

import dev.haechi.app.identity.IdentitySources;
import dev.haechi.app.security.ApiTokenStore;
import dev.haechi.app.security.Role;
import dev.haechi.app.security.UserStore;
import dev.haechi.app.settings.Setting;
import dev.haechi.app.settings.SettingsStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

/**
 * One Spring context shared by the server's MockMvc tests (an in-memory H2 store), with a user of
 * each role.
 */
@SpringBootTest(
    classes = HaechiServer.class,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:haechi-server-test;DB_CLOSE_DELAY=-1",
      "HAECHI_ADMIN_PASSWORD=admin-password-for-tests",
      "haechi.home=target/server-test-home",
      "haechi.login.max-failures-per-user=3",
      "haechi.detection.rules=src/test/resources/detection-rules",
      "haechi.detection.ingest-wait=300ms",
      "haechi.import-dir=${java.io.tmpdir}",
      "haechi.status.publish.retry-base=PT0.1S",
      "haechi.status.publish.retry-max=PT0.4S"
    })
@AutoConfigureMockMvc
public abstract class ServerTestSupport {
  protected static final String PASSWORD = "a-long-test-password";

  @Autowired protected MockMvc mvc;
  @Autowired protected UserStore users;
  @Autowired protected ApiTokenStore tokens;
  @Autowired protected SettingsStore settingsStore;
  @Autowired protected IdentitySources identitySources;

  /**
   * Configures a live account source for {@code system} as an admin would, first allowing what it
   * needs: its host in cleartext (tests run plain LDAP/HTTP peers on loopback) and the environment
   * variables it names. Plans for the system go to this source.
   */
  protected void configureLiveSource(String system, String location) {
    allowCleartextHost(
        java.net.URI.create(location.split(";")[0].replaceFirst("^scim\\+", "")).getHost());
    for (String part : location.split(";")) {
      if (part.startsWith("password-env=") || part.startsWith("token-env=")) {
        allowSecretEnv(part.substring(part.indexOf('=') + 1));
      }
    }
    identitySources.save("test", "accounts", system, location, "1h");
  }

  protected void allowCleartextHost(String host) {
    addTo(Setting.CONNECTOR_CLEARTEXT_HOSTS, host);
  }

  protected void allowSecretEnv(String name) {
    addTo(Setting.CONNECTOR_SECRET_ENV_ALLOW, name);
  }

  private void addTo(Setting setting, String value) {
    java.util.Set<String> values =
        new java.util.LinkedHashSet<>(java.util.List.of(settingsStore.get(setting).split(",")));
    values.remove("");
    if (values.add(value)) {
      settingsStore.set("test", setting, String.join(",", values));
    }
  }

  protected void ensureUser(String username, Role role) {
    if (users.find(username).isEmpty()) {
      users.createLocal("test", username, PASSWORD, role);
    }
  }

  /** A fresh API token for a user of that role (the user is made when missing). */
  protected String tokenFor(String username, Role role) {
    ensureUser(username, role);
    return tokens.issue(username, "test " + System.nanoTime(), role, null).secret();
  }
}
