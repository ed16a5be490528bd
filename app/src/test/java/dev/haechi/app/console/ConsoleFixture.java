package dev.haechi.app.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.haechi.app.server.ServerLauncher;
import dev.haechi.app.server.ServerOptions;
import dev.haechi.app.store.DatabaseTarget;
import dev.haechi.demo.DemoOptions;
import dev.haechi.demo.DemoOrganisations;
import dev.haechi.demo.GeneratedOrganisation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What every browser test of the console starts with: a real server on an embedded store in a
 * temporary home, the demo organisations generated and loaded as the test asks, and a headless
 * Chromium ({@link BrowserSession}). One per test class ({@code @BeforeAll} / {@code @AfterAll}).
 */
final class ConsoleFixture implements AutoCloseable {
  static final String ADMIN_PASSWORD = "browser-test-admin-password";

  /**
   * How long a browser test waits for what it expects to see (content, a state, an address), never
   * a fixed sleep. The machine runs eight builds at once (load 20–40): Playwright's 5 s default
   * failed steps that were only slow (the drill's report link under load).
   */
  static final double WAIT_MS = 60_000;

  static {
    com.microsoft.playwright.assertions.PlaywrightAssertions.setDefaultAssertionTimeout(WAIT_MS);
  }

  final Path home;
  final ConfigurableApplicationContext server;
  final String base;
  private final String name;
  private BrowserSession browser;
  private Path demo;

  private ConsoleFixture(String name, Path home, ConfigurableApplicationContext server) {
    this.name = name;
    this.home = home;
    this.server = server;
    this.base = "http://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port");
  }

  /** A server on an ephemeral port with the admin's password; {@code name} labels temp dirs. */
  static ConsoleFixture start(String name) throws Exception {
    Path home = Files.createTempDirectory("haechi-" + name + "-it");
    return new ConsoleFixture(
        name,
        home,
        ServerLauncher.start(
            new ServerOptions(home, DatabaseTarget.embedded(home), 0, "127.0.0.1"),
            "--HAECHI_ADMIN_PASSWORD=" + ADMIN_PASSWORD));
  }

  /** Generates the demo organisations (default seed) at {@code scale}, in the order given. */
  List<GeneratedOrganisation> generate(double scale, String... organisations) throws Exception {
    demo = Files.createTempDirectory("haechi-" + name + "-demo");
    return DemoOrganisations.generate(
        demo, new DemoOptions(DemoOptions.DEFAULT_SEED, scale, Set.of(organisations)));
  }

  /** The folder {@link #generate} wrote the demo to. */
  Path demo() {
    return demo;
  }

  /** The retailer's identity data, and its gateway events replayed through detection. */
  void loadRetailer(Path dir) throws Exception {
    var loader = bean(dev.haechi.app.demo.DemoLoader.class);
    loader.loadRetailer(dir, "browser test");
    loader.replayRetailerEvents(dir, "browser test", n -> {});
  }

  /** The government's catalog, imported as catalog {@code government}. */
  void importGovernmentCatalog(Path dir) throws Exception {
    bean(dev.haechi.app.resilience.CatalogStore.class)
        .importCatalog(
            "test", "government", "browser test", dev.haechi.app.demo.DemoLoader.yamlFiles(dir));
  }

  <T> T bean(Class<T> type) {
    return server.getBean(type);
  }

  /** Starts the browser (after the data is loaded, as the tests always did). */
  ConsoleFixture openBrowser() {
    browser = new BrowserSession();
    return this;
  }

  BrowserContext newContext() {
    return patient(browser.browser.newContext());
  }

  BrowserContext newContext(Browser.NewContextOptions options) {
    return patient(browser.browser.newContext(options));
  }

  /** Clicks, fills and navigations wait as long as assertions do (see {@link #WAIT_MS}). */
  private static BrowserContext patient(BrowserContext context) {
    context.setDefaultTimeout(WAIT_MS);
    context.setDefaultNavigationTimeout(2 * WAIT_MS);
    return context;
  }

  /** Signs in from the overview and waits for the console to name the user. */
  void signIn(Page page, String user, String password) {
    page.navigate(base + "/");
    page.fill("#username", user);
    page.fill("#password", password);
    page.click("#sign-in");
    assertThat(page.locator("#current-user")).hasText(user);
  }

  void signIn(Page page) {
    signIn(page, "admin", ADMIN_PASSWORD);
  }

  /**
   * A full-page screenshot in {@code target/screenshots/NAME.png}; when the browser cannot paint
   * the whole page in time (a page of charts at load 50 took over three minutes), the visible part.
   * The screenshot is for a reader of the build, not an assertion: a step never fails for it, but a
   * missing one is said on the test's output.
   */
  static void shot(Page page, String name) throws Exception {
    // a page behind another tab (the public page kept open beside the console) may not paint
    page.bringToFront();
    try {
      page.screenshot(
          new Page.ScreenshotOptions()
              .setPath(BrowserSession.screenshot(name))
              .setFullPage(true)
              .setAnimations(com.microsoft.playwright.options.ScreenshotAnimations.DISABLED)
              .setTimeout(WAIT_MS));
    } catch (com.microsoft.playwright.TimeoutError full) {
      try {
        page.screenshot(
            new Page.ScreenshotOptions()
                .setPath(BrowserSession.screenshot(name))
                .setFullPage(false)
                .setTimeout(WAIT_MS));
        System.err.println("screenshot " + name + ": the visible part only (full page timed out)");
      } catch (com.microsoft.playwright.TimeoutError visible) {
        System.err.println("screenshot " + name + " not taken: the browser did not paint in time");
      }
    }
  }

  @Override
  public void close() {
    if (browser != null) {
      browser.close();
    }
    server.close();
  }
}
