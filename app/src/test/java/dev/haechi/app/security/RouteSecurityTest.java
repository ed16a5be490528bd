package dev.haechi.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import dev.haechi.app.ServerTestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Walks every route the server maps and proves that none is open to an anonymous caller except the
 * public ones FORMATS.md names, and that admin routes refuse a viewer.
 */
class RouteSecurityTest extends ServerTestSupport {
  static final Set<String> PUBLIC_PREFIXES =
      Set.of("/status", "/api/v2/", "/actuator/health", "/login", "/error");

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  record Route(HttpMethod method, String path) {}

  List<Route> routes() {
    List<Route> out = new ArrayList<>();
    mappings
        .getHandlerMethods()
        .forEach(
            (info, handler) -> {
              Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
              for (String pattern : info.getPatternValues()) {
                String path = pattern.replaceAll("\\{[^}]+}", "1");
                if (methods.isEmpty()) {
                  out.add(new Route(HttpMethod.GET, path));
                } else {
                  methods.forEach(m -> out.add(new Route(HttpMethod.valueOf(m.name()), path)));
                }
              }
            });
    return out;
  }

  static boolean isPublic(String path) {
    return PUBLIC_PREFIXES.stream().anyMatch(path::startsWith);
  }

  @Test
  void every_route_but_the_public_ones_refuses_an_anonymous_caller() throws Exception {
    List<Route> routes = routes();
    assertThat(routes).extracting(Route::path).contains("/", "/api/v1/users", "/admin/audit");
    for (Route r : routes) {
      if (isPublic(r.path())) {
        continue;
      }
      int status =
          mvc.perform(request(r.method(), r.path()).header("Accept", "application/json"))
              .andReturn()
              .getResponse()
              .getStatus();
      assertThat(status).as(r.method() + " " + r.path()).isIn(401, 403);
    }
  }

  @Test
  void admin_routes_refuse_a_viewer_token_and_a_viewer_session() throws Exception {
    String viewer = "Bearer " + tokenFor("route-viewer", Role.VIEWER);
    var session =
        (org.springframework.mock.web.MockHttpSession)
            mvc.perform(
                    post("/login")
                        .with(csrf())
                        .param("username", "route-viewer")
                        .param("password", PASSWORD))
                .andReturn()
                .getRequest()
                .getSession(false);
    for (Route r : routes()) {
      boolean adminOnly =
          r.path().startsWith("/admin")
              || r.path().startsWith("/api/v1/users")
              || r.path().startsWith("/api/v1/audit");
      if (!adminOnly) {
        continue;
      }
      var req =
          r.path().startsWith("/api/")
              ? request(r.method(), r.path()).header("Authorization", viewer)
              : request(r.method(), r.path()).session(session).with(csrf());
      int status = mvc.perform(req).andReturn().getResponse().getStatus();
      assertThat(status).as(r.method() + " " + r.path()).isEqualTo(403);
    }
  }

  @Test
  void an_api_token_opens_no_route_outside_the_api() throws Exception {
    String admin = "Bearer " + tokenFor("route-token-admin", Role.ADMIN);
    for (Route r : routes()) {
      if (r.path().startsWith("/api/") || isPublic(r.path())) {
        continue;
      }
      int status =
          mvc.perform(request(r.method(), r.path()).header("Authorization", admin))
              .andReturn()
              .getResponse()
              .getStatus();
      assertThat(status).as(r.method() + " " + r.path()).isEqualTo(401);
    }
  }

  @Test
  void metrics_need_an_admin_and_health_is_public() throws Exception {
    assertThat(status("/actuator/prometheus", null)).isEqualTo(401);
    assertThat(status("/actuator/prometheus", tokenFor("route-analyst", Role.ANALYST)))
        .isEqualTo(403);
    assertThat(status("/actuator/prometheus", tokenFor("route-admin", Role.ADMIN))).isEqualTo(200);
    assertThat(status("/actuator/health", null)).isEqualTo(200);
  }

  private int status(String path, String token) throws Exception {
    var req = request(HttpMethod.GET, path);
    if (token != null) {
      req.header("Authorization", "Bearer " + token);
    }
    return mvc.perform(req).andReturn().getResponse().getStatus();
  }
}
