package dev.haechi.app.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.haechi.app.server.ServerLauncher;
import dev.haechi.app.server.ServerOptions;
import dev.haechi.app.store.DatabaseTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 12 item 9, in a real browser against a real server: markup planted in catalog strings (a
 * system's public name) stays text on the catalog page and in the fire drill's chart tooltips;
 * nothing of it becomes an element; and the same for rule titles, alert fields and notes.
 */
class XssBrowserIT {
  static final String ADMIN_PASSWORD = "xss-test-admin-password";
  static final String PAYLOAD =
      "<img src=x onerror=\"window.__xss=1\">\"><script>window.__xss=2</script>";
  static ConfigurableApplicationContext server;
  static BrowserSession browser;
  static String base;

  @BeforeAll
  static void start() throws Exception {
    Path home = Files.createTempDirectory("haechi-xss-it");
    // A rule whose title and description carry the payload (rule files are user input too).
    Path rules = Files.createDirectories(home.resolve("xss-rules"));
    Files.writeString(
        rules.resolve("xss.yml"),
        "title: '"
            + PAYLOAD
            + "'\nid: 6a0e7c1e-0000-4000-8000-00000000a551\nstatus: test\nlevel: high\n"
            + "description: '"
            + PAYLOAD
            + "'\nlogsource: {product: test}\n"
            + "detection:\n  sel: {user.name|contains: 'xss-probe'}\n  condition: sel\n");
    server =
        ServerLauncher.start(
            new ServerOptions(home, DatabaseTarget.embedded(home), 0, "127.0.0.1"),
            "--HAECHI_ADMIN_PASSWORD=" + ADMIN_PASSWORD,
            "--haechi.detection.rules=" + rules);
    base = "http://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port");
    Path fixture = Path.of("../resilience/src/test/resources/fixtures/nirs-small/catalog");
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(fixture)) {
      for (Path f : all.filter(Files::isRegularFile).toList()) {
        String text = Files.readString(f);
        files.put(
            fixture.relativize(f).toString(),
            text.replace(
                "haechi.dev/public-name: Government24",
                "haechi.dev/public-name: '" + PAYLOAD + "'"));
      }
    }
    assertThat(String.join("", files.values())).contains(PAYLOAD);
    server
        .getBean(dev.haechi.app.resilience.CatalogStore.class)
        .importCatalog("test", "xss", "xss test", files);
    // An event whose fields carry it: the alert's fields show them.
    String event =
        tools.jackson.databind.json.JsonMapper.builder()
            .build()
            .writeValueAsString(
                Map.of(
                    "@timestamp",
                    "2025-06-24T03:00:00Z",
                    "user",
                    Map.of("name", "xss-probe" + PAYLOAD),
                    "url",
                    Map.of("path", "/" + PAYLOAD),
                    "message",
                    PAYLOAD));
    var result =
        server
            .getBean(dev.haechi.app.detection.DetectionService.class)
            .ingest(
                "test", "xss", new java.io.BufferedReader(new java.io.StringReader(event + "\n")));
    assertThat(result.alerts()).as(String.valueOf(result)).isPositive();
    browser = new BrowserSession();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static void noMarkupFromThePayload(Page page) {
    assertThat(page.locator("img[src='x']")).hasCount(0);
    assertThat(
            (Boolean)
                page.evaluate(
                    "() => typeof window.__xss === 'undefined' && !Array.from("
                        + "document.scripts).some(s => s.textContent.includes('__xss'))"))
        .isTrue();
  }

  /**
   * Rule titles and descriptions, alert fields (from the event) and a note typed into the console
   * carry the payload; every page that shows them shows it as text. User names cannot carry it: a
   * user name is letters, digits and {@code . _ @ -} (refused otherwise, checked here too).
   */
  @Test
  void planted_markup_in_rules_alerts_notes_stays_text() throws Exception {
    var users = server.getBean(dev.haechi.app.security.UserStore.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                users.createLocal(
                    "test", PAYLOAD, "a-long-test-password", dev.haechi.app.security.Role.VIEWER))
        .isInstanceOf(IllegalArgumentException.class);
    try (BrowserContext context = browser.browser.newContext()) {
      Page page = context.newPage();
      page.navigate(base + "/login");
      page.fill("#username", "admin");
      page.fill("#password", ADMIN_PASSWORD);
      page.click("#sign-in");
      assertThat(page).hasURL(base + "/");

      page.navigate(base + "/detection/rules");
      noMarkupFromThePayload(page);
      assertThat(page.locator("#rules")).containsText("onerror=\"window.__xss=1\"");

      page.navigate(base + "/alerts");
      noMarkupFromThePayload(page);
      assertThat(page.locator("body")).containsText("onerror=\"window.__xss=1\"");
      String href =
          page.locator("a[href*='/alerts/']")
              .filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("onerror"))
              .first()
              .getAttribute("href");
      page.navigate(base + href.replaceFirst("^https?://[^/]+", ""));
      noMarkupFromThePayload(page);
      assertThat(page.locator("body")).containsText("xss-probe<img src=x");

      page.fill("#note-text", PAYLOAD);
      page.click("#add-note");
      assertThat(page.locator("#alert-notes")).containsText("onerror=\"window.__xss=1\"");
      noMarkupFromThePayload(page);

      for (String path : new String[] {"/", "/admin/audit", "/admin/users"}) {
        page.navigate(base + path);
        noMarkupFromThePayload(page);
      }
    }
  }

  @Test
  void planted_markup_in_a_catalog_stays_text_in_pages_and_chart_tooltips() throws Exception {
    try (BrowserContext context = browser.browser.newContext()) {
      Page page = context.newPage();
      page.navigate(base + "/login");
      page.fill("#username", "admin");
      page.fill("#password", ADMIN_PASSWORD);
      page.click("#sign-in");
      assertThat(page).hasURL(base + "/");

      page.navigate(base + "/resilience/fire?catalog=xss");
      assertThat(page.locator("#fire-map")).hasAttribute("data-rendered", "true");
      // Show the tooltip of every node whose name carries the payload.
      Object shown =
          page.evaluate(
              "() => { const c = echarts.getInstanceByDom(document.getElementById('fire-map'));"
                  + " const data = c.getOption().series[0].data; let n = 0;"
                  + " data.forEach((d, i) => { if (String(d.name).includes('onerror')) {"
                  + " c.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: i}); n++; } });"
                  + " return n; }");
      assertThat(((Number) shown).intValue()).isPositive();
      // The tooltip shows the payload as text (escaped), not as an element. (Polled with evaluate:
      // the page's CSP forbids the eval that waitForFunction uses.)
      String probe =
          "() => document.querySelectorAll(\"img[src='x']\").length > 0"
              + " || Array.from(document.querySelectorAll('#fire-map div'))"
              + ".some(d => d.textContent.includes('onerror=\"window.__xss=1\"'))";
      for (int i = 0; i < 100 && !Boolean.TRUE.equals(page.evaluate(probe)); i++) {
        page.waitForTimeout(100);
      }
      noMarkupFromThePayload(page);
      assertThat(
              (Boolean)
                  page.evaluate(
                      "() => Array.from(document.querySelectorAll('#fire-map div'))"
                          + ".some(d => d.textContent.includes('onerror=\"window.__xss=1\"'))"))
          .as("the tooltip shows the planted markup as text")
          .isTrue();
      noMarkupFromThePayload(page);

      for (String path : new String[] {"/resilience/catalog?catalog=xss", "/resilience"}) {
        page.navigate(base + path);
        noMarkupFromThePayload(page);
      }
      page.navigate(base + "/resilience/catalog?catalog=xss");
      assertThat(page.locator("body")).containsText("onerror=\"window.__xss=1\"");
    }
  }
}
