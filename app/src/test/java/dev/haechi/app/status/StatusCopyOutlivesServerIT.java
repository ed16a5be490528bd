package dev.haechi.app.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.haechi.app.resilience.CatalogStore;
import dev.haechi.app.server.ServerLauncher;
import dev.haechi.app.server.ServerOptions;
import dev.haechi.app.settings.Setting;
import dev.haechi.app.settings.SettingsStore;
import dev.haechi.app.store.DatabaseTarget;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 15's "the site burns" test. A real server publishes its Korean status page to a directory
 * and to an S3-compatible bucket (Adobe S3Mock, its own process); then the server is stopped, and
 * the published copy still serves the last state, with ETag and Cache-Control, to a browser at
 * phone width and to the {@code statuspage.io} npm client.
 */
class StatusCopyOutlivesServerIT {
  static final String BUCKET = "haechi-status";
  static final String CATALOG =
      """
      apiVersion: haechi.dev/v1alpha1
      kind: Site
      metadata: {name: daejeon}
      spec: {region: KR-30}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: Zone
      metadata: {name: dj-5f-r7}
      spec: {site: daejeon, type: room}
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Component
      metadata:
        name: gov24
        annotations:
          haechi.dev/grade: "1"
          haechi.dev/placement: dj-5f-r7:active
          haechi.dev/public-name: "정부24 민원서비스"
      spec: {type: service, owner: team-a, lifecycle: production}
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Component
      metadata:
        name: postal-banking
        annotations:
          haechi.dev/grade: "1"
          haechi.dev/placement: dj-5f-r7:active
          haechi.dev/public-name: "우체국 금융서비스"
      spec: {type: service, owner: team-b, lifecycle: production}
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Component
      metadata:
        name: national-law
        annotations:
          haechi.dev/grade: "2"
          haechi.dev/placement: dj-5f-r7:active
          haechi.dev/public-name: "국가법령정보센터"
      spec: {type: service, owner: team-c, lifecycle: production}
      """;

  static Process s3mock;
  static int s3Port;
  static ConfigurableApplicationContext server;
  static String base;
  static Path web;
  static Playwright playwright;
  static Browser browser;
  static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final JsonMapper json = JsonMapper.builder().build();

  @BeforeAll
  static void start() throws Exception {
    s3mock = startS3Mock();
    Path home = Files.createTempDirectory("haechi-burn-it");
    web = Files.createTempDirectory("haechi-burn-web").resolve("www");
    server =
        ServerLauncher.start(
            new ServerOptions(home, DatabaseTarget.embedded(home), 0, "127.0.0.1"),
            "--HAECHI_ADMIN_PASSWORD=burn-test-admin-password",
            "--haechi.status.publish.retry-base=PT0.2S");
    base = "http://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port");
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
      playwright.close();
    }
    if (server != null && server.isActive()) {
      server.close();
    }
    if (s3mock != null) {
      s3mock.destroy();
      try {
        s3mock.waitFor(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      s3mock.destroyForcibly();
    }
  }

  @Test
  void the_published_copy_still_serves_the_last_state_after_the_server_is_gone() throws Exception {
    String copyBase = "http://127.0.0.1:" + s3Port + "/" + BUCKET;
    // The government's page: Korean, Seoul time, and the public reads it at the copy's address.
    SettingsStore settings = server.getBean(SettingsStore.class);
    settings.set("admin", Setting.STATUS_LANGUAGE, "ko");
    settings.set("admin", Setting.STATUS_TIME_ZONE, "Asia/Seoul");
    settings.set("admin", Setting.STATUS_PUBLIC_URL, copyBase);
    settings.set("admin", Setting.CONNECTOR_CLEARTEXT_HOSTS, "127.0.0.1");
    server
        .getBean(CatalogStore.class)
        .importCatalog("admin", "government", "burn test", Map.of("catalog.yaml", CATALOG));

    // Both kinds of copy, as an admin configures them; S3 keys from the SDK's default chain.
    System.setProperty("aws.accessKeyId", "burn-test-key");
    System.setProperty("aws.secretAccessKey", "burn-test-secret");
    PublishTargetStore targets = server.getBean(PublishTargetStore.class);
    StatusPublisher publisher = server.getBean(StatusPublisher.class);
    PublishTarget bucket =
        targets.add(
            "admin",
            "s3-mirror",
            "s3",
            "s3://"
                + BUCKET
                + ";endpoint=http://127.0.0.1:"
                + s3Port
                + ";region=ap-northeast-2;path-style=true",
            60);
    PublishTarget dir = targets.add("admin", "web-mirror", "directory", web.toString(), 60);
    publisher.publishNow(bucket.id());
    publisher.publishNow(dir.id());

    // The outage the public must read about.
    StatusStore store = server.getBean(StatusStore.class);
    StatusBoard board = server.getBean(StatusBoard.class);
    store.setComponent("admin", "gov24", ComponentStatus.MAJOR_OUTAGE, "가까운 주민센터에서 민원서류를 발급받으세요");
    store.setComponent(
        "admin", "postal-banking", ComponentStatus.PARTIAL_OUTAGE, "창구에서 거래할 수 있습니다");
    store.openIncident(
        "admin",
        "대전 데이터센터 화재로 인한 서비스 장애",
        "identified",
        "critical",
        "복구 작업 중입니다. 위의 각 서비스의 예상 복구 시각을 확인하세요.",
        List.of("gov24", "postal-banking"));
    board.setEtas(Map.of("gov24", Instant.parse("2026-12-08T18:49:00Z")));
    String lastEtag = board.snapshot().etag();
    await(
        "both copies took the last state",
        () ->
            targets.list().stream()
                .allMatch(
                    t -> lastEtag.equals(t.lastSuccessEtag()) && t.consecutiveFailures() == 0));

    // Live, the statuspage.io client reads names; a phone shows the Korean page.
    JsonNode live = readWithStatuspageClient(base);
    assertClientSawTheOutage(live);
    phoneCheck(base + "/status", "status-live-phone-ko");

    // The site burns.
    server.close();
    assertThatThrownBy(
            () ->
                http.send(
                    HttpRequest.newBuilder(URI.create(base + "/status")).build(),
                    HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(ConnectException.class);

    // The bucket still answers, with what a CDN needs to absorb a flood.
    HttpResponse<byte[]> page = get(copyBase + "/status", Map.of());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(page.headers().firstValue("Cache-Control").orElse(""))
        .isEqualTo("public, max-age=60, stale-while-revalidate=60, stale-if-error=86400");
    String etag = page.headers().firstValue("ETag").orElseThrow();
    assertThat(etag.replace("\"", "")).isEqualTo(StaticCopy.md5(page.body()));
    String html = new String(page.body(), StandardCharsets.UTF_8);
    assertThat(html)
        .contains("정부24 민원서비스", "가까운 주민센터에서 민원서류를 발급받으세요", "대전 데이터센터 화재로 인한 서비스 장애")
        .contains("12월 9일 (수) 03:49 KST")
        .contains("lang=\"ko\"");
    // A cache revalidating with the ETag is told nothing changed.
    assertThat(get(copyBase + "/status", Map.of("If-None-Match", etag)).statusCode())
        .isEqualTo(304);
    for (String key :
        List.of(
            "index.html",
            "status/index.html",
            "status/feed.atom",
            "api/v2/summary.json",
            "api/v2/incidents/unresolved.json")) {
      HttpResponse<byte[]> r = get(copyBase + "/" + key, Map.of());
      assertThat(r.statusCode()).as(key).isEqualTo(200);
      // The directory copy holds the very same bytes (one snapshot, two targets).
      assertThat(Files.readAllBytes(web.resolve(key))).as(key).isEqualTo(r.body());
    }
    assertThat(
            get(copyBase + "/api/v2/summary.json", Map.of()).headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(get(copyBase + "/status/feed.atom", Map.of()).headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/atom+xml"));

    // The statuspage.io client, pointed at the copy, reads the same last state.
    JsonNode copy = readWithStatuspageClient(copyBase);
    assertClientSawTheOutage(copy);
    assertThat(copy.get("pageUrl").asString()).isEqualTo(copyBase + "/status");
    assertThat(copy.get("incidents").get(0).get("shortlink").asString())
        .startsWith(copyBase + "/status#incident-");
    phoneCheck(copyBase + "/status", "status-copy-after-burn-phone-ko");
  }

  static void assertClientSawTheOutage(JsonNode read) {
    assertThat(read.get("indicator").asString()).isEqualTo("critical");
    assertThat(read.get("components").toString())
        .contains("\"name\":\"정부24 민원서비스\",\"status\":\"major_outage\"")
        .contains("\"name\":\"우체국 금융서비스\",\"status\":\"partial_outage\"")
        .contains("\"name\":\"국가법령정보센터\",\"status\":\"operational\"");
    assertThat(read.get("summaryComponents").size()).isEqualTo(3);
    JsonNode incident = read.get("incidents").get(0);
    assertThat(incident.get("name").asString()).isEqualTo("대전 데이터센터 화재로 인한 서비스 장애");
    // Incident components carry names, not only ids.
    assertThat(incident.get("components").toString()).contains("정부24 민원서비스", "우체국 금융서비스");
    assertThat(read.get("unresolved").asInt()).isEqualTo(1);
    assertThat(read.get("upcomingMaintenances").asInt()).isZero();
  }

  /** The page at phone width: Korean renders, names do not wrap a syllable a line, no raw data. */
  static void phoneCheck(String url, String name) throws Exception {
    Process fc = new ProcessBuilder("fc-list", ":lang=ko", "family").start();
    String fonts = new String(fc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    fc.waitFor();
    assertThat(fonts)
        .as("a Korean font (apt-get install fonts-noto-cjk; .ci/services does) or Hangul are boxes")
        .isNotBlank();
    if (browser == null) {
      String exe = System.getenv().getOrDefault("HAECHI_CHROMIUM", "/usr/bin/chromium");
      playwright = Playwright.create();
      browser =
          playwright
              .chromium()
              .launch(
                  new BrowserType.LaunchOptions()
                      .setExecutablePath(Path.of(exe))
                      .setHeadless(true)
                      .setArgs(
                          List.of(
                              "--no-sandbox",
                              "--disable-gpu",
                              "--disable-background-networking",
                              "--disable-component-update",
                              "--disable-sync",
                              "--no-first-run")));
    }
    try (BrowserContext ctx =
        browser.newContext(
            new Browser.NewContextOptions()
                .setViewportSize(390, 844)
                .setDeviceScaleFactor(2)
                .setIsMobile(true)
                .setLocale("ko-KR"))) {
      Page page = ctx.newPage();
      page.navigate(url);
      Path shot = Path.of("target", "screenshots", name + ".png");
      Files.createDirectories(shot.getParent());
      page.screenshot(new Page.ScreenshotOptions().setPath(shot).setFullPage(true));
      assertThat(page.evaluate("document.documentElement.lang")).isEqualTo("ko");
      // A Korean page has a Korean title unless an operator named it.
      assertThat(page.textContent("h1")).isEqualTo("서비스 상태");
      // No link or word broken across lines (it once read "Atom 피" / "드").
      List<?> broken =
          (List<?>)
              page.evaluate(
                  "Array.from(document.querySelectorAll('a'))"
                      + ".filter(a => a.getClientRects().length != 1).map(a => a.textContent)");
      assertThat(broken).isEmpty();
      String text = (String) page.evaluate("document.body.innerText");
      assertThat(text).contains("정부24 민원서비스", "12월 9일 (수) 03:49 KST");
      assertThat(text).doesNotContainPattern("\\bnull\\b|\\bundefined\\b");
      // No raw instants (2026-12-08T18:49:00Z) nor nanosecond times in what people read.
      assertThat(text).doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}|\\.\\d{6,9}");
      // Nothing wider than the phone.
      assertThat((Number) page.evaluate("document.documentElement.scrollWidth"))
          .satisfies(w -> assertThat(w.intValue()).isLessThanOrEqualTo(390));
      // Each service name on at most two lines, and never narrower than three syllables.
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> names =
          (List<Map<String, Object>>)
              page.evaluate(
                  "Array.from(document.querySelectorAll('#services td.name')).map(e => {"
                      + " const r = e.getBoundingClientRect();"
                      + " const lh = parseFloat(getComputedStyle(e).lineHeight);"
                      + " const fs = parseFloat(getComputedStyle(e).fontSize);"
                      + " return {name: e.textContent, lines: Math.round(r.height / lh),"
                      + " width: r.width, em: fs}; })");
      assertThat(names).hasSize(3);
      for (Map<String, Object> n : names) {
        assertThat(((Number) n.get("lines")).intValue()).as(n.toString()).isLessThanOrEqualTo(2);
        assertThat(((Number) n.get("width")).doubleValue())
            .as(n.toString())
            .isGreaterThan(3 * ((Number) n.get("em")).doubleValue());
      }
    }
  }

  static HttpResponse<byte[]> get(String url, Map<String, String> headers) throws Exception {
    var b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Runs the statuspage.io npm client (pinned by the fixture's lockfile) against a base URL. */
  static JsonNode readWithStatuspageClient(String url) throws Exception {
    Path dir = Path.of("src", "test", "node", "statuspage-client").toAbsolutePath();
    if (!Files.isDirectory(dir.resolve("node_modules").resolve("statuspage.io"))) {
      Process ci =
          new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .start();
      String out = new String(ci.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(ci.waitFor()).as("npm ci in " + dir + ":\n" + out).isZero();
    }
    Process node =
        new ProcessBuilder("node", "read-status.js", url).directory(dir.toFile()).start();
    String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(node.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(node.waitFor()).as("statuspage.io client: " + err).isZero();
    return json.readTree(out);
  }

  static void await(String what, BooleanSupplier done) throws InterruptedException {
    Instant until = Instant.now().plus(Duration.ofSeconds(60));
    while (!done.getAsBoolean()) {
      if (Instant.now().isAfter(until)) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(100);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Adobe S3Mock from Maven Central (copied to target/s3mock by the build), on free ports. */
  static Process startS3Mock() throws Exception {
    Path jar = Path.of("target", "s3mock", "s3mock.jar");
    assertThat(jar).as("S3Mock's jar (maven-dependency-plugin copies it)").isRegularFile();
    s3Port = freePort();
    Path root = Files.createTempDirectory("haechi-s3mock");
    Path log = root.resolve("s3mock.log");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                jar.toAbsolutePath().toString(),
                "--server.port=" + freePort(),
                "--com.adobe.testing.s3mock.http-port=" + s3Port,
                "--com.adobe.testing.s3mock.store.initial-buckets=" + BUCKET,
                "--com.adobe.testing.s3mock.store.root=" + root.resolve("store"),
                "--spring.main.banner-mode=off")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    Instant until = Instant.now().plus(Duration.ofMinutes(3));
    while (true) {
      if (!p.isAlive()) {
        throw new AssertionError("S3Mock stopped:\n" + Files.readString(log));
      }
      try {
        if (get("http://127.0.0.1:" + s3Port + "/" + BUCKET, Map.of()).statusCode() == 200) {
          return p;
        }
      } catch (IOException notYet) {
        // starting
      }
      if (Instant.now().isAfter(until)) {
        p.destroyForcibly();
        throw new AssertionError("S3Mock did not start in 3 minutes:\n" + Files.readString(log));
      }
      Thread.sleep(500);
    }
  }
}
