package dev.haechi.app.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.haechi.app.server.ServerLauncher;
import dev.haechi.app.server.ServerOptions;
import dev.haechi.app.store.DatabaseTarget;
import dev.haechi.demo.DemoOptions;
import dev.haechi.demo.DemoOrganisations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 16, the results page as a first-time reader meets it: a failure-only run (nirs-2025) says
 * how its score was reached, names the fire's cause once, and says there are no ATT&CK techniques
 * instead of an empty table; the coupang-2025 run sets its detection beside the real dwell time.
 * Screenshots in {@code target/screenshots/exercise-results-*.png}.
 */
class ExerciseResultsIT {
  static final String ADMIN_PASSWORD = "browser-test-admin-password";
  static ConfigurableApplicationContext server;
  static BrowserSession browser;
  static String base;
  BrowserContext context;
  Page page;

  @BeforeAll
  static void start() throws Exception {
    Path home = Files.createTempDirectory("haechi-exercise-it");
    server =
        ServerLauncher.start(
            new ServerOptions(home, DatabaseTarget.embedded(home), 0, "127.0.0.1"),
            "--HAECHI_ADMIN_PASSWORD=" + ADMIN_PASSWORD);
    base = "http://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port");
    Path worlds = Files.createTempDirectory("haechi-exercise-it-worlds");
    DemoOrganisations.generate(
        worlds, new DemoOptions(DemoOptions.DEFAULT_SEED, 0.01, Set.of("retailer")));
    DemoOrganisations.generate(
        worlds, new DemoOptions(DemoOptions.DEFAULT_SEED, 0.05, Set.of("government")));
    server.getBean(dev.haechi.app.exercise.ExerciseRuns.class).useWorlds(worlds);
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

  @BeforeEach
  void open() {
    context = browser.browser.newContext();
    page = context.newPage();
    page.navigate(base + "/");
    page.fill("#username", "admin");
    page.fill("#password", ADMIN_PASSWORD);
    page.click("#sign-in");
    assertThat(page.locator("#current-user")).hasText("admin");
  }

  @AfterEach
  void closeContext() {
    context.close();
  }

  private void shot(String name) throws Exception {
    page.screenshot(
        new Page.ScreenshotOptions()
            .setPath(BrowserSession.screenshot("exercise-results-" + name))
            .setFullPage(true));
  }

  private void runToTheEnd(String scenario, String rate) {
    page.navigate(base + "/exercise");
    page.check("#scenario-" + scenario);
    if (rate != null) {
      page.fill("#exercise-rate", rate);
    }
    page.click("#exercise-run");
    assertThat(page).hasURL(Pattern.compile("/exercise/runs/\\d+$"));
    assertThat(page.locator("#run-score"))
        .containsText("Score", new LocatorAssertions.ContainsTextOptions().setTimeout(300_000));
  }

  private void noInternals() {
    for (String bad : new String[] {"null", "PT", "NaN", "Whitelabel"}) {
      assertThat(page.locator("main")).not().containsText(bad);
    }
    assertThat(page.locator("main").innerText())
        .doesNotContainPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d");
  }

  @Test
  void a_failure_only_run_explains_its_score_names_the_cause_once_and_has_no_empty_attack_table()
      throws Exception {
    runToTheEnd("nirs-2025", null);
    String score = page.locator("#run-score b").innerText();
    int points = Integer.parseInt(score.replaceAll("\\D+", " ").trim().split(" ")[0]);
    // the score is explained in the inject's points and the weights
    assertThat(page.locator("#run-score-how")).containsText("How the score was reached");
    assertThat(page.locator("#run-score-how")).containsText("battery-fire impact");
    assertThat(page.locator("#run-score-how")).containsText("→ " + points);
    assertThat(page.locator("#run-score-how")).containsText("minus 5 per expectation not met");
    assertThat(page.locator("#run-injects .inject-points").first()).containsText(" of 1");
    // the Why column: the cause, once
    String why = page.locator("#run-injects tr.inject-row td").last().innerText();
    assertThat(why).startsWith("The fire at dj-ups-5f-a burned its room, zone dj-5f-r7: ");
    assertThat(why.split("stopped", -1)).hasSize(2);
    assertThat(why.split("destroyed", -1)).hasSize(2);
    // no ATT&CK table with no rows; no Navigator layer to download
    assertThat(page.locator("#run-techniques")).hasCount(0);
    assertThat(page.locator("#run-no-techniques")).containsText("no attack injects");
    assertThat(page.locator("#run-navigator")).hasCount(0);
    assertThat(page.locator("#run-dwell")).hasCount(0);
    // which findings would have prevented it: every kind named, the three of the real fire among
    // them
    assertThat(page.locator("#prevention-battery-fire")).containsText("battery-past-life");
    assertThat(page.locator("#prevention-battery-fire")).containsText("recommendation-open");
    assertThat(page.locator("#prevention-battery-fire")).containsText("no-backup");
    noInternals();
    shot("nirs");
  }

  @Test
  void the_coupang_run_sets_its_detection_beside_the_real_dwell_time() throws Exception {
    runToTheEnd("coupang-2025", "0.2");
    assertThat(page.locator("#run-dwell"))
        .containsText("the real attack went unnoticed for 147 days");
    assertThat(page.locator("#run-dwell")).containsText("first attack inject was detected after");
    assertThat(page.locator("#run-injects .inject-outcome"))
        .hasText(new String[] {"detected", "detected", "detected"});
    assertThat(page.locator("#run-expectations li")).hasCount(3);
    for (int i = 0; i < 3; i++) {
      assertThat(page.locator("#run-expectations li").nth(i)).containsText("Met —");
      assertThat(page.locator("#run-expectations li").nth(i)).containsText("(within 15m)");
    }
    assertThat(page.locator("#run-techniques")).containsText("T1606");
    assertThat(page.locator("#run-navigator")).isVisible();
    assertThat(page.locator("#run-score-how")).containsText("forged-probe detected 1");
    noInternals();
    shot("coupang");
  }
}
