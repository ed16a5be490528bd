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
 * nothing of it becomes an element. Weaker than the issue asks: only catalog strings are planted
 * (see SECURITY.md).
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
    server =
        ServerLauncher.start(
            new ServerOptions(home, DatabaseTarget.embedded(home), 0, "127.0.0.1"),
            "--HAECHI_ADMIN_PASSWORD=" + ADMIN_PASSWORD);
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
