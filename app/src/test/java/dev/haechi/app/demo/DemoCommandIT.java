package dev.haechi.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.app.HaechiMain;
import dev.haechi.app.server.ServerLauncher;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code haechi demo} end to end at a small scale: generates both organisations, serves the
 * console, loads the findings through the engines, and a second run reuses everything.
 */
class DemoCommandIT {
  @TempDir Path home;

  @AfterEach
  void stop() {
    ServerLauncher.stop();
  }

  @Test
  void demo_serves_the_console_with_both_organisations_loaded() throws Exception {
    int code =
        HaechiMain.run(
            "demo",
            "--home",
            home.toString(),
            "--port",
            "0",
            "--scale",
            "0.01",
            "--bind",
            "127.0.0.1");
    assertThat(code).isZero();
    assertThat(home.resolve("demo/retailer/demo.json")).exists();
    assertThat(home.resolve("demo/government/demo.json")).exists();
    String password = Files.readString(home.resolve("initial-admin-password")).trim();

    HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    String base = "http://127.0.0.1:" + port();
    String login =
        http.send(
                HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(login);
    assertThat(csrf.find()).isTrue();
    String form =
        "username=admin&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8)
            + "&_csrf="
            + csrf.group(1);
    var signedIn =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(signedIn.headers().firstValue("Location").orElse("")).endsWith("/");

    String identity = get(http, base + "/api/v1/findings?capability=identity&size=500");
    assertThat(identity).contains("secret-custodian-left").contains("leaver-active-account");
    String resilience = get(http, base + "/api/v1/findings?capability=resilience&size=500");
    assertThat(resilience).contains("battery-past-life").contains("no-backup");
    String audit = get(http, base + "/api/v1/audit?size=50");
    assertThat(audit).contains("identity.reconcile").contains("resilience.assess");

    // Breach Watch replayed the retailer's gateway events: the forged-token alert is queued, one
    // per principal (issue 11: never keyed by the kid alone), its event naming the leaked kid.
    String alerts = get(http, base + "/api/v1/alerts?source=detection&size=200");
    assertThat(alerts)
        .contains(dev.haechi.detection.builtin.BuiltinRules.UNTRUSTED_KEY)
        .contains("\"kid\":\"auth-2022-01\"");
    // The government fire is a live incident on the public page, with ETAs from the plan.
    HttpClient anonymous = HttpClient.newHttpClient();
    String summary = get(anonymous, base + "/api/v2/summary.json");
    assertThat(summary)
        .contains("대전 국가정보자원관리원 화재")
        .contains("\"time_zone\":\"Asia/Seoul\"")
        .contains("\"status\":\"major_outage\"")
        .containsPattern("\"haechi_eta\":\"20\\d\\d-");
    // The government demo's page is Korean, in Seoul time, and points the right way.
    assertThat(get(anonymous, base + "/status"))
        .contains("<html lang=\"ko\">")
        .contains("복구 예상")
        .contains("KST")
        .contains("위의 각 서비스");
    String recovery = get(http, base + "/api/v1/recovery");
    assertThat(recovery).contains("\"crews\":20").contains("\"makespanGapPercent\"");
    // Issue 14 "done when": the government's generated week of reports shows as live findings in
    // the API and on the console (the CLI side: EngineCommandsTest.verify_finds_…).
    String live = get(http, base + "/api/v1/resilience/live/government");
    assertThat(live).contains("\"type\":\"backup-failed\"").contains("\"type\":\"report-stale\"");
    var livePage =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/resilience/live?catalog=government"))
                .header("Accept", "text/html")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(livePage.statusCode()).isEqualTo(200);
    assertThat(livePage.body()).contains("backup-failed").contains("report-stale");
  }

  private static String port() {
    return ServerLauncher.port();
  }

  private static String get(HttpClient http, String url) throws Exception {
    var r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json").build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(url).isEqualTo(200);
    return r.body();
  }
}
