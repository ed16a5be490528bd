package dev.haechi.app.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The console in a real browser against a real server on an embedded store. */
class ConsoleBrowserIT {
  static final String ADMIN_PASSWORD = ConsoleFixture.ADMIN_PASSWORD;
  static ConsoleFixture fixture;
  static ConfigurableApplicationContext server;
  static String base;
  static Path retailer;
  BrowserContext context;
  Page page;

  @BeforeAll
  static void start() throws Exception {
    fixture = ConsoleFixture.start("browser");
    server = fixture.server;
    base = fixture.base;
    var generated = fixture.generate(0.01, "government", "retailer");
    retailer = generated.get(1).directory();
    fixture.loadRetailer(retailer);
    dev.haechi.breach.store.EventStore.open(fixture.home.resolve("events"))
        .importFiles(java.util.List.of(retailer.resolve("events/gateway.jsonl")));
    fixture.importGovernmentCatalog(generated.get(0).directory());
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

  private void signIn(String user, String password) {
    page.navigate(base + "/");
    assertThat(page).hasURL(base + "/login");
    page.fill("#username", user);
    page.fill("#password", password);
    page.click("#sign-in");
  }

  @Test
  void an_admin_signs_in_sees_the_overview_and_signs_out() throws Exception {
    signIn("admin", ADMIN_PASSWORD);
    assertThat(page).hasURL(base + "/");
    assertThat(page.locator("h1")).hasText("Overview");
    assertThat(page.locator("#current-user")).hasText("admin");
    assertThat(page.locator("nav[aria-label=Capabilities] a"))
        .containsText(
            new String[] {"Overview", "Leaver Guard", "Breach Watch", "Resilience", "Exercise"});
    assertThat(page.locator("#severity-chart")).hasAttribute("data-rendered", "true");
    assertThat(page.locator("#severity-chart canvas")).hasCount(1);
    page.screenshot(
        new Page.ScreenshotOptions()
            .setPath(BrowserSession.screenshot("overview"))
            .setFullPage(true));

    page.click("#logout");
    assertThat(page.locator("#logged-out")).isVisible();
    page.screenshot(new Page.ScreenshotOptions().setPath(BrowserSession.screenshot("signed-out")));
    page.navigate(base + "/");
    assertThat(page).hasURL(base + "/login");
  }

  @Test
  void a_wrong_password_is_refused_and_the_console_stays_closed() throws Exception {
    signIn("admin", "not-the-password");
    assertThat(page.locator("#login-error")).isVisible();
    assertThat(page.locator("#login-error")).hasText("Wrong username or password.");
    page.screenshot(new Page.ScreenshotOptions().setPath(BrowserSession.screenshot("refused")));
    page.navigate(base + "/identity");
    assertThat(page).hasURL(base + "/login");
  }

  @Test
  void setting_the_battery_room_on_fire_shows_the_blast_radius_and_the_lost_file_store()
      throws Exception {
    signIn("admin", ADMIN_PASSWORD);
    page.navigate(base + "/resilience");
    page.click("#fire-drill-link");
    assertThat(page).hasURL(base + "/resilience/fire");
    assertThat(page.locator("#fire-map")).hasAttribute("data-rendered", "true");
    page.selectOption("#fire-zone", "dj-5f-r7");
    page.click("#set-on-fire");
    // The result is headed by the event and the room (its name, or its id where it has none).
    assertThat(page.locator("#fire-result-heading")).containsText("Fire in");
    assertThat(page.locator("#fire-result")).hasAttribute("data-zone", "dj-5f-r7");
    assertThat(page.locator("#fire-summary")).containsText("systems stopped");
    assertThat(page.locator("#fire-lost")).containsText("resource:default/g-drive");
    int stopped = Integer.parseInt(page.locator("#fire-summary").getAttribute("data-stopped"));
    assertThat(stopped).isPositive();
    page.screenshot(
        new Page.ScreenshotOptions()
            .setPath(BrowserSession.screenshot("fire-drill"))
            .setFullPage(true));
  }

  @Test
  void the_leavers_person_page_shows_the_signing_key_he_exported_and_its_custody()
      throws Exception {
    signIn("admin", ADMIN_PASSWORD);
    page.navigate(base + "/identity?severity=critical");
    var finding =
        page.locator("article.finding")
            .filter(
                new com.microsoft.playwright.Locator.FilterOptions()
                    .setHasText("secret-custodian-left"));
    finding.locator("a.person-link").first().click();
    assertThat(page.locator("#person-status")).containsText("left");
    assertThat(page.locator("#person-secrets")).containsText("gateway-token-signer");
    assertThat(page.locator("#person-secrets")).containsText("transit/export");
    page.screenshot(
        new Page.ScreenshotOptions()
            .setPath(BrowserSession.screenshot("leaver-person"))
            .setFullPage(true));
    page.navigate(base + "/identity/cases");
    assertThat(page.locator("h1")).hasText("Correlation cases");
  }

  @Test
  void the_catalog_browser_filters_by_room_and_shows_the_history() throws Exception {
    signIn("admin", ADMIN_PASSWORD);
    page.navigate(base + "/resilience");
    page.click("#catalog-link");
    page.selectOption("#catalog-zone", "dj-5f-r7");
    page.click("#catalog-filter");
    assertThat(page.locator("#catalog-table")).containsText("resource:default/g-drive");
    assertThat(page.locator("#catalog-history")).containsText("browser test");
    page.screenshot(new Page.ScreenshotOptions().setPath(BrowserSession.screenshot("catalog")));
  }

  @Test
  void an_admin_approves_a_plan_another_person_proposed() throws Exception {
    var plans = server.getBean(dev.haechi.app.identity.RemediationPlans.class);
    var state = server.getBean(dev.haechi.app.identity.IdentityState.class);
    String system =
        state.current().orElseThrow().result().findings().stream()
            .filter(f -> f.type().equals("leaver-active-account"))
            .map(f -> f.subject().get("system"))
            .findFirst()
            .orElseThrow();
    String target = "ldap://127.0.0.1:1/dc=example,dc=org;flavour=nsaccountlock";
    server
        .getBean(dev.haechi.app.settings.SettingsStore.class)
        .set("test", dev.haechi.app.settings.Setting.CONNECTOR_CLEARTEXT_HOSTS, "127.0.0.1");
    server
        .getBean(dev.haechi.app.identity.IdentitySources.class)
        .save("test", "accounts", system, target, "1h");
    long id = plans.propose("analyst-x", "analyst-x", system, null, true).id();
    signIn("admin", ADMIN_PASSWORD);
    page.navigate(base + "/identity");
    page.click("#plans-link");
    var plan = page.locator("#plan-" + id);
    assertThat(plan.locator(".plan-status")).hasText("proposed");
    // The approver sees exactly where the plan's actions go.
    assertThat(plan.locator(".plan-target")).containsText("ldap://127.0.0.1:1/dc=example");
    if (plans.plan(id).guardRaised()) {
      // Over the mass-change guard: the approver must raise it too (issue 12).
      plan.locator("input[name=raiseGuard]").check();
    }
    plan.locator("button.approve").click();
    assertThat(page.locator("#plan-" + id + " .plan-status")).hasText("approved");
    page.screenshot(new Page.ScreenshotOptions().setPath(BrowserSession.screenshot("plan")));
  }

  @Test
  void a_case_scopes_the_leavers_key_drafts_the_notice_and_its_hold_refuses_deletion()
      throws Exception {
    var truth =
        tools.jackson.databind.json.JsonMapper.builder()
            .build()
            .readTree(retailer.resolve("demo.json").toFile())
            .path("events")
            .path("attack");
    long planted = truth.path("distinctMembersDisclosed").asLong();
    signIn("admin", ADMIN_PASSWORD);
    // alerts show when the activity happened beside when Haechi received it
    page.navigate(base + "/alerts?source=detection&view=each");
    assertThat(page.locator("td.activity-first").first()).containsText("Jun 2025");
    // the overview's Breach Watch card counts open alerts
    page.navigate(base + "/");
    assertThat(page.locator("#card-detection .open-alerts"))
        .containsText(java.util.regex.Pattern.compile("\\b[1-9][0-9]* open alerts"));

    page.navigate(base + "/breach/cases");
    page.fill("#case-title", "Forged tokens signed with the leaver's key");
    page.fill("#case-kid", "auth-2022-01");
    page.fill("#case-aware", "2025-06-24T09:00:00Z");
    page.click("#open-case button");
    assertThat(page.locator("#case-title")).containsText("Forged tokens");
    assertThat(page.locator("#clock")).containsText("LATE by");
    page.click("#scope-run");
    assertThat(page.locator("#scope-subjects")).hasText(planted + " people");
    assertThat(page.locator("#by-day meter").first()).isVisible();
    assertThat(page.locator("#notice-ko")).containsText("유출 규모: " + planted + "명");
    assertThat(page.locator("#notice-en")).containsText("People affected: " + planted);

    page.fill("#hold-from", "2025-06-24");
    page.fill("#hold-to", "2025-06-25");
    page.fill("#hold-reason", "PIPC notification and police report");
    page.click("#hold-place");
    assertThat(page.locator(".hold-row .hold-state").first()).hasText("ACTIVE");
    page.fill("#delete-day", "2025-06-24");
    page.click("#delete-run");
    assertThat(page.locator("p.flash.error[role=alert]")).containsText("deletion refused");
    page.locator("button.hold-release").first().click();
    assertThat(page.locator("p.flash.ok")).containsText("a second, different admin");
    assertThat(page.locator(".hold-row .hold-state").first()).hasText("ACTIVE");
    page.fill("#delete-day", "2025-06-24");
    page.click("#delete-run");
    assertThat(page.locator("p.flash.error[role=alert]")).containsText("deletion refused");
    assertThat(page.locator("#timeline-entries")).containsText("refused");
    page.screenshot(new Page.ScreenshotOptions().setPath(BrowserSession.screenshot("breach-case")));
    // every attempt is audited
    page.navigate(base + "/admin/audit");
    assertThat(page.locator("table")).containsText("events.delete-refused");
    assertThat(page.locator("table")).containsText("breach.hold.release");
  }

  /**
   * Issue 13 item 6, the whole walk a first-time responder takes: from the forged-token alert to a
   * case, the scoping, a hold, an evidence upload, deletions refused and audited, the notice draft.
   */
  @Test
  void a_case_opened_from_the_forged_token_alert_is_scoped_held_and_keeps_its_evidence()
      throws Exception {
    long planted =
        tools.jackson.databind.json.JsonMapper.builder()
            .build()
            .readTree(retailer.resolve("demo.json").toFile())
            .path("events")
            .path("attack")
            .path("distinctMembersDisclosed")
            .asLong();
    signIn("admin", ADMIN_PASSWORD);
    page.navigate(
        base
            + "/alerts?source=detection&kid=auth-2022-01&rule="
            + dev.haechi.detection.builtin.BuiltinRules.UNTRUSTED_KEY);
    page.locator("tr.alert-group")
        .filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("critical"))
        .first()
        .locator("a.group-title")
        .click();
    assertThat(page.locator("#alert-activity")).containsText("2025");
    // typed as the console writes times (UTC, year-month-day hour:minute)
    page.fill("#alert-case-aware", "2025-06-24 09:00");
    page.screenshot(
        new Page.ScreenshotOptions()
            .setPath(BrowserSession.screenshot("breach-walk-1-alert"))
            .setFullPage(true));
    page.click("#alert-case-open");

    assertThat(page.locator("#case-title")).containsText("Case #");
    assertThat(page.locator("main dl")).containsText("24 Jun 2025, 09:00 UTC");
    assertThat(page.locator("main dl")).containsText("auth-2022-01");
    assertThat(page.locator("#timeline-entries")).containsText("Alert #");
    assertThat(page.locator("#clock")).containsText("LATE by");
    String caseUrl = page.url();
    page.click("#scope-run");
    assertThat(page.locator("#scope-subjects")).hasText(planted + " people");
    page.screenshot(
        new Page.ScreenshotOptions().setPath(BrowserSession.screenshot("breach-walk-2-scope")));

    page.fill("#hold-from", "2025-06-24");
    page.fill("#hold-to", "2025-06-25");
    page.fill("#hold-reason", "Preservation order: PIPC and police");
    page.click("#hold-place");
    assertThat(page.locator(".hold-row .hold-state").first()).hasText("ACTIVE");
    Path upload = Files.createTempDirectory("haechi-evidence").resolve("gateway-2025-06-24.log");
    Files.writeString(upload, "2025-06-24T03:12:45Z GET /api/v1/members/1000042/addresses 200\n");
    page.setInputFiles("#evidence-file", upload);
    page.click("#evidence-upload");
    assertThat(page.locator("p.flash.ok")).containsText("gateway-2025-06-24.log added");
    assertThat(page.locator(".evidence-row").first()).containsText("intact");

    page.fill("#delete-day", "2025-06-24");
    page.click("#delete-run");
    assertThat(page.locator("p.flash.error[role=alert]")).containsText("deletion refused");
    page.locator(".evidence-row button.evidence-delete").first().click();
    assertThat(page.locator("p.flash.error[role=alert]"))
        .containsText("delete of evidence file gateway-2025-06-24.log refused");
    assertThat(page.locator(".evidence-row").first()).containsText("gateway-2025-06-24.log");
    page.screenshot(
        new Page.ScreenshotOptions()
            .setPath(BrowserSession.screenshot("breach-walk-3-hold-refuses"))
            .setFullPage(true));
    // Times people read are minutes or whole seconds, never Java's nanosecond instants.
    String times =
        (String)
            page.evaluate(
                "[document.querySelector('main dl'), document.querySelector('#hold-table'),"
                    + " ...document.querySelectorAll('#timeline-entries li > span:first-child')]"
                    + ".map(e => e.innerText).join('\\n')");
    assertThat(times).contains("UTC").doesNotContainPattern("\\.\\d{3,9}Z");

    page.navigate(base + "/admin/audit");
    assertThat(page.locator("table")).containsText("breach.evidence.delete-refused");
    assertThat(page.locator("table")).containsText("events.delete-refused");
    assertThat(page.locator("table")).containsText("breach.evidence.add");
    page.screenshot(
        new Page.ScreenshotOptions().setPath(BrowserSession.screenshot("breach-walk-4-audit")));

    page.navigate(caseUrl);
    assertThat(page.locator("#notice-ko")).containsText("유출 규모: " + planted + "명");
    assertThat(page.locator("#notice-en")).containsText("People affected: " + planted);
    // no sender is configured in this server: the drafts say so instead of a placeholder
    assertThat(page.locator(".notice-warning").first())
        .containsText("haechi.breach.notice.organisation is not set");
    assertThat(page.locator("#notice-en"))
        .containsText("[NOT SET: haechi.breach.notice.organisation]");
    page.locator("#notice-en").scrollIntoViewIfNeeded();
    page.screenshot(
        new Page.ScreenshotOptions().setPath(BrowserSession.screenshot("breach-walk-5-notice")));
  }

  @Test
  void an_admin_verifies_the_audit_chain_from_the_console() throws Exception {
    signIn("admin", ADMIN_PASSWORD);
    page.navigate(base + "/admin/audit");
    page.click("#verify");
    assertThat(page.locator("#verification")).containsText("Intact");
    assertThat(page.locator("table")).containsText("login.success");
    page.screenshot(new Page.ScreenshotOptions().setPath(BrowserSession.screenshot("audit")));
    assertThat(Files.size(BrowserSession.screenshot("audit"))).isPositive();
  }

  @Test
  void an_analyst_follows_a_forged_token_alert_to_its_highlighted_fields() throws Exception {
    signIn("admin", ADMIN_PASSWORD);
    page.navigate(base + "/detection");
    page.click("#detection-alerts-link");
    page.navigate(
        base
            + "/alerts?source=detection&kid=auth-2022-01&rule="
            + dev.haechi.detection.builtin.BuiltinRules.UNTRUSTED_KEY);
    var forged =
        page.locator("tr.alert-group")
            .filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("critical"));
    forged.first().locator("a.group-title").click();
    assertThat(page.locator("#alert-rule")).not().isEmpty();
    assertThat(page.locator("main"))
        .containsText(dev.haechi.detection.builtin.BuiltinRules.UNTRUSTED_KEY);
    assertThat(page.locator("tr.matched").first()).containsText("token.kid");
    page.click("#acknowledge");
    assertThat(page.locator("#alert-status")).hasText("acknowledged");
    page.screenshot(new Page.ScreenshotOptions().setPath(BrowserSession.screenshot("alert")));

    page.navigate(base + "/detection");
    page.click("#rules-link");
    assertThat(page.locator("#problems-heading")).hasText("Every rule loaded");
    assertThat(page.locator("#rules"))
        .containsText(dev.haechi.detection.builtin.BuiltinRules.UNTRUSTED_KEY);
  }

  @Test
  void crews_report_progress_and_the_public_page_follows_the_restoration() throws Exception {
    var recovery = server.getBean(dev.haechi.app.recovery.RecoveryService.class);
    var r =
        recovery.start(
            "test",
            "government",
            java.util.List.of("zone:dj-5f-r7"),
            "fire",
            java.time.Instant.now(),
            5,
            java.time.Duration.ofSeconds(3));
    var service = r.plan().serviceEtas().get(0);
    signIn("admin", ADMIN_PASSWORD);
    page.navigate(base + "/resilience");
    page.click("#recovery-link");
    assertThat(page.locator("#progress")).containsText("0 of " + r.problem().tasks().size());
    assertThat(page.locator("#recovery-chart")).hasAttribute("data-rendered", "true");

    Page status = context.newPage();
    status.navigate(base + "/status");
    var row = status.locator("tr", new Page.LocatorOptions().setHasText(service.publicName()));
    assertThat(row.first()).containsText("expected back");

    for (String system : service.systems()) {
      page.fill("#report-system", system);
      page.selectOption("#report-state", "restoring");
      page.fill("#report-crew", "crew-1");
      page.click("#report");
      assertThat(page.locator("p.flash.ok:not(#replan-status)")).containsText("restoring");
      page.fill("#report-system", system);
      page.selectOption("#report-state", "restored");
      page.click("#report");
      assertThat(page.locator("p.flash.ok:not(#replan-status)")).containsText("restored");
    }
    page.fill("#report-system", "component:default/no-such-system");
    page.selectOption("#report-state", "restoring");
    page.click("#report");
    assertThat(page.locator("p.flash.error[role=alert]")).containsText("no-such-system");
    assertThat(page.locator("#progress"))
        .containsText(service.systems().size() + " of " + r.problem().tasks().size());
    page.screenshot(new Page.ScreenshotOptions().setPath(BrowserSession.screenshot("recovery")));

    status.reload();
    assertThat(row.first()).not().containsText("expected back");
    assertThat(row.first()).containsText("Operational");
    status.screenshot(
        new Page.ScreenshotOptions().setPath(BrowserSession.screenshot("status-restored")));
  }
}
