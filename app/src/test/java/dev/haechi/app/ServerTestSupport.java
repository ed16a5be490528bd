package dev.haechi.app;

import dev.haechi.app.security.ApiTokenStore;
import dev.haechi.app.security.Role;
import dev.haechi.app.security.UserStore;
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
      "haechi.detection.ingest-wait=300ms"
    })
@AutoConfigureMockMvc
public abstract class ServerTestSupport {
  protected static final String PASSWORD = "a-long-test-password";

  @Autowired protected MockMvc mvc;
  @Autowired protected UserStore users;
  @Autowired protected ApiTokenStore tokens;

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
