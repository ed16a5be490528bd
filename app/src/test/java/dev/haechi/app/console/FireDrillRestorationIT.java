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

  /** The public page's row of a service (its name cell, exactly). */
  private static Locator serviceRow(Page status, String name) {
    return status
        .locator("#services tr")
        .filter(
            new Locator.FilterOptions()
                .setHas(status.locator("td.name", new Page.LocatorOptions().setHasText(name))));
  }

  /**
   * Reloads the public page until {@code what} holds: the page is served from memory and follows
   * the restoration as the server publishes, not as the browser asks.
   */
  private static void reloadUntil(Page status, java.util.function.BooleanSupplier what)
      throws InterruptedException {
    long until = System.nanoTime() + (long) (ConsoleFixture.WAIT_MS * 1_000_000);
    status.reload();
    while (!what.getAsBoolean() && System.nanoTime() < until) {
      Thread.sleep(500);
      status.reload();
    }
  }

  /**
   * Issue 17's Done-when task "fire drill → restoration → crew report → public page", walked whole
   * as a duty officer does, in one test: the overview and the public page show the battery-room
   * fire under way; the drill of the same room counts the same systems; the drill starts the
   * restoration (asked first, since one is under way); a crew reports from the systems table's row
   * and by typing a short name the list completes; the public status page shows the service
   * Operational and says it is back; the status report prints; starting over again asks first and
   * keeps the crews' reports when told to.
   */
  @Test
  void a_duty_officer_drills_the_fire_starts_the_restoration_reports_and_the_public_page_follows()
      throws Exception {
    signIn();
    // the overview shows the live incident
    assertThat(page.locator("#live-restoration")).containsText("Fire in dj-5f-r7");
    long overviewTotal = number(page.locator("#live-progress").textContent(), "of ([0-9,]+)");
    long overviewGrade1 = number(page.locator("#live-grade1").textContent(), "of ([0-9,]+)");
    assertThat(page.locator("#live-public-incidents")).isVisible();
    assertThat(page.locator("#open-alerts")).isVisible();
    shot("overview");

    // the public incident text says how many systems stopped (a tab the officer keeps open)
    Page status = context.newPage();
    status.navigate(base + "/status");
    // back to the console's tab: a tab behind another has its timers and painting throttled
    page.bringToFront();
    String incident = status.locator("article[id^=incident-]").first().innerText();
    long publicStopped = number(incident, "([0-9,]+)(?:개 시스템| systems stopped)");

    // the fire drill of the same room
    page.navigate(base + "/resilience");
    page.click("#fire-drill-link");
    assertThat(page).hasURL(Pattern.compile("/resilience/fire"));
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
    assertThat(summary).containsText("systems stopped");
    long drillStopped = Long.parseLong(summary.getAttribute("data-stopped"));
    long drillGrade1 = Long.parseLong(summary.getAttribute("data-grade1"));
    // every grade is listed, and what is counted is said
    assertThat(page.locator("#fire-grades-table tbody tr")).hasCount(5);
    assertThat(page.locator("#fire-definitions")).containsText("The restoration plans");
    assertThat(page.locator("#fire-legend")).containsText("data lost for good");
    // the chart labels every grade (ECharts dropped "grade 2" and "grade 4" to avoid crowding)
    assertThat(page.locator("#fire-grades")).hasAttribute("data-rendered", "true");
    assertThat(page.locator("#fire-grades svg text"))
        .containsText(new String[] {"grade 1", "grade 2", "grade 3", "grade 4", "ungraded"});
    // the data lost, in words (the unbacked file store loses everything)
    assertThat(page.locator("#fire-lost")).containsText("g-drive");
    assertThat(page.locator("#fire-lost tr.lost-for-good").first()).containsText("everything");
    // a database names the public service whose data it holds (gov24-db showed none)
    Locator gov24Db =
        page.locator("#fire-lost tbody tr")
            .filter(new Locator.FilterOptions().setHasText("resource:default/gov24-db"));
    assertThat(gov24Db).hasCount(1);
    assertThat(gov24Db.locator("td").nth(1)).hasText("정부24");
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
    assertThat(page).hasURL(Pattern.compile("/resilience/fire/report\\?"));
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
    assertThat(page).hasURL(Pattern.compile("/resilience/fire\\?"));
    assertThat(page.locator("#fire-result")).hasAttribute("data-zone", "dj-5f-r7");

    // it is real: the officer starts the restoration from the drill, for the same loss
    page.click("#start-restoration-link");
    assertThat(page).hasURL(Pattern.compile("/resilience/recovery\\?"));
    assertThat(page.locator("#start-lost")).hasValue("zone:dj-5f-r7");
    assertThat(page.locator("#start-event")).hasValue("fire");
    // four crews (the demo's restoration has five): the new one is told from the old by its crews
    page.fill("#start-crews", "4");
    page.click("#start-restoration");
    // one is under way (the demo's): the console asks first and says what would be lost
    assertThat(page).hasURL(Pattern.compile("/resilience/recovery/confirm"));
    assertThat(page.locator("#confirm-progress"))
        .hasText("0 of " + drillStopped + " systems restored");
    assertThat(page.locator("#confirm-losses")).containsText("0 crew reports");
    assertThat(page.locator("#confirm-new")).hasText("Fire in dj-5f-r7");
    page.click("#confirm-replace");
    // the page shows the new restoration once it is planned (it may show the planning first and
    // reload itself): wait for the new one's crews, not for a time
    assertThat(page.locator("#restoration-what"))
        .containsText(
            "; 4 crews;",
            new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions()
                .setTimeout(4 * ConsoleFixture.WAIT_MS));
    assertThat(page.locator("#restoration-start")).hasCount(0);
    assertThat(page).hasURL(Pattern.compile("/resilience/recovery$"));
    // planned for the drill's loss, it counts what the drill counted
    assertThat(page.locator("#progress")).hasText("0 of " + drillStopped + " systems restored");
    // the loss in words, and a system without a grade says so (it said "zone:dj-5f-r7", "0")
    assertThat(page.locator("#restoration-what")).containsText("Fire in dj-5f-r7, ");
    assertThat(page.locator("#systems tr[data-system^='powerasset:'] td").nth(2))
        .hasText("ungraded");
    assertThat(page.locator("#recovery-chart")).hasAttribute("data-rendered", "true");
    assertThat(page.locator("#grade-progress tr[data-grade='1'] td.total"))
        .hasText(Long.toString(drillGrade1));
    assertThat(page.locator("#plan-figures")).containsText(" h");
    noInternals();
    shot("restoration-started");

    // the public page names the service still down, with when it is expected back
    status.reload();
    String service = "정부24";
    // (the page speaks the language an admin set, Korean in the demo: states are read from their
    // cells' classes, words in either language)
    assertThat(serviceRow(status, service)).hasCount(1);
    assertThat(serviceRow(status, service).locator("td.operational")).hasCount(0);
    assertThat(serviceRow(status, service).locator("td.eta time")).hasCount(1);
    int operationalBefore = status.locator("#services td.operational").count();

    // a crew starts on it: the officer finds its row and reports from it
    page.fill("#systems-q", service);
    page.click("#systems-filter-button");
    // the filtered page, with its scripts ready (its chart drawn): a click on the old page's row
    // would be lost in the navigation
    assertThat(page).hasURL(Pattern.compile("[?&]q="));
    assertThat(page.locator("#systems-count")).hasText("1 system");
    assertThat(page.locator("#recovery-chart")).hasAttribute("data-rendered", "true");
    Locator row =
        page.locator("#systems tbody tr")
            .filter(new Locator.FilterOptions().setHasText(service))
            .first();
    assertThat(row).isVisible();
    String system = row.getAttribute("data-system");
    assertThat(system).isEqualTo("component:default/gov24");
    assertThat(row.locator("td.back")).containsText("expected");
    row.locator("button.pick-system").click();
    assertThat(page.locator("#report-system")).hasValue(system);
    // the keyboard goes on from what is left to pick: the state
    assertThat(page.locator("#report-state")).isFocused();
    page.selectOption("#report-state", "restoring");
    page.fill("#report-crew", "crew-1");
    page.click("#report");
    assertThat(page.locator("p.flash.ok:not(#replan-status)"))
        .containsText(system + " is restoring");
    // the new page's scripts are ready once its chart is drawn
    assertThat(page.locator("#recovery-chart")).hasAttribute("data-rendered", "true");

    // it is back: the crew types the short name; the list offers the full one
    assertThat(page.locator("#system-names option[value='" + system + "']")).hasCount(1);
    page.fill("#report-system", "gov24");
    page.selectOption("#report-state", "restored");
    page.fill("#report-crew", "crew-1");
    page.click("#report");
    assertThat(page.locator("p.flash.ok:not(#replan-status)"))
        .containsText(system + " is restored");
    assertThat(page.locator("#progress")).hasText("1 of " + drillStopped + " systems restored");
    // while the answer to the report is on screen, the new plan is offered, not forced
    assertThat(page.locator("#replan-refresh")).isVisible();
    page.click("#replan-refresh");
    assertThat(page.locator("p.flash.ok:not(#replan-status)")).hasCount(0);
    assertThat(page.locator("#recovery-chart")).hasAttribute("data-rendered", "true");
    // the restored system shows when it came back, not a planned time
    page.fill("#systems-q", service);
    page.click("#systems-filter-button");
    assertThat(page).hasURL(Pattern.compile("[?&]q="));
    assertThat(page.locator("#systems-count")).hasText("1 system");
    assertThat(page.locator("#systems tr[data-system='" + system + "'] td.state"))
        .hasText("restored");
    assertThat(page.locator("#systems tr[data-system='" + system + "'] td.back"))
        .hasText(Pattern.compile("^back \\d{1,2} \\w{3} \\d{4}, \\d\\d:\\d\\d UTC$"));

    // the public page follows: the service is Operational, one more than before, and the
    // incident says it is back
    reloadUntil(status, () -> serviceRow(status, service).locator("td.operational").count() == 1);
    assertThat(serviceRow(status, service).locator("td.operational"))
        .hasText(Pattern.compile("^(Operational|정상)$"));
    assertThat(serviceRow(status, service).locator("td.eta time")).hasCount(0);
    assertThat(status.locator("#services td.operational")).hasCount(operationalBefore + 1);
    assertThat(
            status
                .locator("article[id^=incident-]")
                .filter(
                    new Locator.FilterOptions()
                        .setHasText(Pattern.compile(service + " (is back|서비스가 복구되었습니다)"))))
        .not()
        .hasCount(0);
    ConsoleFixture.shot(status, "drill-status-restored");
    page.bringToFront();

    // another crew reports elsewhere (the API): the page refreshes itself after the re-plan
    page.navigate(base + "/resilience/recovery");
    assertThat(page.locator("#recovery-chart")).hasAttribute("data-rendered", "true");
    String other =
        page.locator("#systems tbody tr:not([data-system='" + system + "'])")
            .first()
            .getAttribute("data-system");
    var recovery = server.getBean(dev.haechi.app.recovery.RecoveryService.class);
    recovery.report("crew-api", other, "restoring", "crew-2", null, null);
    recovery.report("crew-api", other, "restored", "crew-2", null, null);
    assertThat(page.locator("#progress"))
        .hasText(
            Pattern.compile("^2 of "),
            new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions()
                .setTimeout(4 * ConsoleFixture.WAIT_MS));
    assertThat(page.locator("#planned-at")).isVisible();
    noInternals();
    shot("restoration");

    // the printable status report
    page.click("#recovery-report-link");
    assertThat(page).hasURL(Pattern.compile("/resilience/recovery/report"));
    assertThat(page.locator("#progress")).hasText("2 of " + drillStopped + " systems restored");
    assertThat(page.locator("#report-systems")).containsText(system);
    noInternals();
    shot("restoration-report");

    // starting from the drill again asks first, counts the crews' reports, and keeps them
    page.navigate(base + "/resilience/fire?zone=dj-5f-r7&event=fire");
    page.click("#start-restoration-link");
    assertThat(page.locator("#start-lost")).hasValue("zone:dj-5f-r7");
    page.click("#start-restoration");
    assertThat(page).hasURL(Pattern.compile("/resilience/recovery/confirm"));
    assertThat(page.locator("#confirm-progress"))
        .hasText("2 of " + drillStopped + " systems restored");
    // the console's two reports and the API's two
    assertThat(page.locator("#confirm-losses")).containsText("4 crew reports");
    shot("confirm");
    page.click("#confirm-keep");
    assertThat(page.locator("#progress")).hasText(Pattern.compile("^2 of "));
    reloadUntil(status, () -> serviceRow(status, service).locator("td.operational").count() == 1);
    assertThat(serviceRow(status, service).locator("td.operational")).hasCount(1);
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
