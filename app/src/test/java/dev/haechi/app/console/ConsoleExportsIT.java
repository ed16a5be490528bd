package dev.haechi.app.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 17 item 4 ("export everywhere"), item 5 (progress of long actions) and the fire drill's
 * moment. Every list of the console is filtered in the browser, then downloaded as CSV and JSON
 * with Playwright's download API: both files hold exactly the rows the page counts, each row
 * matches the filter, the CSV parses as RFC 4180 (quoted commas, quotes and line breaks, CRLF,
 * UTF-8 with a byte-order mark) into the same cells as the JSON, and Korean text survives.
 * Screenshots in {@code target/screenshots/exports-*.png}.
 */
class ConsoleExportsIT {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final Pattern HANGUL = Pattern.compile("\\p{IsHangul}");

  /** A breach case title a naive CSV writer would break: Korean, a comma, quotes. */
  static final String TRICKY_TITLE = "위조 토큰, \"auth-2022-01\"로 서명된 접근";

  static ConsoleFixture fixture;
  BrowserContext context;
  Page page;

  @BeforeAll
  static void start() throws Exception {
    fixture = ConsoleFixture.start("exports");
    var generated = fixture.generate(0.01, "government", "retailer");
    fixture.loadRetailer(generated.get(1).directory());
    fixture.importGovernmentCatalog(generated.get(0).directory());
    fixture
        .bean(dev.haechi.app.recovery.RecoveryService.class)
        .start(
            "test",
            "government",
            List.of("zone:dj-5f-r7"),
            "fire",
            java.time.Instant.now(),
            5,
            java.time.Duration.ofSeconds(3));
    // two plans, one approved; three breach cases; two users; two exercise runs that fail fast
    var plans = fixture.bean(dev.haechi.app.identity.RemediationPlans.class);
    var first = plans.proposeSecrets("analyst-x", "analyst-x", null, Map.of(), Map.of());
    plans.proposeSecrets("analyst-x", "analyst-x", null, Map.of(), Map.of());
    plans.approve("admin", "admin", first.id());
    var cases = fixture.bean(dev.haechi.app.breach.BreachCases.class);
    var now = java.time.Instant.now();
    cases.open("analyst-x", TRICKY_TITLE, "critical", null, "auth-2022-01", null, now);
    cases.open("analyst-x", "Forged tokens, second wave", "critical", null, null, null, now);
    cases.open("analyst-x", "Scraping of member addresses", "high", null, null, null, now);
    var users = fixture.bean(dev.haechi.app.security.UserStore.class);
    users.createLocal(
        "test", "analyst-lee", "analyst-lee-password", dev.haechi.app.security.Role.ANALYST);
    users.createLocal(
        "test", "viewer-park", "viewer-park-password", dev.haechi.app.security.Role.VIEWER);
    var runs = fixture.bean(dev.haechi.app.exercise.ExerciseRuns.class);
    Path folder = runs.scenarioFolder();
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("broken-a.yaml"), "title: \"half, a scenario\"\ninjects: [\n");
    Files.writeString(folder.resolve("broken-b.yaml"), "this is: not: a scenario\n");
    long a = runs.start("analyst-x", "broken-a.yaml", 0.0);
    long b = runs.start("analyst-x", "broken-b.yaml", 0.0);
    for (int i = 0; i < 120 && !(runs.get(a).done() && runs.get(b).done()); i++) {
      Thread.sleep(500);
    }
    assertThat(runs.get(a).status()).isEqualTo("failed");
    assertThat(runs.get(b).status()).isEqualTo("failed");
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
    context = fixture.newContext(new Browser.NewContextOptions().setAcceptDownloads(true));
    page = context.newPage();
  }

  @AfterEach
  void closeContext() {
    context.close();
  }

  private void shot(String name) throws Exception {
    ConsoleFixture.shot(page, "exports-" + name);
  }

  @Test
  void every_list_exports_exactly_its_filtered_view_as_csv_and_json() throws Exception {
    fixture.signIn(page);
    String base = fixture.base;

    // findings: a text search and a kind
    page.navigate(base + "/identity");
    long allFindings = count("#finding-count");
    page.fill("#finding-q", "gateway-token-signer");
    page.click("#finding-search-button");
    assertThat(page).hasURL(Pattern.compile("q=gateway-token-signer"));
    page.locator("a.type-filter-link")
        .filter(new Locator.FilterOptions().setHasText("secret-custodian-left"))
        .click();
    assertThat(page).hasURL(Pattern.compile("type=secret-custodian-left"));
    long findings = count("#finding-count");
    assertThat(findings).isPositive().isLessThan(allFindings);
    exported(
        "findings",
        findings,
        r ->
            r.path("type").asString().equals("secret-custodian-left")
                && r.toString().contains("gateway-token-signer"));

    // alerts, one row per alert, of one severity
    page.navigate(base + "/alerts?source=detection&view=each");
    long allAlerts = count("#alert-count");
    page.selectOption("#alert-severity", "high");
    page.click("#alert-filter");
    assertThat(page).hasURL(Pattern.compile("severity=high"));
    long alerts = count("#alert-count");
    assertThat(alerts).isPositive().isLessThan(allAlerts);
    exported("alerts", alerts, r -> r.path("severity").asString().equals("high"));
    // the same filter in the view the page shows first: one row per rule and principal, the
    // download offers those rows as well as every alert of the groups
    page.selectOption("#alert-view", "grouped");
    page.click("#alert-filter");
    assertThat(page).hasURL(Pattern.compile("view=grouped"));
    long groups = count("#alert-count");
    assertThat(page.locator("#alert-count")).containsText("group");
    assertThat(groups).isPositive().isLessThanOrEqualTo(alerts);
    Exported grouped =
        exported(
            "alerts-groups",
            groups,
            r -> r.path("severity").asString().equals("high") && r.path("alerts").asLong() >= 1);
    long alertsInGroups = 0;
    for (JsonNode g : grouped.json()) {
      alertsInGroups += g.path("alerts").asLong();
    }
    assertThat(alertsInGroups).as("alerts counted by the groups").isEqualTo(alerts);
    exported("alerts", alerts, r -> r.path("severity").asString().equals("high"));

    // people who left and still have findings
    page.navigate(base + "/identity/people");
    long everyone = count("#people-count");
    page.selectOption("#people-status", "terminated");
    page.check("#people-with-findings");
    page.click("#people-filter-button");
    long leavers = count("#people-count");
    assertThat(leavers).isPositive().isLessThan(everyone);
    exported(
        "people",
        leavers,
        r -> r.path("status").asString().equals("terminated") && r.path("findings").asInt() > 0);

    // the catalog's grade-1 systems: their public names are Korean
    page.navigate(base + "/resilience/catalog");
    long catalog = count("#catalog-count");
    page.selectOption("#catalog-grade", "1");
    page.click("#catalog-filter");
    long grade1 = count("#catalog-count");
    assertThat(grade1).isPositive().isLessThan(catalog);
    var catalogRows = exported("catalog", grade1, r -> r.path("grade").asInt() == 1);
    assertThat(catalogRows.csv()).containsPattern(HANGUL);
    assertThat(catalogRows.json().toString()).containsPattern(HANGUL);

    // the restoration's grade-1 systems
    page.navigate(base + "/resilience/recovery");
    long systems = count("#systems-count");
    page.selectOption("#systems-grade", "1");
    page.click("#systems-filter-button");
    long grade1Systems = count("#systems-count");
    assertThat(grade1Systems).isPositive().isLessThan(systems);
    exported("systems", grade1Systems, r -> r.path("grade").asInt() == 1);

    // breach cases: critical ones about one key; the tricky title survives the round trip
    page.navigate(base + "/breach/cases");
    assertThat(page.locator("#cases-count")).hasText("3 cases");
    page.selectOption("#cases-severity", "critical");
    page.fill("#cases-q", "auth-2022-01");
    page.click("#cases-filter-button");
    assertThat(page.locator("#cases-count")).hasText("1 case of 3");
    assertThat(page.locator("#cases")).containsText(TRICKY_TITLE);
    assertThat(page.locator("#cases")).not().containsText("T0");
    shot("breach-cases");
    var caseRows = exported("cases", 1, r -> r.path("severity").asString().equals("critical"));
    assertThat(caseRows.json().get(0).path("title").asString()).isEqualTo(TRICKY_TITLE);
    assertThat(caseRows.csv()).contains("\"위조 토큰, \"\"auth-2022-01\"\"로 서명된 접근\"");

    // remediation plans: the proposed one
    page.navigate(base + "/identity/plans");
    assertThat(page.locator("#plans-count")).hasText("2 plans");
    page.selectOption("#plans-status", "proposed");
    page.click("#plans-filter-button");
    assertThat(page.locator("#plans-count")).hasText("1 plan of 2");
    assertThat(page.locator("article.plan")).hasCount(1);
    exported("plans", 1, r -> r.path("status").asString().equals("proposed"));

    // exercise runs: one scenario's; the failure's words, quoted as needed
    page.navigate(base + "/exercise");
    assertThat(page.locator("#runs-count")).hasText("2 runs");
    page.selectOption("#runs-scenario", "broken-a.yaml");
    page.click("#runs-filter-button");
    assertThat(page.locator("#runs-count")).hasText("1 run of 2");
    assertThat(page.locator("tr.exercise-run-row")).hasCount(1);
    var runRows =
        exported(
            "runs",
            1,
            r ->
                r.path("scenario").asString().equals("broken-a.yaml")
                    && r.path("status").asString().equals("failed"));
    assertThat(runRows.json().get(0).path("error").asString()).isNotBlank();

    // users: the analysts
    page.navigate(base + "/admin/users");
    long allUsers = count("#users-count");
    // words, not Java's true/false
    assertThat(page.locator("td.user-enabled").first()).hasText("yes");
    page.selectOption("#users-role", "analyst");
    page.click("#users-filter-button");
    assertThat(page.locator("#users-count")).hasText("1 user of " + allUsers);
    exported("users", 1, r -> r.path("role").asString().equals("analyst"));

    // the audit log: today's sign-ins only, not the whole log
    page.navigate(base + "/admin/audit");
    long wholeLog = count("#audit-count");
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    page.selectOption("#audit-action", "login.success");
    // UTC days are typed and shown year-month-day, not in the browser's locale (a native date
    // field showed mm/dd/yyyy under a label that says UTC)
    assertThat(page.locator("#audit-from")).hasAttribute("type", "text");
    assertThat(page.locator("#audit-from")).hasAttribute("placeholder", "YYYY-MM-DD");
    assertThat(page.locator("label:has(#audit-from)")).containsText("UTC day");
    page.fill("#audit-from", today);
    page.fill("#audit-to", today);
    page.click("#audit-filter-button");
    assertThat(page).hasURL(Pattern.compile("action=login.success"));
    assertThat(page.locator("#audit-from")).hasValue(today);
    long logins = count("#audit-count");
    assertThat(logins).isPositive().isLessThan(wholeLog);
    for (String action : page.locator("#audit-table tbody td.audit-action").allTextContents()) {
      assertThat(action).isEqualTo("login.success");
    }
    shot("audit-filtered");
    exported(
        "audit",
        logins,
        r ->
            r.path("action").asString().equals("login.success")
                && r.path("occurred_at").asString().startsWith(today));
    // a filter that matches nothing offers no download, and a day that is not one is refused
    page.fill("#audit-q", "no such target anywhere");
    page.click("#audit-filter-button");
    assertThat(page.locator("#audit-count")).containsText("0 records match");
    assertThat(page.locator("#audit-csv")).hasCount(0);
    assertThat(page.request().get(base + "/admin/audit?from=yesterday").status()).isEqualTo(400);

    // every download was audited with its row count
    page.navigate(base + "/admin/audit?action=console.export");
    for (String what :
        List.of(
            "findings",
            "alerts",
            "alert-groups",
            "people",
            "catalog",
            "restoration",
            "breach-cases",
            "remediation-plans",
            "exercise-runs",
            "users",
            "audit")) {
      assertThat(page.locator("#audit-table")).containsText(what);
    }
  }

  /**
   * Item 5, and issue 12 item 8: starting a restoration answers at once; the page shows the
   * planning as the server reports it while the restoration under way stays in use, a second start
   * meanwhile is refused naming the first, and the page shows the new plan by itself when it is
   * ready. The test holds the restoration service's lock, which the background planner needs to
   * save its plan, so the start stays in its saving phase for as long as the test looks.
   */
  @Test
  void starting_a_restoration_shows_the_servers_progress() throws Exception {
    fixture.signIn(page);
    String base = fixture.base;
    var recovery = fixture.bean(dev.haechi.app.recovery.RecoveryService.class);
    long before = recovery.current().orElseThrow().id();
    page.navigate(base + "/resilience/recovery/confirm?lost=zone:dj-5f-r7&event=fire&crews=5");
    Locator panel = page.locator("#restoration-start");
    Locator words = page.locator("#start-words");
    synchronized (recovery) {
      page.click("#confirm-replace");
      assertThat(page).hasURL(java.util.regex.Pattern.compile("/resilience/recovery$"));
      assertThat(page.locator("p.flash.ok"))
          .containsText("Restoration started. Its plan is being made");
      assertThat(panel).hasAttribute("data-state", "planning");
      assertThat(words).containsText("Fire in dj-5f-r7 with 5 crews, started by admin");
      assertThat(words).containsText("the planner searches for at most 10 s");
      assertThat(words)
          .containsText(
              "stays in use until then. Saving the plan.",
              new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions()
                  .setTimeout(120_000));
      assertThat(page.locator("#start-progress")).hasAttribute("value", "1");
      // the restoration under way stays in use until the new plan is ready
      assertThat(page.locator("#restoration")).isVisible();
      JsonNode p = JSON.readTree(page.request().get(base + "/resilience/recovery/progress").text());
      assertThat(p.path("active").asBoolean()).isTrue();
      assertThat(p.path("phase").asString()).isEqualTo("saving");
      assertThat(p.path("state").asString()).isEqualTo("planning");
      assertThat(p.path("plan_limit_s").asInt()).isEqualTo(10);
      assertThat(p.path("elapsed_s").asDouble()).isPositive();
      long id = p.path("id").asLong();
      assertThat(id).isGreaterThan(before);
      shot("progress-saving");
      // one start at a time: a second is refused, naming the first
      page.navigate(base + "/resilience/recovery/confirm?lost=zone:dj-5f-r7&event=fire&crews=7");
      page.click("#confirm-replace");
      assertThat(page.locator("p.flash.error"))
          .containsText("restoration " + id + " (fire zone:dj-5f-r7, 5 crews");
      assertThat(page.locator("p.flash.error")).containsText("is still being planned");
      shot("start-refused");
    }
    // the page shows the new plan by itself once it is saved
    assertThat(panel)
        .hasCount(
            0,
            new com.microsoft.playwright.assertions.LocatorAssertions.HasCountOptions()
                .setTimeout(120_000));
    assertThat(page.locator("#progress")).hasText(java.util.regex.Pattern.compile("^0 of "));
    assertThat(page.locator("#restoration-what")).containsText("5 crews");
    JsonNode after =
        JSON.readTree(page.request().get(base + "/resilience/recovery/progress").text());
    assertThat(after.path("active").asBoolean()).isFalse();
    assertThat(after.path("state").asString()).isEqualTo("planned");
    assertThat(recovery.current().orElseThrow().id()).isEqualTo(after.path("id").asLong());
    shot("progress-planned");
  }

  /** The fire drill simulates the moment picked (default now): the data lost depends on it. */
  @Test
  void the_fire_drill_simulates_the_moment_picked() throws Exception {
    fixture.signIn(page);
    String base = fixture.base;
    page.navigate(base + "/resilience/fire?zone=dj-5f-r7&event=fire");
    assertThat(page.locator("#fire-moment")).containsText("(now)");
    // the field shows the moment as the label says, in UTC on a 24-hour clock, whatever the
    // browser's locale (a native datetime field showed 09/26/2025, 11:15 AM under "UTC")
    Locator at = page.locator("#fire-at");
    assertThat(at).hasAttribute("type", Pattern.compile("^text$"));
    assertThat(at).hasValue(Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d$"));
    assertThat(at).hasAttribute("placeholder", "YYYY-MM-DD HH:MM");
    assertThat(page.locator("label:has(#fire-at)")).containsText("When (UTC, 24-hour)");
    Map<String, String> now = lostWords();
    assertThat(now.values()).anyMatch(w -> w.startsWith("the last "));
    // a moment typed the browser's way is refused before it is sent, saying what to type
    at.fill("09/26/2025 11:15 AM");
    assertThat((Boolean) at.evaluate("e => e.validity.patternMismatch")).isTrue();
    assertThat((String) at.evaluate("e => e.validationMessage")).contains("e.g. 2025-09-26 11:15");
    // the night of the real fire: the daily backups had run the night before
    at.fill("2025-09-26 11:15");
    assertThat((Boolean) at.evaluate("e => e.validity.valid")).isTrue();
    page.click("#set-on-fire");
    assertThat(page).hasURL(Pattern.compile("at=2025-09-26(\\+|%20)11(%3A|:)15"));
    assertThat(page.locator("#fire-moment")).hasText("Simulated at 26 Sep 2025, 11:15 UTC.");
    assertThat(page.locator("#fire-at")).hasValue("2025-09-26 11:15");
    Map<String, String> then = lostWords();
    // the same systems lose data, but less of it since their last backup
    assertThat(then.keySet()).isEqualTo(now.keySet());
    assertThat(then).isNotEqualTo(now);
    String changed =
        then.keySet().stream().filter(k -> !then.get(k).equals(now.get(k))).findFirst().get();
    assertThat(then.get(changed)).as(changed).startsWith("the last ");
    shot("drill-moment");
    page.click("#fire-report-link");
    assertThat(page.locator("#report-meta")).containsText("simulated at 26 Sep 2025, 11:15 UTC");
    // a moment that is not one is refused, in words
    page.navigate(base + "/resilience/fire?zone=dj-5f-r7&event=fire&at=yesterday");
    assertThat(page.locator("p.flash.error")).containsText("Not simulated");
    assertThat(page.locator("#fire-result")).hasCount(0);
  }

  /** The fire drill's data-lost table: system → how much is lost, in words. */
  private Map<String, String> lostWords() {
    Map<String, String> out = new java.util.TreeMap<>();
    for (Locator row : page.locator("#fire-lost tbody tr").all()) {
      out.put(row.locator("code").textContent(), row.locator("td").nth(3).textContent());
    }
    return out;
  }

  /** The rows a CSV and a JSON download of the page's view carry, both checked. */
  record Exported(String csv, JsonNode json) {}

  /**
   * Downloads {@code #ID-csv} and {@code #ID-json}; both hold exactly {@code expected} rows, each
   * matching {@code filter}, and the CSV's cells are the JSON's.
   */
  private Exported exported(String id, long expected, Predicate<JsonNode> filter) throws Exception {
    Download csvDownload = page.waitForDownload(() -> page.click("#" + id + "-csv"));
    byte[] bytes = Files.readAllBytes(csvDownload.path());
    String csv =
        StandardCharsets.UTF_8
            .newDecoder()
            .decode(java.nio.ByteBuffer.wrap(bytes))
            .toString(); // throws on anything that is not UTF-8
    assertThat(csv).as(id + " CSV starts with a byte-order mark").startsWith("\uFEFF");
    assertThat(csvDownload.suggestedFilename()).endsWith(".csv");
    Download jsonDownload = page.waitForDownload(() -> page.click("#" + id + "-json"));
    assertThat(jsonDownload.suggestedFilename()).endsWith(".json");
    JsonNode json =
        JSON.readTree(new String(Files.readAllBytes(jsonDownload.path()), StandardCharsets.UTF_8));
    assertThat(json.isArray()).isTrue();
    assertThat(json.size()).as(id + " JSON rows").isEqualTo((int) expected);
    for (JsonNode row : json) {
      assertThat(filter.test(row)).as(id + " row outside the filter: " + row).isTrue();
    }
    List<List<String>> table = parseCsv(csv.substring(1));
    assertThat(table.size() - 1).as(id + " CSV rows").isEqualTo((int) expected);
    List<String> header = table.get(0);
    List<String> keys = new ArrayList<>();
    json.get(0).propertyNames().forEach(keys::add);
    assertThat(header).as(id + " CSV header").isEqualTo(keys);
    for (int i = 0; i < json.size(); i++) {
      List<String> cells = table.get(i + 1);
      assertThat(cells).as(id + " CSV row " + (i + 1)).hasSize(header.size());
      for (int c = 0; c < header.size(); c++) {
        assertThat(cells.get(c))
            .as(id + " row " + (i + 1) + " column " + header.get(c))
            .isEqualTo(csvCell(json.get(i).get(header.get(c))));
      }
    }
    return new Exported(csv, json);
  }

  /** The CSV cell a JSON value is written as: lists joined with "; ", formulas defused. */
  static String csvCell(JsonNode v) {
    String s;
    if (v == null || v.isNull()) {
      s = "";
    } else if (v.isArray()) {
      List<String> parts = new ArrayList<>();
      v.forEach(x -> parts.add(x.isValueNode() ? x.asString() : x.toString()));
      s = String.join("; ", parts);
    } else {
      s = v.asString();
    }
    return !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
  }

  /**
   * A strict RFC 4180 reader: CRLF between records (and after the last), quotes only around a whole
   * cell, {@code ""} for a quote inside one; anything else fails the test.
   */
  static List<List<String>> parseCsv(String s) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
            cell.append('"');
            i += 2;
            continue;
          }
          quoted = false;
          i++;
          continue;
        }
        cell.append(c);
        i++;
        continue;
      }
      if (c == '"') {
        assertThat(cell.length()).as("a quote inside an unquoted cell at " + i).isZero();
        assertThat(wasQuoted).as("a second quoted part in one cell at " + i).isFalse();
        quoted = true;
        wasQuoted = true;
        i++;
      } else if (c == ',') {
        row.add(cell.toString());
        cell.setLength(0);
        wasQuoted = false;
        i++;
      } else if (c == '\r') {
        assertThat(i + 1 < s.length() && s.charAt(i + 1) == '\n').as("CR without LF").isTrue();
        row.add(cell.toString());
        rows.add(row);
        row = new ArrayList<>();
        cell.setLength(0);
        wasQuoted = false;
        i += 2;
      } else {
        assertThat(c).as("a bare line break outside quotes at " + i).isNotEqualTo('\n');
        assertThat(wasQuoted).as("text after a closing quote at " + i).isFalse();
        cell.append(c);
        i++;
      }
    }
    assertThat(quoted).as("an unclosed quote").isFalse();
    assertThat(row.isEmpty() && cell.length() == 0).as("the last record ends with CRLF").isTrue();
    return rows;
  }

  private long count(String selector) {
    String text = page.locator(selector).textContent();
    var m = Pattern.compile("([0-9][0-9,]*)").matcher(text);
    assertThat(m.find()).as(selector + ": " + text).isTrue();
    return Long.parseLong(m.group(1).replace(",", ""));
  }
}
