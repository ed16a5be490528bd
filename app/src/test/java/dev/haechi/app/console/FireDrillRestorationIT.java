package dev.haechi.app.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 17 items 4, 5 and 6, as the resilience officer walks them: the demo's battery-room fire is
 * a live incident; the overview, the public incident text, the fire drill and the restoration count
 * the same systems the same way; the drill starts a restoration, which asks before replacing the
 * one under way; a crew reports from a row; both results print. Screenshots in {@code
 * target/screenshots/drill-*.png}.
 */
class FireDrillRestorationIT {
  static ConsoleFixture fixture;
  static ConfigurableApplicationContext server;
  static String base;
  static Path demo;
  BrowserContext context;
  Page page;

  @BeforeAll
  static void start() throws Exception {
    fixture = ConsoleFixture.start("drill");
    server = fixture.server;
    base = fixture.base;
    var generated = fixture.generate(0.02, "government");
    demo = fixture.demo();
    fixture.importGovernmentCatalog(generated.get(0).directory());
    // the demo's live incident, exactly as `haechi demo` starts it
    assertThat(
            fixture
                .bean(dev.haechi.app.demo.DemoLoader.class)
                .startGovernmentIncident(5, java.time.Duration.ofSeconds(2)))
        .isTrue();
    fixture.openBrowser();
  }

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @BeforeEach
  void open() {
    context = fixture.newContext();
    page = context.newPage();
  }

  @AfterEach
  void closeContext() {
    context.close();
  }

  private void signIn() {
    fixture.signIn(page);
  }

  private void shot(String name) throws Exception {
    ConsoleFixture.shot(page, "drill-" + name);
  }

  private static long number(String text, String pattern) {
    var m = Pattern.compile(pattern).matcher(text);
    assertThat(m.find()).as(pattern + " in: " + text).isTrue();
    return Long.parseLong(m.group(1).replace(",", ""));
  }

  private void noInternals() {
    for (String bad :
        new String[] {"Placement[", "null", "PT1", "PT2", "PT3", "Whitelabel", "FORMATS.md"}) {
      assertThat(page.locator("main")).not().containsText(bad);
    }
    // no nanosecond instants or raw ISO instants on screen
    assertThat(page.locator("main").innerText())
        .doesNotContainPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d");
  }

  @Test
  void the_same_fire_counts_the_same_on_every_page_and_the_drill_starts_the_restoration()
      throws Exception {
    signIn();
    // the overview shows the live incident
    assertThat(page.locator("#live-restoration")).containsText("Fire in dj-5f-r7");
    long overviewTotal = number(page.locator("#live-progress").textContent(), "of ([0-9,]+)");
    long overviewGrade1 = number(page.locator("#live-grade1").textContent(), "of ([0-9,]+)");
    assertThat(page.locator("#live-public-incidents")).isVisible();
    assertThat(page.locator("#open-alerts")).isVisible();
    shot("overview");

    // the public incident text says how many systems stopped
    page.navigate(base + "/status");
    String incident = page.locator("article[id^=incident-]").first().innerText();
    long publicStopped = number(incident, "([0-9,]+)(?:개 시스템| systems stopped)");

    // the fire drill of the same room
    page.navigate(base + "/resilience");
    page.click("#fire-drill-link");
    assertThat(page.locator("#fire-map")).hasAttribute("data-rendered", "true");
    // the battery room is named, and is the room offered first
    assertThat(page.locator("#fire-zone option:checked")).containsText("battery room");
    assertThat(page.locator("#fire-zone")).hasValue("dj-5f-r7");
    // the button says what it will do
    page.selectOption("#fire-event", "power");
    assertThat(page.locator("#set-on-fire")).hasText("Cut the power");
    page.selectOption("#fire-event", "fire");
    assertThat(page.locator("#set-on-fire")).hasText("Set on fire");
    page.click("#set-on-fire");
    assertThat(page).hasURL(Pattern.compile("zone=dj-5f-r7"));
    assertThat(page.locator("#fire-map")).hasAttribute("data-rendered", "true");
    Locator summary = page.locator("#fire-summary");
    long drillStopped = Long.parseLong(summary.getAttribute("data-stopped"));
    long drillGrade1 = Long.parseLong(summary.getAttribute("data-grade1"));
    assertThat(summary).containsText("systems stopped");
    // every grade is listed, and what is counted is said
    assertThat(page.locator("#fire-grades-table tbody tr")).hasCount(5);
    assertThat(page.locator("#fire-definitions")).containsText("The restoration plans");
    assertThat(page.locator("#fire-legend")).containsText("data lost for good");
    // the data lost, in words (the unbacked file store loses everything)
    assertThat(page.locator("#fire-lost")).containsText("g-drive");
    assertThat(page.locator("#fire-lost tr.lost-for-good").first()).containsText("everything");
    assertThat(page.locator("#fire-map")).hasAttribute("data-coloured", "true");
    noInternals();
    shot("fire");

    // the same numbers everywhere
    assertThat(drillStopped).isPositive();
    assertThat(overviewTotal).isEqualTo(drillStopped);
    assertThat(publicStopped).isEqualTo(drillStopped);
    assertThat(overviewGrade1).isEqualTo(drillGrade1);

    // the printable drill report carries the same result
    page.click("#fire-report-link");
    assertThat(page.locator("h1")).containsText("Fire drill report: Fire in dj-5f-r7");
    assertThat(page.locator("#fire-summary"))
        .hasAttribute("data-stopped", Long.toString(drillStopped));
    assertThat(page.locator("#print")).isVisible();
    page.emulateMedia(
        new Page.EmulateMediaOptions().setMedia(com.microsoft.playwright.options.Media.PRINT));
    assertThat(page.locator("header.topbar")).isHidden();
    assertThat(page.locator("#fire-grades-table")).isVisible();
    shot("fire-report-print");
    page.emulateMedia(
        new Page.EmulateMediaOptions().setMedia(com.microsoft.playwright.options.Media.SCREEN));
    page.goBack();

    // the restoration page counts the same, grade by grade
    page.navigate(base + "/resilience/recovery");
    assertThat(page.locator("#recovery-chart")).hasAttribute("data-rendered", "true");
    long restorationTotal = number(page.locator("#progress").textContent(), "of ([0-9,]+)");
    assertThat(restorationTotal).isEqualTo(drillStopped);
    assertThat(page.locator("#grade-progress tr[data-grade='1'] td.total"))
        .hasText(Long.toString(drillGrade1));
    assertThat(page.locator("#plan-figures")).containsText(" h");
    noInternals();

    // a crew reports from the table's row
    Locator row = page.locator("#systems tbody tr").first();
    String system = row.getAttribute("data-system");
    String other = page.locator("#systems tbody tr").nth(1).getAttribute("data-system");
    row.locator("button.pick-system").click();
    assertThat(page.locator("#report-system")).hasValue(system);
    page.selectOption("#report-state", "restoring");
    page.click("#report");
    assertThat(page.locator("p.flash.ok")).containsText(system + " is restoring");
    // the new page's scripts are ready once its chart is drawn
    assertThat(page.locator("#recovery-chart")).hasAttribute("data-rendered", "true");
    page.locator("#systems tr[data-system='" + system + "'] button.pick-system").click();
    assertThat(page.locator("#report-system")).hasValue(system);
    page.selectOption("#report-state", "restored");
    page.click("#report");
    assertThat(page.locator("p.flash.ok")).containsText(system + " is restored");
    assertThat(page.locator("#progress")).hasText(Pattern.compile("^1 of "));
    // while the answer to the report is on screen, the new plan is offered, not forced
    var slow =
        new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions()
            .setTimeout(120_000);
    assertThat(page.locator("#replan-refresh")).isVisible(slow);
    page.click("#replan-refresh");
    assertThat(page.locator("p.flash.ok")).hasCount(0);
    assertThat(page.locator("#recovery-chart")).hasAttribute("data-rendered", "true");
    // another crew reports elsewhere (the API): the page refreshes itself after the re-plan
    var recovery = server.getBean(dev.haechi.app.recovery.RecoveryService.class);
    recovery.report("crew-api", other, "restoring", "crew-2", null, null);
    recovery.report("crew-api", other, "restored", "crew-2", null, null);
    assertThat(page.locator("#progress"))
        .hasText(
            Pattern.compile("^2 of "),
            new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions()
                .setTimeout(120_000));
    assertThat(page.locator("#planned-at")).isVisible();
    shot("restoration");

    // the printable status report
    page.click("#recovery-report-link");
    assertThat(page.locator("#progress")).hasText("2 of " + restorationTotal + " systems restored");
    assertThat(page.locator("#report-systems")).containsText(system);
    noInternals();
    shot("restoration-report");

    // starting from the drill over the restoration under way asks first and says what is lost
    page.navigate(base + "/resilience/fire?zone=dj-5f-r7&event=fire");
    page.click("#start-restoration-link");
    assertThat(page.locator("#start-lost")).hasValue("zone:dj-5f-r7");
    page.click("#start-restoration");
    assertThat(page).hasURL(Pattern.compile("/resilience/recovery/confirm"));
    assertThat(page.locator("#confirm-progress"))
        .hasText("2 of " + restorationTotal + " systems restored");
    // the console's two reports and the API's two
    assertThat(page.locator("#confirm-losses")).containsText("4 crew reports");
    shot("confirm");
    page.click("#confirm-keep");
    assertThat(page.locator("#progress")).hasText(Pattern.compile("^2 of "));
    // confirmed, the new restoration starts over, with progress shown while it plans
    page.navigate(base + "/resilience/recovery/confirm?lost=zone:dj-5f-r7&event=fire&crews=5");
    page.click("#confirm-replace");
    // answered at once (issue 12 item 8): the page shows the new plan by itself when it is ready
    assertThat(page.locator("p.flash.ok"))
        .containsText("Restoration started. Its plan is being made");
    assertThat(page.locator("#progress"))
        .hasText(
            "0 of " + restorationTotal + " systems restored",
            new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions()
                .setTimeout(120_000));
  }

  /**
   * Issue 16 item 5: the NIRS replay runs from the console (on the server's government world, no
   * background traffic for a failure-only scenario), follows its progress and shows the plan's
   * restoration curve beside the real one.
   */
  @Test
  void the_nirs_replay_runs_from_the_console_and_draws_the_plan_beside_the_real_curve()
      throws Exception {
    server.getBean(dev.haechi.app.exercise.ExerciseRuns.class).useWorlds(demo);
    signIn();
    page.navigate(base + "/exercise");
    page.check("#scenario-nirs-2025");
    page.click("#exercise-run");
    assertThat(page).hasURL(Pattern.compile("/exercise/runs/\\d+$"));
    assertThat(page.locator("#run-score"))
        .containsText(
            "Score",
            new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions()
                .setTimeout(300_000));
    assertThat(page.locator("#run-injects")).containsText("battery-fire");
    assertThat(page.locator("#run-injects")).containsText("grade 1 back after");
    Locator chart = page.locator("svg.curve").first();
    assertThat(chart.locator("polyline.plan-curve")).hasAttribute("points", Pattern.compile("\\d"));
    assertThat(chart.locator("polyline.real-curve")).hasAttribute("points", Pattern.compile("\\d"));
    assertThat(page.locator("table.reference-table")).containsText("62 of 647");
    assertThat(page.locator("main")).not().containsText("PT");
    assertThat(page.locator("main")).not().containsText("null");
    shot("nirs-run");
    page.navigate(base + "/exercise");
    assertThat(page.locator("tr.exercise-run-row").first()).containsText("nirs-2025");
    assertThat(page.locator("tr.exercise-run-row").first()).containsText("complete");
  }
}
