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
  @Autowired dev.haechi.app.settings.SettingsStore settings;
  @Autowired StatusBoard board;

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
        .contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">")
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

  private String open(String name) throws Exception {
    String analyst = "Bearer " + tokenFor("status-analyst3", Role.ANALYST);
    mvc.perform(
            put("/api/v1/status/components/gov24")
                .header("Authorization", analyst)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"status\":\"major_outage\",\"instead\":\"주민센터를 방문하세요.\"}"))
        .andExpect(status().isOk());
    return mvc.perform(
            post("/api/v1/status/incidents")
                .header("Authorization", analyst)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    "{\"name\":\""
                        + name
                        + "\",\"impact\":\"critical\",\"body\":\"각 서비스의 복구 예상 시각은 위에"
                        + " 있습니다.\",\"components\":[\"gov24\"]}"))
        .andExpect(status().isCreated())
        .andReturn()
        .getResponse()
        .getContentAsString();
  }

  private void page(String zone, String language, String url) {
    settings.set("test", dev.haechi.app.settings.Setting.STATUS_TIME_ZONE, zone);
    settings.set("test", dev.haechi.app.settings.Setting.STATUS_LANGUAGE, language);
    settings.set("test", dev.haechi.app.settings.Setting.STATUS_PUBLIC_URL, url);
    board.refresh();
  }

  @Test
  void the_korean_page_speaks_korean_in_seoul_time_and_never_shows_raw_instants() throws Exception {
    try {
      page("Asia/Seoul", "ko", "");
      open("대전 전산실 화재");
      var response = mvc.perform(get("/status")).andReturn().getResponse();
      String html = response.getContentAsString();
      assertThat(html).contains("<html lang=\"ko\">").contains("서비스 중단").contains("KST");
      // Visible text has no ISO instants; only <time datetime="..."> attributes carry them.
      String visible = html.replaceAll("<[^>]*>", " ");
      assertThat(visible).doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}");
      assertThat(html).contains("Noto Sans CJK KR").contains("word-break: keep-all");
      assertThat(response.getHeader("Content-Security-Policy")).contains("font-src 'self'");
      mvc.perform(get("/api/v2/summary.json"))
          .andExpect(jsonPath("$.page.time_zone").value("Asia/Seoul"));

      page("UTC", "en", "");
      String english = mvc.perform(get("/status")).andReturn().getResponse().getContentAsString();
      assertThat(english).contains("<html lang=\"en\">").contains("Major outage").contains("UTC");
    } finally {
      page("UTC", "en", "");
    }
  }

  @Test
  void statuspage_json_has_absolute_urls_named_incident_components_and_maintenance_lists()
      throws Exception {
    try {
      page("UTC", "en", "https://status.example.go.kr");
      open("Components named");
      mvc.perform(get("/api/v2/incidents.json"))
          .andExpect(jsonPath("$.page.url").value("https://status.example.go.kr/status"))
          .andExpect(
              jsonPath("$.incidents[0].shortlink")
                  .value(
                      org.hamcrest.Matchers.startsWith(
                          "https://status.example.go.kr/status#incident-")))
          .andExpect(jsonPath("$.incidents[0].components[0].id").value("gov24"))
          .andExpect(jsonPath("$.incidents[0].components[0].name").value("Gov24 정부24"))
          .andExpect(jsonPath("$.incidents[0].components[0].status").value("major_outage"))
          .andExpect(jsonPath("$.incidents[0].components[0].updated_at").isString());
      for (String m :
          new String[] {
            "scheduled-maintenances.json",
            "scheduled-maintenances/upcoming.json",
            "scheduled-maintenances/active.json"
          }) {
        mvc.perform(get("/api/v2/" + m))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.page.id").value("haechi"))
            .andExpect(jsonPath("$.scheduled_maintenances").isArray());
      }
    } finally {
      page("UTC", "en", "");
    }
  }

  @Test
  void the_atom_feed_meets_rfc_4287() throws Exception {
    try {
      page("Asia/Seoul", "ko", "https://status.example.go.kr");
      open("피드 검사");
      String atom =
          mvc.perform(get("/status/feed.atom")).andReturn().getResponse().getContentAsString();
      assertThat(AtomValidator.violations(atom)).as(atom).isEmpty();
      assertThat(atom).contains("<author><name>");
    } finally {
      page("UTC", "en", "");
    }
  }

  @Test
  void the_atom_validator_names_what_a_feed_lacks() {
    String bad =
        """
        <feed xmlns="http://www.w3.org/2005/Atom"><id>x</id><title>t</title>
        <updated>2025-09-26T11:20Z</updated><link href="/status"/>
        <entry><id>tag:a,2025:1</id><title>e</title><updated>2025-09-26T11:20:00Z</updated></entry>
        </feed>
        """;
    assertThat(AtomValidator.violations(bad))
        .anyMatch(v -> v.startsWith("§4.1.1: the feed has no atom:author"))
        .anyMatch(v -> v.contains("atom:id 'x' is not an absolute IRI"))
        .anyMatch(v -> v.contains("'2025-09-26T11:20Z' is not an RFC 3339"))
        .anyMatch(v -> v.contains("href '/status' is relative"))
        .anyMatch(v -> v.contains("entry 1: neither atom:content nor an alternate link"));
  }
}
