package dev.haechi.app.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 17: the console walked through the tasks its users came with, in a real browser against a
 * real server holding the demo organisations. Each test writes screenshots to {@code
 * target/screenshots/tasks-*.png}.
 */
class ConsoleTasksIT {
  static final String ADMIN_PASSWORD = ConsoleFixture.ADMIN_PASSWORD;
  static ConsoleFixture fixture;
  static ConfigurableApplicationContext server;
  static String base;
  static Path demo;
  BrowserContext context;
  Page page;

  @BeforeAll
  static void start() throws Exception {
    fixture = ConsoleFixture.start("tasks");
    server = fixture.server;
    base = fixture.base;
    var generated = fixture.generate(0.01, "government", "retailer");
    demo = fixture.demo();
    fixture.loadRetailer(generated.get(1).directory());
    fixture.importGovernmentCatalog(generated.get(0).directory());
    // the government's risk findings, as `haechi demo` stores them
    var government =
        fixture
            .bean(dev.haechi.app.resilience.CatalogStore.class)
            .latest("government")
            .orElseThrow()
            .loaded();
    var asOf = dev.haechi.app.demo.DemoLoader.GOVERNMENT_AS_OF;
    fixture
        .bean(dev.haechi.app.findings.FindingStore.class)
        .saveRun(
            "test",
            "resilience",
            "assess",
            "browser test",
            asOf,
            dev.haechi.resilience.risk.RiskAssessment.assess(government.catalog(), asOf).findings(),
            java.util.Map.of());
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
    context =
        fixture.newContext(
            new com.microsoft.playwright.Browser.NewContextOptions().setAcceptDownloads(true));
    page = context.newPage();
  }

  @AfterEach
  void closeContext() {
    context.close();
  }

  private void signIn() {
    signIn("admin", ADMIN_PASSWORD);
  }

  private void signIn(String user, String password) {
    fixture.signIn(page, user, password);
  }

  private void shot(String name) throws Exception {
    ConsoleFixture.shot(page, "tasks-" + name);
  }

  private static String text(Download d) throws Exception {
    return Files.readString(d.path(), StandardCharsets.UTF_8);
  }

  /** Item 1: the forged-token alert tells one story: key, custodian who left, person, plan. */
  @Test
  void the_forged_token_alert_leads_to_the_key_its_leaver_and_the_plan_and_back() throws Exception {
    // a remediation plan for the leavers' secrets exists (proposed by another analyst)
    var plan =
        server
            .getBean(dev.haechi.app.identity.RemediationPlans.class)
            .proposeSecrets("analyst-x", "analyst-x", null, java.util.Map.of(), java.util.Map.of());
    signIn();
    page.navigate(base + "/alerts?source=detection&severity=critical");
    page.fill("#alert-kid", "auth-2022-01");
    page.selectOption("#alert-rule", dev.haechi.detection.builtin.BuiltinRules.UNTRUSTED_KEY);
    page.click("#alert-filter");
    Locator forged = page.locator("tr.alert-group").first();
    // the rule's title is shown, never a blank
    assertThat(forged.locator("td").nth(2))
        .hasText("Access Token Signed by a Retired or Custodian-Left Key");
    shot("alerts-grouped");
    forged.locator("a.group-title").click();

    assertThat(page)
        .hasTitle(Pattern.compile("^Alert \\d+: Access Token Signed by a Retired.* · Haechi$"));
    assertThat(page.locator("#alert-rule"))
        .hasText("Access Token Signed by a Retired or Custodian-Left Key");
    assertThat(page.locator(".story-kid").first()).hasText("auth-2022-01");
    assertThat(page.locator(".story-secret").first()).hasText("gateway-token-signer");
    assertThat(page.locator(".story-left").first()).isVisible();
    assertThat(page.locator("#story-findings")).containsText("gateway-token-signer");
    assertThat(page.locator("#story-plans a.story-plan").first())
        .hasText("Plan " + plan.id() + " for secrets: proposed");
    // only the actions that apply are offered
    assertThat(page.locator("#reopen")).hasCount(0);
    page.click("#acknowledge");
    assertThat(page.locator("#alert-status")).hasText("acknowledged");
    assertThat(page.locator("#acknowledge")).hasCount(0);
    assertThat(page.locator("#reopen")).isVisible();
    // an assignee and a note
    page.fill("#assignee", "analyst-kim");
    page.click("#assign");
    assertThat(page.locator("#alert-assignee")).hasText("analyst-kim");
    page.fill("#note-text", "Custodian left in 2024; the key was exported before he left.");
    page.click("#add-note");
    assertThat(page.locator("#alert-notes")).containsText("exported before he left");
    assertThat(page.locator("main")).not().containsText("null");
    shot("alert-story");
    String alertUrl = page.url();

    // the custodian who left → the person page, which links back to the alerts on his keys
    page.locator("#story tr.custodian-left a.custodian-link").first().click();
    assertThat(page.locator("#person-status")).containsText("left");
    assertThat(page.locator("#person-secrets")).containsText("gateway-token-signer");
    assertThat(page.locator("a.person-key-alerts").first())
        .hasText(Pattern.compile("auth-2022-01"));
    Locator back =
        page.locator("#person-alerts a.person-alert-link")
            .filter(new Locator.FilterOptions().setHasText("Access Token Signed by a Retired"));
    // one row per rule, not one per alert
    assertThat(back).hasCount(1);
    assertThat(
            count(back.locator("xpath=ancestor::tr").locator("a.person-alert-all").textContent()))
        .isGreaterThan(1);
    assertThat(page.locator("#person-plans")).containsText("Plan " + plan.id());
    assertThat(page.locator("main")).not().containsText("null");
    assertThat(page.locator("a[href$='/identity/people/null']")).hasCount(0);
    shot("person-story");
    back.first().click();
    assertThat(page.locator(".story-kid").first()).hasText("auth-2022-01");

    // the triage is audited
    page.navigate(base + "/admin/audit");
    assertThat(page.locator("table")).containsText("alert.assigned");
    assertThat(page.locator("table")).containsText("alert.note");
    assertThat(page.locator("table")).containsText("alert.acknowledged");
    page.navigate(alertUrl);
    page.click("#reopen");
    assertThat(page.locator("#alert-status")).hasText("open");

    // and on to the plan: what it will do to the key, from the alert in one click
    page.locator("#story-plans a.story-plan").first().click();
    assertThat(page).hasURL(Pattern.compile("/identity/plans/" + plan.id() + "$"));
    assertThat(page.locator("#plan-status")).hasText("proposed");
    assertThat(page.locator("#plan-actions")).containsText("gateway-token-signer");
    assertThat(page.locator("main")).not().containsText("null");
    shot("alert-story-plan");
  }

  /** Item 1 and 4: one row per rule and principal, filters, paging, export of the view. */
  @Test
  void alerts_group_by_rule_and_principal_filter_and_export_what_is_shown() throws Exception {
    signIn();
    page.navigate(base + "/alerts?view=each&source=detection");
    long each = count(page.locator("#alert-count").textContent());
    page.navigate(base + "/alerts?source=detection");
    long groups = count(page.locator("#alert-count").textContent());
    assertThat(groups).isPositive().isLessThan(each);
    // every group names its rule
    for (String t : page.locator("tr.alert-group td:nth-child(3)").allTextContents()) {
      assertThat(t.trim()).isNotEmpty();
    }
    page.selectOption("#alert-severity", "high");
    page.click("#alert-filter");
    assertThat(page).hasURL(Pattern.compile("severity=high"));
    for (String s : page.locator("tr.alert-group .sev").allTextContents()) {
      assertThat(s).isEqualTo("high");
    }
    // one group's days
    page.locator("tr.alert-group a.group-days").first().click();
    assertThat(page.locator("#alert-title-filter")).isVisible();
    long days = count(page.locator("#alert-count").textContent());
    assertThat(days).isPositive();
    shot("alerts-days");

    Download csv = page.waitForDownload(() -> page.click("#alerts-csv"));
    String body = text(csv);
    assertThat(body.lines().count()).isEqualTo(days + 1);
    assertThat(body.lines().findFirst().orElseThrow()).contains("rule_title", "activity_first");
    Download json = page.waitForDownload(() -> page.click("#alerts-json"));
    var rows = tools.jackson.databind.json.JsonMapper.builder().build().readTree(text(json));
    assertThat(rows.size()).isEqualTo((int) days);
    assertThat(rows.get(0).path("rule_title").asString()).isNotBlank();

    // paging: the whole detection queue, one row per alert, 50 a page
    page.navigate(base + "/alerts?view=each");
    long all = count(page.locator("#alert-count").textContent());
    if (all > 50) {
      page.click("#alerts-next");
      assertThat(page.locator("#alert-count")).containsText("page 2 of");
    }
    // the rule inventory lists the correlation rules the alerts come from
    page.navigate(base + "/detection/rules");
    assertThat(page.locator("#correlations")).containsText("One Signing Key and Source Walking");
  }

  /** Items 3 and 4: find anything among the findings, with counts, and export the view. */
  @Test
  void findings_are_found_by_text_person_secret_kind_and_severity_and_exported() throws Exception {
    signIn();
    page.navigate(base + "/identity");
    long all = count(page.locator("#finding-count").textContent());
    page.fill("#finding-q", "gateway-token-signer");
    page.keyboard().press("Enter");
    assertThat(page.locator("#finding-count")).not().hasText(Pattern.compile("^" + all + " "));
    assertThat(page.locator("#counts-by-type")).containsText("secret-custodian-left");
    long found = count(page.locator("#finding-count").textContent());
    assertThat(found).isPositive().isLessThan(all);
    for (String t : page.locator("article.finding").allTextContents()) {
      assertThat(t).contains("gateway-token-signer");
    }
    shot("findings-search");
    // a kind's count filters to it; the export carries exactly the filtered view
    page.locator("a.type-filter-link")
        .filter(new Locator.FilterOptions().setHasText("secret-custodian-left"))
        .click();
    long ofKind = count(page.locator("#finding-count").textContent());
    Download csv = page.waitForDownload(() -> page.click("#findings-csv"));
    assertThat(text(csv).lines().count()).isGreaterThanOrEqualTo(ofKind + 1);
    Download json = page.waitForDownload(() -> page.click("#findings-json"));
    var rows = tools.jackson.databind.json.JsonMapper.builder().build().readTree(text(json));
    assertThat(rows.size()).isEqualTo((int) ofKind);
    rows.forEach(r -> assertThat(r.path("type").asString()).isEqualTo("secret-custodian-left"));
    // by person: the secret's subject links to the person's findings
    String person =
        rows.get(0).path("subject").asString().replaceAll(".*person=([^;]+).*", "$1").trim();
    page.navigate(base + "/identity?person=" + person);
    for (String t : page.locator("article.finding a.person-link").allTextContents()) {
      assertThat(t).isEqualTo("person " + person);
    }
    // severity badges filter
    page.navigate(base + "/identity");
    page.locator("a.severity-filter-link").first().click();
    assertThat(page).hasURL(Pattern.compile("severity="));
  }

  /**
   * Item 3: "and N more" expands. A finding keeps every evidence line (the leaver's 18 Vault
   * requests, not 5 and "and 13 more"); the console shows the first ten and folds the rest under
   * "and N more", which opens from the keyboard, on the findings page and the person page; the
   * export has every line. A dependency-spof finding leads to every grade-1 service it stops.
   */
  @Test
  void and_n_more_opens_by_keyboard_and_the_export_has_every_line() throws Exception {
    signIn();
    page.navigate(base + "/identity?type=secret-custodian-left&q=gateway-token-signer");
    Locator finding = page.locator("article.finding").first();
    assertThat(finding).containsText("gateway-token-signer");
    // no line summarises Vault requests away: every one is evidence
    assertThat(finding).not().containsText("more Vault requests");
    Locator more = finding.locator("details.evidence-more");
    Locator summary = more.locator("summary");
    assertThat(summary).hasText(Pattern.compile("^and \\d+ more$"));
    long folded = count(summary.textContent());
    Locator rest = more.locator("li");
    assertThat(rest).hasCount((int) folded);
    assertThat(rest.first()).not().isVisible();
    assertThat(finding.locator("ul.evidence").first().locator(":scope > li")).hasCount(10);
    shot("evidence-folded");
    // the keyboard: Tab reaches the summary, Enter opens it
    page.locator("#finding-q").focus();
    tabUntilFocused(summary);
    page.keyboard().press("Enter");
    assertThat(more).hasAttribute("open", "");
    assertThat(rest.last()).isVisible();
    assertThat(finding.locator("li").filter(new Locator.FilterOptions().setHasText(" by jkim at ")))
        .hasCount(18);
    shot("evidence-opened");
    // the export carries every line
    Download json = page.waitForDownload(() -> page.click("#findings-json"));
    var rows = tools.jackson.databind.json.JsonMapper.builder().build().readTree(text(json));
    assertThat(rows.get(0).path("evidence").size()).isEqualTo(10 + (int) folded);
    // the person page folds the same finding the same way; Space opens it
    finding.locator("a.person-link").first().click();
    Locator personMore = page.locator("article.finding details.evidence-more").first();
    assertThat(personMore.locator("summary")).hasText("and " + folded + " more");
    personMore.locator("summary").focus();
    page.keyboard().press(" ");
    assertThat(personMore).hasAttribute("open", "");
    assertThat(personMore.locator("li").last()).isVisible();

    // resilience: the battery finding names every grade-1/2 entity in its room
    page.navigate(base + "/resilience?type=battery-shares-zone-with-critical");
    Locator battery = page.locator("article.finding").first();
    long sharing = count(battery.locator("h3").textContent().replaceAll("(?s).* with ", ""));
    assertThat(battery.locator("dd li")).hasCount(1 + (int) sharing);
    assertThat(battery).not().containsText(" more grade-1/2");
    // a single point of failure leads to every grade-1 service it stops, in the catalog
    page.navigate(base + "/resilience?type=dependency-spof");
    Locator spof = page.locator("article.finding").first();
    String title = spof.locator("h3").textContent();
    String entity = title.replaceAll("(?s).*Losing (\\S+) stops.*", "$1");
    spof.locator("a.spof-dependents").click();
    assertThat(page.locator("#catalog-needs")).containsText(entity);
    assertThat(page.locator("#catalog-grade")).hasValue("1");
    long stops = count(page.locator("#catalog-count").textContent());
    if (title.contains("more than")) {
      assertThat(stops).isGreaterThan(count(title.replaceAll("(?s).*more than ", "")));
    } else {
      assertThat(stops).isEqualTo(count(title.replaceAll("(?s).* stops ", "")));
    }
    for (String grade : page.locator("#catalog-table tbody tr td:nth-child(2)").allTextContents()) {
      assertThat(grade).isEqualTo("1");
    }
    shot("spof-dependents");
  }

  /** Presses Tab until {@code target} has the focus (at most 200 times). */
  private void tabUntilFocused(Locator target) {
    for (int i = 0; i < 200; i++) {
      if (Boolean.TRUE.equals(target.evaluate("e => e === document.activeElement"))) {
        return;
      }
      page.keyboard().press("Tab");
    }
    throw new AssertionError("Tab never reached " + target);
  }

  /**
   * Item 3: the overview's chart bars filter: a click on a bar (a real mouse click at the bar's
   * middle, where ECharts drew it) opens that capability's findings of that severity; the table
   * under the chart (its text alternative) and the cards' badges lead to the same list.
   */
  @Test
  void the_overview_chart_bars_table_and_badges_open_those_findings() throws Exception {
    signIn();
    page.navigate(base + "/");
    Locator chart = page.locator("#severity-chart");
    assertThat(chart).hasAttribute("data-rendered", "true");
    // the tallest segment of the chart, and where its middle is drawn
    @SuppressWarnings("unchecked")
    var bar =
        (java.util.Map<String, Object>)
            page.evaluate(
                "() => { const el = document.getElementById('severity-chart');"
                    + " const chart = echarts.getInstanceByDom(el);"
                    + " const counts = JSON.parse(el.dataset.counts);"
                    + " const all = Object.keys(counts);"
                    + " const sevs = chart.getOption().series.map(s => s.name);"
                    + " let best = null;"
                    + " all.filter(c => c !== 'exercise').forEach(c => { let below = 0;"
                    + "   sevs.forEach((s, si) => { const n = counts[c][s] || 0;"
                    + "     if (!best || n > best.n) best = {c, s, si, n, below, ci: all.indexOf(c)};"
                    + "     below += n; }); });"
                    + " const xy = chart.convertToPixel({seriesIndex: best.si},"
                    + "   [best.ci, best.below + best.n / 2]);"
                    + " return {capability: best.c, severity: best.s, n: best.n,"
                    + "   x: xy[0], y: xy[1]}; }");
    long n = ((Number) bar.get("n")).longValue();
    assertThat(n).isPositive();
    String capability = (String) bar.get("capability");
    String severity = (String) bar.get("severity");
    Pattern findings = Pattern.compile("/" + capability + "\\?severity=" + severity + "$");
    // the mouse clicks in the window: bring the chart into it first
    chart.scrollIntoViewIfNeeded();
    var box = chart.boundingBox();
    page.mouse()
        .click(
            box.x + ((Number) bar.get("x")).doubleValue(),
            box.y + ((Number) bar.get("y")).doubleValue());
    assertThat(page).hasURL(findings);
    assertThat(page.locator("#severity-filter")).hasValue(severity);
    assertThat(page.locator("#finding-count"))
        .hasText(Pattern.compile("^" + String.format(java.util.Locale.ROOT, "%,d", n) + " "));
    for (String s : page.locator("article.finding h3 .sev").allTextContents()) {
      assertThat(s).isEqualTo(severity);
    }
    shot("overview-bar-findings");
    // the same list from the table under the chart and from the capability's card
    page.navigate(base + "/");
    Locator cell =
        page.locator(
            "#severity-table a.severity-cell-link[href='/"
                + capability
                + "?severity="
                + severity
                + "']");
    assertThat(cell).hasText(Long.toString(n));
    cell.click();
    assertThat(page).hasURL(findings);
    page.navigate(base + "/");
    page.locator("#card-" + capability + " a.severity-filter-link")
        .filter(new Locator.FilterOptions().setHasText(severity))
        .click();
    assertThat(page).hasURL(findings);
    assertThat(page.locator("#severity-filter")).hasValue(severity);
    page.navigate(base + "/");
    assertThat(chart).hasAttribute("data-rendered", "true");
    shot("overview");
  }

  /**
   * Item 2: an analyst finds the leaver who holds the signing key and proposes a plan; an admin
   * approves and executes it with a confirmation and confirms the open tasks; each step has its
   * time and is audited.
   */
  @Test
  void an_analyst_finds_the_key_leaver_and_proposes_a_plan_an_admin_approves_and_runs()
      throws Exception {
    server
        .getBean(dev.haechi.app.security.UserStore.class)
        .createLocal(
            "test", "analyst-lee", "analyst-lee-password", dev.haechi.app.security.Role.ANALYST);
    signIn("analyst-lee", "analyst-lee-password");
    page.navigate(base + "/identity");
    page.fill("#finding-q", "gateway-token-signer");
    page.click("#finding-search-button");
    // wait for the search's page, or the filter click below may land on the old page and be lost
    assertThat(page).hasURL(Pattern.compile("q=gateway-token-signer"));
    page.locator("a.type-filter-link")
        .filter(new Locator.FilterOptions().setHasText("secret-custodian-left"))
        .click();
    assertThat(page).hasURL(Pattern.compile("type=secret-custodian-left"));
    page.locator("article.finding a.person-link").first().click();
    assertThat(page.locator("#person-status")).containsText("terminated");
    assertThat(page.locator("main")).containsText("rotates Vault transit keys");
    page.click("#propose-secrets");
    // the proposal form: what the plan covers, for this leaver only or for every leaver
    assertThat(page.locator("#proposal-preview")).containsText("gateway-token-signer");
    assertThat(page.locator("#scope-person")).isChecked();
    assertThat(page.locator("#proposal-target")).containsText("rotates Vault transit keys");
    page.click("#proposal-submit");
    assertThat(page).hasURL(Pattern.compile("/identity/plans/\\d+$"));
    String planUrl = page.url();
    assertThat(page.locator("#plan-scope")).containsText("For one leaver only");
    assertThat(page.locator("td.action-change").first()).not().isEmpty();
    assertThat(page.locator("p.flash.ok")).containsText("must approve it");
    assertThat(page.locator("#plan-status")).hasText("proposed");
    assertThat(page.locator("#plan-actions")).containsText("gateway-token-signer");
    assertThat(page.locator("#plan-approve")).hasCount(0);
    assertThat(page.locator("#plan-steps")).containsText("Proposed by analyst-lee");
    shot("plan-proposed");
    page.click("#logout");

    signIn();
    page.navigate(planUrl);
    page.click("#plan-approve");
    assertThat(page.locator("#plan-status")).hasText("approved");
    assertThat(page.locator("#plan-approved")).containsText("Approved by admin");
    // execution needs the confirmation
    page.evaluate("document.getElementById('plan-confirm').removeAttribute('required')");
    page.click("#plan-execute");
    assertThat(page.locator("p.flash.error")).containsText("Not executed");
    page.check("#plan-confirm");
    page.click("#plan-execute");
    assertThat(page.locator("p.flash.ok")).containsText("executed");
    Locator open = page.locator("button.confirm-task");
    int tasks = open.count();
    assertThat(tasks).isPositive();
    page.locator("input[name=note]").first().fill("rotated in the HSM by the platform team");
    open.first().click();
    assertThat(page.locator("p.flash.ok")).containsText("confirmed as done");
    assertThat(page.locator("button.confirm-task")).hasCount(tasks - 1);
    assertThat(page.locator("#plan-actions")).containsText("rotated in the HSM");
    assertThat(page.locator("#plan-actions")).containsText("UTC");
    shot("plan-executed");
    page.navigate(base + "/admin/audit");
    assertThat(page.locator("table")).containsText("identity.plan-approved");
    assertThat(page.locator("table")).containsText("identity.task-completed");
  }

  /**
   * Item 2, from a finding: a leaver's privileged directory account. An admin proposes a plan for
   * that leaver only from the finding, sees what disabling changes in the directory, cannot approve
   * it themselves; a second admin approves and executes it with a confirmation; the account is
   * disabled in the directory (an in-memory LDAP server), each step has its time and the audit log
   * has the proposal, the approval and the change.
   */
  @Test
  void a_plan_proposed_from_a_leaver_finding_disables_that_leavers_account() throws Exception {
    var finding =
        server
            .getBean(dev.haechi.app.identity.IdentityState.class)
            .current()
            .orElseThrow()
            .result()
            .findings()
            .stream()
            .filter(f -> f.type().equals("leaver-active-account"))
            .filter(f -> f.subject().get("account").startsWith("CN="))
            .findFirst()
            .orElseThrow();
    String person = finding.subject().get("person");
    String system = finding.subject().get("system");
    String dn = finding.subject().get("account");
    String suffix = dn.substring(dn.indexOf(",DC=") + 1);
    int port;
    try (var socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    var config = new com.unboundid.ldap.listener.InMemoryDirectoryServerConfig(suffix);
    config.setSchema(null);
    config.setListenerConfigs(
        com.unboundid.ldap.listener.InMemoryListenerConfig.createLDAPConfig("ldap", port));
    var ldap = new com.unboundid.ldap.listener.InMemoryDirectoryServer(config);
    ldap.startListening();
    try {
      ldap.add("dn: " + suffix, "objectClass: domain");
      // every OU between the suffix and the account, then the account
      String[] rdns = dn.substring(0, dn.indexOf(",DC=")).split(",(?=OU=)");
      String parent = suffix;
      for (int i = rdns.length - 1; i >= 1; i--) {
        parent = rdns[i] + "," + parent;
        ldap.add("dn: " + parent, "objectClass: organizationalUnit");
      }
      ldap.add("dn: " + dn, "objectClass: person", "sn: x");
      server
          .getBean(dev.haechi.app.settings.SettingsStore.class)
          .set("test", dev.haechi.app.settings.Setting.CONNECTOR_CLEARTEXT_HOSTS, "127.0.0.1");
      server
          .getBean(dev.haechi.app.identity.IdentitySources.class)
          .save(
              "test",
              "accounts",
              system,
              "ldap://127.0.0.1:" + port + "/" + suffix + ";flavour=nsaccountlock",
              "24h");
      server
          .getBean(dev.haechi.app.security.UserStore.class)
          .createLocal(
              "test", "admin-park", "admin-park-password", dev.haechi.app.security.Role.ADMIN);

      signIn("admin-park", "admin-park-password");
      page.navigate(base + "/identity?type=leaver-active-account&person=" + person);
      Locator article =
          page.locator("article.finding")
              .filter(new Locator.FilterOptions().setHasText("system " + system));
      article.locator("a.propose-plan").click();
      // the proposal: who, what, where it goes and what it will do there, and the scope
      assertThat(page.locator("h1")).containsText("Propose a remediation plan for");
      assertThat(page.locator("#proposal-person")).containsText(person);
      assertThat(page.locator("#proposal-preview")).containsText(dn);
      assertThat(page.locator("#proposal-target")).containsText("ldap://127.0.0.1:" + port);
      assertThat(page.locator("#proposal-target")).containsText("nsAccountLock set to true");
      assertThat(page.locator("#scope-person")).isChecked();
      assertThat(page.locator("label:has(#scope-all)")).containsText("Every leaver");
      shot("plan-from-finding-proposal");
      page.click("#proposal-submit");
      assertThat(page).hasURL(Pattern.compile("/identity/plans/\\d+$"));
      String planUrl = page.url();
      long id = Long.parseLong(planUrl.replaceAll(".*/", ""));
      assertThat(page.locator("h1")).containsText("(" + person + ")’s accounts on " + system);
      assertThat(page.locator("#plan-scope")).containsText(person);
      // exactly what the one action will change
      assertThat(page.locator("tr.plan-action")).hasCount(1);
      assertThat(page.locator("tr.plan-action td").nth(2)).hasText(dn);
      assertThat(page.locator("tr.plan-action td.action-change"))
          .containsText("Disabled on " + system + " (nsAccountLock set to true)");
      // not offered to the proposer, though an admin
      assertThat(page.locator("#plan-approve")).hasCount(0);
      assertThat(page.locator("#plan-own")).isVisible();
      shot("plan-from-finding-proposed");
      page.click("#logout");

      signIn();
      page.navigate(planUrl);
      page.click("#plan-approve");
      assertThat(page.locator("#plan-approved")).containsText("Approved by admin");
      assertThat(page.locator("#plan-approved")).containsText("UTC");
      assertThat(page.locator("#plan-steps")).containsText("Proposed by admin-park");
      page.check("#plan-confirm");
      page.click("#plan-execute");
      assertThat(page.locator("p.flash.ok")).containsText("executed");
      assertThat(page.locator("tr.plan-action td.action-state")).hasText("done");
      assertThat(page.locator("tr.plan-action td.action-change"))
          .containsText("Found nsAccountLock");
      assertThat(page.locator("tr.plan-action td").nth(6)).containsText("UTC");
      assertThat(page.locator("main")).not().containsText("null");
      shot("plan-from-finding-executed");
      // the directory has it
      assertThat(ldap.getEntry(dn).getAttributeValue("nsAccountLock"))
          .isEqualToIgnoringCase("true");
      // and the audit log
      page.navigate(base + "/admin/audit");
      Locator log = page.locator("table");
      assertThat(log).containsText("plan:" + id);
      assertThat(log).containsText("person=" + person);
      assertThat(log).containsText("identity.plan-approved");
      assertThat(log).containsText("identity.account-disabled");
      // the audit record's target leads to the plan
      log.locator("a.audit-target")
          .filter(new Locator.FilterOptions().setHasText("plan:" + id))
          .first()
          .click();
      assertThat(page).hasURL(planUrl);
    } finally {
      ldap.shutDown(true);
    }
  }

  /** Item 8 (and issue 16 item 5): Exercise says what it is, starts a run, shows its result. */
  @Test
  void an_exercise_is_explained_started_followed_and_its_report_read() throws Exception {
    server.getBean(dev.haechi.app.exercise.ExerciseRuns.class).useWorlds(demo);
    signIn();
    page.navigate(base + "/");
    page.click("nav[aria-label=Capabilities] a:has-text('Exercise')");
    assertThat(page.locator("h1")).hasText("Exercise");
    assertThat(page.locator("#exercise-what")).containsText("scores");
    assertThat(page.locator("#no-runs")).isVisible();
    // no promise of findings that will never come
    assertThat(page.locator("main")).not().containsText("Findings appear here");
    shot("exercise");
    page.check("#scenario-coupang-2025");
    page.fill("#exercise-rate", "0.2");
    page.click("#exercise-run");
    assertThat(page).hasURL(Pattern.compile("/exercise/runs/\\d+$"));
    // the page follows the run and shows the result by itself
    assertThat(page.locator("#run-score"))
        .containsText(
            "Score",
            new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions()
                .setTimeout(300_000));
    assertThat(page.locator("#run-injects")).containsText("forged-probe");
    assertThat(page.locator("#run-injects .inject-outcome").first()).hasText("detected");
    assertThat(page.locator("#run-expectations")).containsText("Met");
    assertThat(page.locator("#run-techniques")).containsText("T1606");
    assertThat(page.locator("main")).not().containsText("PT");
    shot("exercise-run");
    // the after-action report and the Navigator layer
    page.click("#run-report");
    assertThat(page.locator("body")).containsText("coupang-2025");
    page.goBack();
    Download layer = page.waitForDownload(() -> page.click("#run-navigator"));
    var json = tools.jackson.databind.json.JsonMapper.builder().build().readTree(text(layer));
    assertThat(json.path("versions").path("layer").asString()).isEqualTo("4.5");
    // the run is listed
    page.navigate(base + "/exercise");
    assertThat(page.locator("tr.exercise-run-row").first()).containsText("complete");
    assertThat(page.locator("tr.exercise-run-row").first()).containsText("/ 100");
    page.navigate(base + "/admin/audit");
    assertThat(page.locator("table")).containsText("exercise.run-finished");
  }

  /**
   * Item 8: signing in returns to the page that was asked for; /admin is a page; settings and
   * reconciliation sources have forms; API tokens and the API docs are linked.
   */
  @Test
  void an_admin_signs_in_from_a_link_and_finds_settings_sources_tokens_and_api_docs()
      throws Exception {
    page.navigate(base + "/alerts?severity=critical&source=detection");
    assertThat(page).hasURL(base + "/login");
    page.fill("#username", "admin");
    page.fill("#password", ADMIN_PASSWORD);
    page.click("#sign-in");
    assertThat(page).hasURL(base + "/alerts?severity=critical&source=detection");
    page.click("nav[aria-label=Capabilities] a:has-text('Admin')");
    assertThat(page).hasURL(base + "/admin");
    assertThat(page.locator("#admin-tokens-link")).isVisible();
    assertThat(page.locator("#admin-api-docs-link")).hasAttribute("href", "/api/docs");
    shot("admin");
    // a token for a script: its times read as times (they were nanosecond instants)
    page.click("#admin-tokens-link");
    page.fill("#token-name", "ci-export");
    page.fill("#token-expires-in", "90d");
    page.click("#token-make");
    assertThat(page.locator("#new-token")).isVisible();
    Locator token =
        page.locator("#tokens tbody tr")
            .filter(new Locator.FilterOptions().setHasText("ci-export"));
    Pattern when = Pattern.compile("^\\d{1,2} [A-Z][a-z]{2} \\d{4}, \\d{2}:\\d{2} UTC$");
    assertThat(token.locator(".token-created")).hasText(when);
    assertThat(token.locator(".token-expires")).hasText(when);
    assertThat(token.locator(".token-used")).hasText("not yet");
    assertThat(page.locator("#tokens"))
        .not()
        .containsText(Pattern.compile("\\d{4}-\\d{2}-\\d{2}T"));
    shot("account-tokens");
    page.navigate(base + "/admin");
    page.click("#admin-settings-link");
    page.fill("#value-identity-leaver-grace", "not a duration");
    page.click("#save-identity-leaver-grace");
    assertThat(page.locator("p.flash.error")).containsText("Not saved");
    page.fill("#value-identity-leaver-grace", "48h");
    page.click("#save-identity-leaver-grace");
    assertThat(page.locator("p.flash.ok")).containsText("Saved identity.leaver-grace");
    assertThat(page.locator("#value-identity-leaver-grace")).hasValue("48h");
    assertThat(page.locator("main")).not().containsText("/api/v1/");
    shot("settings");
    page.navigate(base + "/admin");
    page.click("#admin-sources-link");
    assertThat(page.locator("main")).not().containsText("POST /api");
    page.selectOption("#source-kind", "jwks");
    page.fill("#source-location", "/etc/passwd");
    page.click("#source-save");
    assertThat(page.locator("p.flash.error")).containsText("Not saved");
    page.navigate(base + "/admin/audit");
    assertThat(page.locator("table")).containsText("setting.changed");
  }

  /**
   * Items 4 and 5: the restoration's systems table filters, pages and exports; a crew reports a
   * system by its short name; a restored system shows when it came back.
   */
  @Test
  void the_restoration_table_filters_pages_exports_and_takes_short_names() throws Exception {
    var recovery = server.getBean(dev.haechi.app.recovery.RecoveryService.class);
    recovery.start(
        "test",
        "government",
        java.util.List.of("zone:dj-5f-r7"),
        "fire",
        java.time.Instant.now(),
        5,
        java.time.Duration.ofSeconds(3));
    signIn();
    page.navigate(base + "/resilience/recovery");
    // a new start offers the crews of the restoration under way (it offered 20)
    assertThat(page.locator("#start-crews")).hasValue("5");
    long all = count(page.locator("#systems-count").textContent());
    assertThat(page.locator("#systems tbody tr").count()).isLessThanOrEqualTo(50);
    page.selectOption("#systems-grade", "1");
    page.click("#systems-filter-button");
    long grade1 = count(page.locator("#systems-count").textContent());
    assertThat(grade1).isPositive().isLessThanOrEqualTo(all);
    Download csv = page.waitForDownload(() -> page.click("#systems-csv"));
    assertThat(text(csv).lines().count()).isEqualTo(grade1 + 1);
    String system = page.locator("#systems tbody tr").first().getAttribute("data-system");
    String shortName = system.substring(system.lastIndexOf('/') + 1);
    page.fill("#report-system", shortName);
    page.selectOption("#report-state", "restoring");
    page.click("#report");
    assertThat(page.locator("p.flash.ok")).containsText(system + " is restoring");
    page.fill("#report-system", shortName);
    page.selectOption("#report-state", "restored");
    page.click("#report");
    assertThat(page.locator("p.flash.ok")).containsText(system + " is restored");
    page.fill("#systems-q", shortName);
    page.selectOption("#systems-grade", "");
    page.click("#systems-filter-button");
    var row = page.locator("#systems tr[data-system='" + system + "']");
    assertThat(row.locator("td.back")).containsText("back ");
    assertThat(row.locator("td.back")).containsText("UTC");
    assertThat(page.locator("main")).not().containsText("Makespan");
    shot("restoration");
  }

  /** Item 4: the people list finds the leaver and exports exactly the filtered view. */
  @Test
  void people_are_listed_found_filtered_and_exported() throws Exception {
    signIn();
    page.navigate(base + "/identity");
    page.click("#people-link");
    long everyone = count(page.locator("#people-count").textContent());
    assertThat(everyone).isGreaterThan(1);
    page.selectOption("#people-status", "terminated");
    page.check("#people-with-findings");
    page.click("#people-filter-button");
    long leavers = count(page.locator("#people-count").textContent());
    assertThat(leavers).isPositive().isLessThan(everyone);
    for (String st : page.locator("#people tbody td:nth-child(3)").allTextContents()) {
      assertThat(st).isEqualTo("terminated");
    }
    Download csv = page.waitForDownload(() -> page.click("#people-csv"));
    String body = text(csv);
    assertThat(body.lines().count()).isEqualTo(leavers + 1);
    assertThat(body.lines().findFirst().orElseThrow()).contains("employee_id,name,");
    Download json = page.waitForDownload(() -> page.click("#people-json"));
    var rows = tools.jackson.databind.json.JsonMapper.builder().build().readTree(text(json));
    assertThat(rows.size()).isEqualTo((int) leavers);
    rows.forEach(r -> assertThat(r.path("findings").asInt()).isPositive());
    // the key custodian who left is found by name and opens his page
    page.fill("#people-q", "Jae-hyun Kim");
    page.click("#people-filter-button");
    page.locator("a.person-row-link").first().click();
    assertThat(page.locator("#person-status")).containsText("terminated");
    assertThat(page.locator("main")).not().containsText("null");
    page.navigate(base + "/admin/audit");
    assertThat(page.locator("table")).containsText("console.export");
  }

  /** Item 7: a page that does not exist is a page of the console, not a Whitelabel error. */
  @Test
  void a_missing_page_says_so_with_the_navigation() throws Exception {
    signIn();
    var response = page.navigate(base + "/identity/people/null");
    assertThat(response.status()).isEqualTo(404);
    assertThat(page.locator("body")).not().containsText("Whitelabel");
    assertThat(page.locator("h1")).hasText("Not found");
    assertThat(page.locator("nav[aria-label=Capabilities]")).isVisible();
    assertThat(page.locator("main")).containsText("No person 'null'");
    shot("not-found");
    page.navigate(base + "/no/such/page");
    assertThat(page.locator("h1")).hasText("Not found");
  }

  private static long count(String text) {
    var m = Pattern.compile("([0-9][0-9,]*)").matcher(text);
    assertThat(m.find()).as(text).isTrue();
    return Long.parseLong(m.group(1).replace(",", ""));
  }
}
