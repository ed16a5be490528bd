package dev.haechi.app.demo;

import dev.haechi.app.detection.DetectionService;
import dev.haechi.app.findings.FindingStore;
import dev.haechi.app.identity.DecisionStore;
import dev.haechi.app.identity.IdentityState;
import dev.haechi.app.resilience.CatalogStore;
import dev.haechi.identity.IdentityReconciler;
import dev.haechi.identity.ReconcileOptions;
import dev.haechi.identity.ReconcileResult;
import dev.haechi.identity.readers.IdentityDirectory;
import dev.haechi.resilience.catalog.LoadedCatalog;
import dev.haechi.resilience.risk.AssessmentResult;
import dev.haechi.resilience.risk.RiskAssessment;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads the demo organisations into the store by running the engines on their files: Leaver Guard
 * reconciles the retailer's identity directory, Resilience assesses the government's catalog. A
 * source already loaded (same folder, seed and scale) is not loaded twice.
 */
@Component
public class DemoLoader {
  /** The demo's story dates: the retailer before the breach was found, NIRS before the fire. */
  public static final LocalDate RETAILER_AS_OF = LocalDate.of(2025, 11, 1);

  public static final LocalDate GOVERNMENT_AS_OF = LocalDate.of(2025, 9, 1);

  private final FindingStore findings;
  private final JdbcTemplate jdbc;
  private final JsonMapper json;
  private final CatalogStore catalogs;
  private final IdentityState identity;
  private final DecisionStore decisions;
  private final DetectionService detection;
  private final dev.haechi.app.recovery.RecoveryService recovery;
  private final dev.haechi.app.status.StatusStore status;
  private final dev.haechi.app.status.StatusBoard board;
  private final dev.haechi.app.settings.SettingsStore settings;
  private final dev.haechi.app.resilience.LiveResilience live;

  public DemoLoader(
      FindingStore findings,
      JdbcTemplate jdbc,
      JsonMapper json,
      CatalogStore catalogs,
      IdentityState identity,
      DecisionStore decisions,
      DetectionService detection,
      dev.haechi.app.recovery.RecoveryService recovery,
      dev.haechi.app.status.StatusStore status,
      dev.haechi.app.status.StatusBoard board,
      dev.haechi.app.settings.SettingsStore settings,
      dev.haechi.app.resilience.LiveResilience live) {
    this.settings = settings;
    this.live = live;
    this.detection = detection;
    this.recovery = recovery;
    this.status = status;
    this.board = board;
    this.findings = findings;
    this.jdbc = jdbc;
    this.json = json;
    this.catalogs = catalogs;
    this.identity = identity;
    this.decisions = decisions;
  }

  /** What one load did, for the terminal. */
  public record Loaded(String capability, String source, int findings, boolean reused) {}

  /** Reconciles the retailer's identity directory as of {@link #RETAILER_AS_OF}. */
  public Loaded loadRetailer(Path dir, String fingerprint) {
    String source = "demo:retailer " + fingerprint;
    var snapshot = IdentityDirectory.read(dir);
    ReconcileResult result =
        IdentityReconciler.reconcile(
            snapshot, ReconcileOptions.asOf(RETAILER_AS_OF).withDecisions(decisions.all()));
    identity.replace(source, RETAILER_AS_OF, snapshot, result);
    if (loaded("identity", source)) {
      return new Loaded("identity", source, result.findings().size(), true);
    }
    Map<String, Object> summary = asMap(result.summary());
    summary.put("correlationCases", result.cases().size());
    findings.saveRun(
        "system", "identity", "reconcile", source, RETAILER_AS_OF, result.findings(), summary);
    return new Loaded("identity", source, result.findings().size(), false);
  }

  /**
   * Breach Watch on the retailer's gateway events: the member ID space becomes part of the identity
   * context, and the events are replayed through the engine into the alert queue. Skipped when this
   * demo's events were replayed before.
   */
  public Loaded replayRetailerEvents(
      Path dir, String fingerprint, java.util.function.LongConsumer progress) throws IOException {
    String source = "demo:retailer-events " + fingerprint;
    Path events = dir.resolve("events/gateway.jsonl");
    if (!java.nio.file.Files.isRegularFile(events)) {
      throw new IllegalArgumentException(events + ": no gateway events in this demo folder");
    }
    if (java.nio.file.Files.isRegularFile(dir.resolve("members.json"))) {
      detection.useMembers(dir.resolve("members.json"));
    }
    if (loaded("detection", source)) {
      return new Loaded("detection", source, 0, true);
    }
    var r = detection.replay("system", events, progress);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("events", r.events());
    summary.put("rejected", r.rejected());
    summary.put("alerts", r.alerts());
    summary.put("newAlerts", r.newAlerts());
    findings.saveRun("system", "detection", "replay", source, RETAILER_AS_OF, List.of(), summary);
    return new Loaded("detection", source, (int) r.newAlerts(), false);
  }

  /**
   * The government's fire as a live incident: the battery room {@code dj-5f-r7} burns when the demo
   * starts, a restoration is planned for {@code crews} crews, the affected public services show as
   * down with their ETA and what to do instead, and an incident tells the public. Skipped when a
   * restoration is already under way.
   */
  public boolean startGovernmentIncident(int crews, java.time.Duration limit) {
    if (recovery.current().isPresent()) {
      return false;
    }
    var r =
        recovery.start(
            "system",
            "government",
            List.of("zone:dj-5f-r7"),
            "fire",
            java.time.Instant.now(),
            crews,
            limit);
    publicPageInKorean();
    boolean ko = "ko".equals(board.words().lang());
    Map<String, String> ids = board.componentIdsByName();
    List<String> affected = new java.util.ArrayList<>();
    for (String publicName : r.problem().publicServices().keySet()) {
      String id = ids.get(publicName);
      if (id != null) {
        affected.add(id);
        status.setComponent(
            "system",
            id,
            dev.haechi.app.status.ComponentStatus.MAJOR_OUTAGE,
            ko
                ? "복구될 때까지 가까운 주민센터에서 방문해 처리할 수 있고," + " 정부민원안내콜센터(국번 없이 110)에서 문의를 받습니다."
                : "Meanwhile, any community service centre (주민센터) handles this in person;"
                    + " government call centre 110 answers questions.");
      }
    }
    int stopped = r.problem().tasks().size();
    status.openIncident(
        "system",
        ko ? "대전 국가정보자원관리원 화재" : "Fire at the national data centre in Daejeon",
        "identified",
        "critical",
        ko
            ? "대전 전산실 5층(5F-R7)의 리튬이온 UPS 배터리에서 불이 나 "
                + stopped
                + "개 시스템이 멈췄습니다. 복구반이 중요한 서비스부터 복구하고 있으며,"
                + " 위의 각 서비스에 복구 예상 시각이 표시됩니다."
            : "A lithium-ion UPS battery caught fire in server room 5F-R7 and "
                + stopped
                + " systems stopped. Crews are restoring them, most important services first;"
                + " each service above shows when it is expected back.",
        affected);
    board.refresh();
    return true;
  }

  /**
   * The government demo speaks to Korean citizens: the public page in Korean, times in Asia/Seoul,
   * unless an admin already chose otherwise (a setting away from its default is left alone).
   */
  private void publicPageInKorean() {
    var zone = dev.haechi.app.settings.Setting.STATUS_TIME_ZONE;
    var language = dev.haechi.app.settings.Setting.STATUS_LANGUAGE;
    if (settings.get(zone).equals(zone.defaultValue())) {
      settings.set("system", zone, "Asia/Seoul");
    }
    if (settings.get(language).equals(language.defaultValue())) {
      settings.set("system", language, "ko");
    }
  }

  /** Assesses the government's catalog as of {@link #GOVERNMENT_AS_OF}. */
  public Loaded loadGovernment(Path dir, String fingerprint) {
    String source = "demo:government " + fingerprint;
    if (loaded("resilience", source)) {
      return new Loaded("resilience", source, 0, true);
    }
    LoadedCatalog catalog =
        catalogs
            .latest("government")
            .filter(c -> c.version().source().equals(source))
            .orElseGet(
                () -> {
                  catalogs.importCatalog("system", "government", source, yamlFiles(dir));
                  return catalogs.latest("government").orElseThrow();
                })
            .loaded();
    AssessmentResult result = RiskAssessment.assess(catalog.catalog(), GOVERNMENT_AS_OF);
    Map<String, Object> summary = asMap(result.summary());
    summary.put("skippedKinds", catalog.report().toString());
    findings.saveRun(
        "system", "resilience", "assess", source, GOVERNMENT_AS_OF, result.findings(), summary);
    return new Loaded("resilience", source, result.findings().size(), false);
  }

  /**
   * The government's generated week of live reports ({@code reports/week.jsonl}), checked as of the
   * week's end (the manifest's {@code planted.liveReports.asOf}); posted once per demo.
   *
   * @return the live findings open as of the week's end
   */
  public int loadGovernmentReports(Path dir) throws IOException {
    Path week = dir.resolve("reports/week.jsonl");
    var manifest = json.readTree(dir.resolve("demo.json").toFile());
    String asOf = manifest.path("planted").path("liveReports").path("asOf").asString("");
    if (!java.nio.file.Files.isRegularFile(week) || asOf.isEmpty()) {
      return 0;
    }
    live.pinAsOf("government", java.time.Instant.parse(asOf));
    Long stored =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM resilience_report WHERE catalog_name = 'government'", Long.class);
    if (stored == null || stored == 0) {
      live.ingest("system", "government", week.toString(), java.nio.file.Files.readString(week));
    }
    return live.current("government").findings().size();
  }

  /** The catalog's YAML files keyed by their path inside {@code dir}. */
  public static Map<String, String> yamlFiles(Path dir) {
    Map<String, String> files = new java.util.TreeMap<>();
    try (var walk = java.nio.file.Files.walk(dir)) {
      for (Path p : walk.filter(java.nio.file.Files::isRegularFile).toList()) {
        String name = dir.relativize(p).toString().replace('\\', '/');
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
          files.put(name, java.nio.file.Files.readString(p));
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return files;
  }

  private boolean loaded(String capability, String source) {
    Long n =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM engine_run WHERE capability = ? AND source = ? AND status ="
                + " 'complete'",
            Long.class,
            capability,
            source);
    return n != null && n > 0;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> asMap(Object record) {
    return new LinkedHashMap<>(json.convertValue(record, Map.class));
  }
}
