package dev.haechi.app.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 17 item 9: every console page passes axe-core (the npm package, pinned by {@code
 * src/test/node/axe-core/package-lock.json}), and the findings page works with the keyboard alone.
 * The console is crawled from the overview: every link to a page of the console is followed once
 * per kind of page (a path with its numbers and the names of its query parameters), so a new page
 * linked from anywhere is checked without being listed here.
 */
class AccessibilityIT {
  static final String ADMIN_PASSWORD = ConsoleFixture.ADMIN_PASSWORD;
  static final JsonMapper JSON = JsonMapper.builder().build();
  static ConsoleFixture fixture;
  static ConfigurableApplicationContext server;
  static String base;
  static String axeSource;
  static Path demo;
  BrowserContext context;
  Page page;

  @BeforeAll
  static void start() throws Exception {
    axeSource = axe();
    fixture = ConsoleFixture.start("a11y");
    server = fixture.server;
    base = fixture.base;
    var generated = fixture.generate(0.01, "government", "retailer");
    demo = fixture.demo();
    fixture.loadRetailer(generated.get(1).directory());
    fixture.importGovernmentCatalog(generated.get(0).directory());
    // the government's risk findings, so the resilience findings (folded evidence, links to the
    // catalog) are checked too
    var asOf = dev.haechi.app.demo.DemoLoader.GOVERNMENT_AS_OF;
    server
        .getBean(dev.haechi.app.findings.FindingStore.class)
        .saveRun(
            "test",
            "resilience",
            "assess",
            "browser test",
            asOf,
            dev.haechi.resilience.risk.RiskAssessment.assess(
                    server
                        .getBean(dev.haechi.app.resilience.CatalogStore.class)
                        .latest("government")
                        .orElseThrow()
                        .loaded()
                        .catalog(),
                    asOf)
                .findings(),
            Map.of());
    server
        .getBean(dev.haechi.app.recovery.RecoveryService.class)
        .start(
            "test",
            "government",
            List.of("zone:dj-5f-r7"),
            "fire",
            java.time.Instant.now(),
            5,
            java.time.Duration.ofSeconds(3));
    // a plan, a breach case and an exercise run, so their pages are linked and checked too
    server
        .getBean(dev.haechi.app.identity.RemediationPlans.class)
        .proposeSecrets("analyst-x", "analyst-x", null, Map.of(), Map.of());
    server
        .getBean(dev.haechi.app.breach.BreachCases.class)
        .open(
            "analyst-x",
            "Forged tokens signed with auth-2022-01",
            "critical",
            null,
            "auth-2022-01",
            null,
            java.time.Instant.now());
    var runs = server.getBean(dev.haechi.app.exercise.ExerciseRuns.class);
    runs.useWorlds(demo);
    long run = runs.start("analyst-x", "coupang-2025", 0.2);
    for (int i = 0; i < 600 && !runs.get(run).done(); i++) {
      Thread.sleep(1000);
    }
    assertThat(runs.get(run).status()).isEqualTo("complete");
    fixture.openBrowser();
  }

  /** axe-core's browser bundle from the npm fixture ({@code npm ci} when not installed yet). */
  static String axe() throws Exception {
    Path dir = Path.of("src", "test", "node", "axe-core").toAbsolutePath();
    Path js = dir.resolve("node_modules/axe-core/axe.min.js");
    if (!Files.isRegularFile(js)) {
      Process ci =
          new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .start();
      String out = new String(ci.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(ci.waitFor()).as("npm ci in " + dir + ":\n" + out).isZero();
    }
    return Files.readString(js, StandardCharsets.UTF_8);
  }

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @BeforeEach
  void open() {
    // the console's CSP forbids inline scripts; axe is injected by the test, not by the page
    context = fixture.newContext(new Browser.NewContextOptions().setBypassCSP(true));
    page = context.newPage();
  }

  @AfterEach
  void closeContext() {
    context.close();
  }

  private void signIn() {
    fixture.signIn(page);
  }

  /** The axe-core violations of the page as "rule (impact): target: summary" lines. */
  private List<String> violations() {
    page.addScriptTag(new Page.AddScriptTagOptions().setContent(axeSource));
    String result =
        (String)
            page.evaluate(
                "async () => JSON.stringify((await axe.run(document, {resultTypes:"
                    + " ['violations']})).violations)");
    List<String> lines = new ArrayList<>();
    for (JsonNode v : JSON.readTree(result)) {
      int shown = 0;
      for (JsonNode n : v.path("nodes")) {
        if (shown++ == 3) {
          lines.add(
              "  ... and " + (v.path("nodes").size() - 3) + " more of " + v.path("id").asString());
          break;
        }
        lines.add(
            v.path("id").asString()
                + " ("
                + v.path("impact").asString()
                + "): "
                + n.path("target").toString()
                + ": "
                + n.path("failureSummary").asString().replace('\n', ' '));
      }
    }
    return lines;
  }

  /** The kind of a console page: its path with numbers as N and its query's parameter names. */
  static String kind(URI uri) {
    String path = uri.getPath().replaceAll("/[^/]*\\d[^/]*(?=/|$)", "/N");
    var params = new TreeSet<String>();
    if (uri.getRawQuery() != null) {
      for (String p : uri.getRawQuery().split("&")) {
        params.add(p.split("=", 2)[0]);
      }
    }
    return params.isEmpty() ? path : path + "?" + String.join("&", params);
  }

  static boolean isConsolePage(URI uri) {
    String path = uri.getPath();
    String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
    return uri.getHost() != null
        && base.endsWith(":" + uri.getPort())
        && !path.startsWith("/api/")
        && !path.startsWith("/actuator")
        && !path.startsWith("/webjars")
        && !path.startsWith("/css/")
        && !path.startsWith("/js/")
        // the public status page has its own tests (issue 15)
        && !path.startsWith("/status")
        && !path.matches(".*\\.(md|json|csv|jsonl)$")
        && !query.matches("(^|.*&)format=.*");
  }

  /**
   * The findings page with Tab and Enter only: skip to the content, search, filter by a kind, open
   * the person of a finding. Every control reached shows where the focus is.
   */
  @Test
  void the_findings_page_works_with_the_keyboard_alone() throws Exception {
    signIn();
    page.navigate(base + "/identity");
    var keys = page.keyboard();
    keys.press("Tab");
    assertThat(focused("className")).isEqualTo("skip-link");
    assertThat(page.locator(".skip-link")).isInViewport();
    keys.press("Enter");
    tabUntil("id", "finding-q");
    keys.type("gateway-token-signer");
    keys.press("Enter");
    assertThat(page).hasURL(Pattern.compile("q=gateway-token-signer"));
    assertThat(page.locator("#finding-count")).isVisible();
    tabUntil("className", "type-filter-link");
    // the first kind in the list, whatever it is, filters to itself
    String kind = focused("textContent").replaceAll(":.*", "").trim();
    keys.press("Enter");
    assertThat(page).hasURL(Pattern.compile("type=" + kind));
    for (String t : page.locator("article.finding h3 code").allTextContents()) {
      assertThat(t).isEqualTo(kind);
    }
    tabUntil("className", "person-link");
    String person = focused("textContent").replace("person ", "").trim();
    keys.press("Enter");
    assertThat(page).hasURL(Pattern.compile("/identity/people/" + person + "$"));
    assertThat(page.locator("h1")).containsText(person);
    page.screenshot(
        new Page.ScreenshotOptions()
            .setPath(BrowserSession.screenshot("a11y-keyboard-person"))
            .setFullPage(false));
  }

  /** Presses Tab until the focused element's property contains {@code value} (at most 80 times). */
  private void tabUntil(String property, String value) {
    for (int i = 0; i < 80; i++) {
      page.keyboard().press("Tab");
      String v = focused(property);
      if (v != null && (v.equals(value) || v.contains(value))) {
        // a visible focus indicator: the browser's focus ring or the console's own
        Object outline =
            page.evaluate(
                "() => { const s = getComputedStyle(document.activeElement);"
                    + " return s.outlineStyle !== 'none' && s.outlineWidth !== '0px'"
                    + " || s.boxShadow !== 'none'; }");
        assertThat(outline).as("focus ring on " + value).isEqualTo(true);
        return;
      }
    }
    throw new AssertionError("Tab never reached an element with " + property + " " + value);
  }

  private String focused(String property) {
    Object v = page.evaluate("p => document.activeElement && document.activeElement[p]", property);
    return v == null ? null : v.toString();
  }

  @Test
  void every_console_page_passes_axe_core() throws Exception {
    page.navigate(base + "/login");
    assertThat(violations()).as("axe-core on the sign-in page").isEmpty();
    signIn();
    Map<String, URI> toVisit = new LinkedHashMap<>();
    Deque<URI> queue = new ArrayDeque<>();
    queue.add(URI.create(base + "/"));
    // pages no link leads to: a drill's result (a form's answer), the question before replacing a
    // restoration (a redirect's answer)
    queue.add(URI.create(base + "/resilience/fire?zone=dj-5f-r7&event=fire"));
    queue.add(
        URI.create(base + "/resilience/recovery/confirm?lost=zone:dj-5f-r7&event=fire&crews=5"));
    // an entity's live page is linked only from live findings, which this server has none of
    queue.add(
        URI.create(
            base + "/resilience/live/entity?catalog=government&ref=resource:default/gov24-db"));
    Map<String, List<String>> failures = new LinkedHashMap<>();
    List<String> visited = new ArrayList<>();
    while (!queue.isEmpty() && visited.size() < 100) {
      URI uri = queue.poll();
      String kind = kind(uri);
      if (toVisit.containsKey(kind)) {
        continue;
      }
      toVisit.put(kind, uri);
      // downloads (a case's report, exports) are not pages
      var head = page.request().get(uri.toString());
      String disposition = head.headers().getOrDefault("content-disposition", "");
      if (disposition.startsWith("attachment")) {
        continue;
      }
      var response = page.navigate(uri.toString());
      visited.add(kind);
      assertThat(response.status()).as(uri.toString()).isLessThan(400);
      assertThat(page).not().hasTitle(Pattern.compile("^$"));
      List<String> v = violations();
      if (!v.isEmpty()) {
        failures.put(uri.toString(), v);
      }
      // one screenshot of each kind of page, named after it, for a reader of the build
      page.screenshot(
          new Page.ScreenshotOptions()
              .setPath(
                  BrowserSession.screenshot(
                      String.format(
                          "a11y-%02d%s", visited.size(), kind.replaceAll("[^A-Za-z0-9]+", "-"))))
              .setFullPage(false));
      @SuppressWarnings("unchecked")
      List<String> hrefs =
          (List<String>) page.evaluate("() => [...document.links].map(a => a.href)");
      for (String href : hrefs) {
        URI next;
        try {
          next = URI.create(href.replaceAll("#.*$", ""));
        } catch (IllegalArgumentException e) {
          continue;
        }
        if (isConsolePage(next) && !toVisit.containsKey(kind(next))) {
          queue.add(next);
        }
      }
    }
    // the crawl reached the pages each capability is used from
    assertThat(visited)
        .contains(
            "/",
            "/identity",
            "/identity/people/N",
            "/identity/plans/N",
            "/identity/plans/new?kind&person",
            "/identity/plans/new?kind&person&system",
            "/resilience/catalog?catalog&needs",
            "/alerts",
            "/alerts/N",
            "/detection/rules",
            "/resilience/fire",
            "/resilience/fire?event&zone",
            "/resilience/fire/report?catalog&event&zone",
            "/resilience/recovery/confirm?crews&event&lost",
            "/resilience/recovery/report",
            "/resilience/catalog",
            "/resilience/recovery",
            "/identity/people",
            "/exercise",
            "/admin",
            "/admin/users",
            "/admin/audit",
            "/account",
            // every other kind of page the console serves (its controllers' GET pages)
            "/identity/cases",
            "/identity/runs",
            "/detection",
            "/resilience",
            "/resilience/live",
            "/resilience/live/entity?catalog&ref",
            "/breach/cases",
            "/breach/cases/N",
            "/exercise/runs/N",
            "/admin/settings",
            "/admin/status-publishing");
    // the page of a page that does not exist
    var missing = page.navigate(base + "/no/such/page");
    assertThat(missing.status()).isEqualTo(404);
    List<String> v404 = violations();
    if (!v404.isEmpty()) {
      failures.put(base + "/no/such/page", v404);
    }
    page.screenshot(
        new Page.ScreenshotOptions()
            .setPath(BrowserSession.screenshot("a11y-not-found"))
            .setFullPage(false));
    StringBuilder report = new StringBuilder();
    failures.forEach(
        (url, v) -> report.append('\n').append(url).append('\n').append(String.join("\n", v)));
    assertThat(failures)
        .as("axe-core violations on %d of %d pages:%s", failures.size(), visited.size(), report)
        .isEmpty();
  }
}
