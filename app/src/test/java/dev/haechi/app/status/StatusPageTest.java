package dev.haechi.app.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.haechi.app.ServerTestSupport;
import dev.haechi.app.resilience.CatalogStore;
import dev.haechi.app.security.Role;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/** The public status page: no login, Statuspage v2 shapes, changes by analysts, audited. */
class StatusPageTest extends ServerTestSupport {
  @Autowired CatalogStore catalogs;

  static final String CATALOG =
      """
      apiVersion: haechi.dev/v1alpha1
      kind: Site
      metadata: {name: daejeon}
      spec: {region: KR-30}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: Zone
      metadata: {name: dj-5f-r7}
      spec: {site: daejeon, type: room}
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Component
      metadata:
        name: gov24
        annotations:
          haechi.dev/grade: "1"
          haechi.dev/placement: dj-5f-r7:active
          haechi.dev/public-name: "Gov24 정부24"
      spec: {type: service, owner: team-a, lifecycle: production}
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Component
      metadata:
        name: internal-tool
        annotations:
          haechi.dev/grade: "3"
          haechi.dev/placement: dj-5f-r7:active
      spec: {type: service, owner: team-a, lifecycle: production}
      """;

  @BeforeEach
  void catalog() {
    if (catalogs.names().isEmpty()) {
      catalogs.importCatalog("test", "gov", "test", Map.of("catalog.yaml", CATALOG));
    }
  }

  @Test
  void anyone_reads_the_statuspage_json_with_only_the_public_services() throws Exception {
    mvc.perform(get("/api/v2/summary.json"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.page.id").value("haechi"))
        .andExpect(jsonPath("$.components[?(@.id == 'gov24')].name").value("Gov24 정부24"))
        .andExpect(jsonPath("$.components[?(@.id == 'internal-tool')]").isEmpty())
        .andExpect(jsonPath("$.scheduled_maintenances").isArray())
        .andExpect(jsonPath("$.status.indicator").exists());
    for (String doc :
        new String[] {
          "status.json", "components.json", "incidents.json", "incidents/unresolved.json"
        }) {
      mvc.perform(get("/api/v2/" + doc))
          .andExpect(status().isOk())
          .andExpect(jsonPath("$.page.name").exists());
    }
  }

  @Test
  void an_outage_and_an_incident_reach_the_json_the_page_and_the_feed() throws Exception {
    String analyst = "Bearer " + tokenFor("status-analyst", Role.ANALYST);
    mvc.perform(
            put("/api/v1/status/components/gov24")
                .header("Authorization", analyst)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    "{\"status\":\"major_outage\",\"instead\":\"Visit your local community"
                        + " service centre for certificates.\"}"))
        .andExpect(status().isOk());
    mvc.perform(
            post("/api/v1/status/incidents")
                .header("Authorization", analyst)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    "{\"name\":\"Fire at the Daejeon data centre\",\"impact\":\"critical\","
                        + "\"body\":\"Online services are down.\",\"components\":[\"gov24\"]}"))
        .andExpect(status().isCreated());

    mvc.perform(get("/api/v2/summary.json"))
        .andExpect(jsonPath("$.status.indicator").value("critical"))
        .andExpect(jsonPath("$.components[?(@.id == 'gov24')].status").value("major_outage"))
        .andExpect(jsonPath("$.incidents[0].name").value("Fire at the Daejeon data centre"))
        .andExpect(
            jsonPath("$.incidents[0].incident_updates[0].body").value("Online services are down."));
    String html = mvc.perform(get("/status")).andReturn().getResponse().getContentAsString();
    assertThat(html)
        .contains("Major Service Outage")
        .contains("Visit your local community service centre");
    String atom =
        mvc.perform(get("/status/feed.atom")).andReturn().getResponse().getContentAsString();
    assertThat(atom)
        .contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">")
        .contains("Fire at the Daejeon data centre");
  }

  @Test
  void a_viewer_cannot_post_to_the_status_page_and_bad_values_name_the_field() throws Exception {
    mvc.perform(
            post("/api/v1/status/incidents")
                .header("Authorization", "Bearer " + tokenFor("status-viewer", Role.VIEWER))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"x\",\"body\":\"y\"}"))
        .andExpect(status().isForbidden());
    mvc.perform(
            put("/api/v1/status/components/gov24")
                .header("Authorization", "Bearer " + tokenFor("status-analyst2", Role.ANALYST))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"status\":\"on_fire\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(
            jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("status: 'on_fire'")));
  }

  @Test
  void one_client_over_its_rate_is_refused_while_another_is_served() {
    var limiter = new PublicStatusFilter(null, 10);
    long t = 0;
    int served = 0;
    for (int i = 0; i < 100; i++) {
      if (limiter.take("10.0.0.1", t)) {
        served++;
      }
    }
    assertThat(served).isEqualTo(20);
    assertThat(limiter.take("10.0.0.2", t)).isTrue();
    assertThat(limiter.take("10.0.0.1", t + 1_000_000_000L)).isTrue();
  }
}
