package dev.haechi.app.exercise;

import dev.haechi.app.audit.AuditLog;
import dev.haechi.exercise.builtin.BuiltinScenarios;
import dev.haechi.exercise.report.AfterActionReport;
import dev.haechi.exercise.report.NavigatorLayer;
import dev.haechi.exercise.report.ResultJson;
import dev.haechi.exercise.run.ExerciseListener;
import dev.haechi.exercise.run.ExerciseResult;
import dev.haechi.exercise.run.ExerciseRunner;
import dev.haechi.exercise.run.ExpectationResult;
import dev.haechi.exercise.run.InjectResult;
import dev.haechi.exercise.run.RestorationPoint;
import dev.haechi.exercise.scenario.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Exercise runs started from the console: one at a time, in the background, with a live view of
 * their progress and timeline. A finished run leaves its result JSON (FORMATS.md §6), the
 * after-action report (HTML and Markdown), the ATT&CK Navigator layer and the console's summary
 * ({@code view.json}) in {@code HAECHI_HOME/exercise/runs/ID/}; the run's row, score and status are
 * in the store. Starting and finishing are audited.
 */
@Component
public class ExerciseRuns implements org.springframework.beans.factory.DisposableBean {
  /** Background rate the console proposes: enough traffic to matter, a run of a minute or so. */
  public static final double DEFAULT_RATE = 0.5;

  private final JdbcTemplate jdbc;
  private final AuditLog audit;
  private final JsonMapper json;
  private final Path home;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "haechi-exercise");
            t.setDaemon(true);
            return t;
          });
  private final Map<Long, Live> live = new ConcurrentHashMap<>();
  private volatile Path worlds;

  public ExerciseRuns(
      JdbcTemplate jdbc,
      AuditLog audit,
      JsonMapper json,
      @Value("${haechi.home:./data}") String home) {
    this.jdbc = jdbc;
    this.audit = audit;
    this.json = json;
    this.home = Path.of(home);
  }

  @Override
  public void destroy() {
    worker.shutdownNow();
  }

  /**
   * Where the built-ins' worlds (the demo organisations) are; by default generated once under
   * {@code HAECHI_HOME/exercise/worlds} on the first run.
   */
  public void useWorlds(Path dir) {
    this.worlds = dir;
  }

  /** A scenario the console can start. */
  public record Choice(String name, String title, String kind) {}

  /** The built-ins and the scenario files in {@code HAECHI_HOME/exercise/scenarios}. */
  public List<Choice> choices() {
    List<Choice> out = new ArrayList<>();
    out.add(
        new Choice(
            "coupang-2025",
            "Coupang 2025: a key custodian leaves without rotation; months later forged tokens"
                + " walk members' address pages",
            "built-in replay"));
    out.add(
        new Choice(
            "nirs-2025",
            "NIRS 2025: a lithium battery fire in the 5th-floor room of the government data"
                + " centre in Daejeon",
            "built-in replay"));
    for (Path f : scenarioFiles()) {
      out.add(new Choice(f.getFileName().toString(), f.getFileName().toString(), "scenario file"));
    }
    return out;
  }

  /** The folder where an admin puts scenario files for the console. */
  public Path scenarioFolder() {
    return home.resolve("exercise").resolve("scenarios").toAbsolutePath().normalize();
  }

  private List<Path> scenarioFiles() {
    Path dir = scenarioFolder();
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().matches("[A-Za-z0-9._-]+\\.ya?ml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** A run as the list shows it. */
  public record Run(
      long id,
      String scenario,
      String title,
      String startedBy,
      Instant startedAt,
      Instant finishedAt,
      String status,
      Double backgroundRate,
      Integer score,
      String summary,
      String error) {
    public boolean done() {
      return status.equals("complete") || status.equals("failed");
    }
  }

  /** Where a running exercise is. */
  public static final class Live {
    volatile String phase = "waiting for the previous run to finish";
    volatile double fraction;
    volatile Instant simulated;
    volatile long events;
    volatile long alerts;
    final List<String[]> timeline = java.util.Collections.synchronizedList(new ArrayList<>());

    public String phase() {
      return phase;
    }

    public int percent() {
      return (int) Math.round(fraction * 100);
    }

    public Instant simulated() {
      return simulated;
    }

    public long events() {
      return events;
    }

    public long alerts() {
      return alerts;
    }

    /** The latest timeline lines, newest last: [simulated time, kind, text]. */
    public List<String[]> timeline() {
      synchronized (timeline) {
        return List.copyOf(timeline.subList(Math.max(0, timeline.size() - 30), timeline.size()));
      }
    }
  }

  /**
   * Queues a run of {@code scenario} (a built-in name or a file name from the scenario folder).
   *
   * @throws IllegalArgumentException for an unknown scenario or a bad rate
   */
  public long start(String actor, String scenario, Double rate) {
    if (scenario == null || scenario.isBlank()) {
      throw new IllegalArgumentException("scenario: choose one");
    }
    boolean builtin = BuiltinScenarios.exists(scenario);
    Path file = null;
    if (!builtin) {
      file =
          scenarioFiles().stream()
              .filter(p -> p.getFileName().toString().equals(scenario))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "scenario: no built-in or scenario file named '" + scenario + "'"));
    }
    double r = rate == null ? DEFAULT_RATE : rate;
    if (!(r >= 0) || r > 1000) {
      throw new IllegalArgumentException("background rate: between 0 and 1000 requests per second");
    }
    var keys = new GeneratedKeyHolder();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    jdbc.update(
        con -> {
          var ps =
              con.prepareStatement(
                  "INSERT INTO exercise_run (scenario, started_by, started_at, status,"
                      + " background_rate) VALUES (?, ?, ?, 'queued', ?)",
                  new String[] {"id"});
          ps.setString(1, scenario);
          ps.setString(2, actor);
          ps.setObject(3, now);
          ps.setDouble(4, r);
          return ps;
        },
        keys);
    long id = keys.getKey().longValue();
    audit.append(
        actor, "exercise.run-started", "exercise-run:" + id, "scenario=" + scenario + " rate=" + r);
    Live l = new Live();
    live.put(id, l);
    Path chosen = file;
    worker.submit(() -> execute(id, actor, scenario, chosen, r, l));
    return id;
  }

  private void execute(long id, String actor, String name, Path file, double rate, Live l) {
    try {
      jdbc.update("UPDATE exercise_run SET status = 'running' WHERE id = ?", id);
      l.phase = "preparing the organisation's world";
      Scenario s =
          file != null
              ? ScenarioSource.resolve(file.toString(), home)
              : BuiltinScenarios.load(
                  name,
                  worlds != null
                      ? worlds
                      : ScenarioSource.builtinWorlds(home, name, step -> l.phase = step));
      // background traffic only matters beside attacks: a failure-only scenario (nirs-2025) runs
      // without it instead of generating weeks of requests nobody looks at
      boolean attacks =
          s.injects().stream()
              .anyMatch(
                  i ->
                      i.type().category()
                          == dev.haechi.exercise.scenario.InjectType.Category.ATTACK);
      s = s.withBackgroundRate(attacks ? rate : 0);
      if (!attacks) {
        jdbc.update("UPDATE exercise_run SET background_rate = 0 WHERE id = ?", id);
      }
      jdbc.update("UPDATE exercise_run SET title = ? WHERE id = ?", clip(s.title(), 1000), id);
      l.phase = "building the world and compiling the detection rules";
      ExerciseRunner.Prepared prepared = ExerciseRunner.prepare(s);
      l.phase = "running";
      ExerciseResult r =
          prepared.run(
              new ExerciseListener() {
                @Override
                public void progress(Instant simulated, double fraction, long events, long alerts) {
                  l.simulated = simulated;
                  l.fraction = fraction;
                  l.events = events;
                  l.alerts = alerts;
                }

                @Override
                public void timeline(Instant simulated, String kind, String text) {
                  l.timeline.add(new String[] {simulated.toString(), kind, text});
                }
              });
      l.phase = "writing the report";
      Path dir = dir(id);
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("result.json"), ResultJson.text(r), StandardCharsets.UTF_8);
      Files.writeString(
          dir.resolve("report.html"), AfterActionReport.html(r), StandardCharsets.UTF_8);
      Files.writeString(
          dir.resolve("report.md"), AfterActionReport.markdown(r), StandardCharsets.UTF_8);
      Files.writeString(
          dir.resolve("navigator.json"), NavigatorLayer.text(r), StandardCharsets.UTF_8);
      RunView view = RunView.of(r);
      Files.write(dir.resolve("view.json"), json.writeValueAsBytes(view));
      String summary = view.summary();
      jdbc.update(
          "UPDATE exercise_run SET status = 'complete', finished_at = ?, score = ?, summary = ?"
              + " WHERE id = ?",
          OffsetDateTime.now(ZoneOffset.UTC),
          r.score(),
          clip(summary, 4000),
          id);
      audit.append(
          actor,
          "exercise.run-finished",
          "exercise-run:" + id,
          "scenario=" + name + " score=" + r.score());
    } catch (RuntimeException | IOException | Error e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      jdbc.update(
          "UPDATE exercise_run SET status = 'failed', finished_at = ?, error = ? WHERE id = ?",
          OffsetDateTime.now(ZoneOffset.UTC),
          clip(why, 4000),
          id);
      audit.append(
          actor,
          "exercise.run-failed",
          "exercise-run:" + id,
          "scenario=" + name + " " + clip(why, 300));
    } finally {
      live.remove(id);
    }
  }

  public Path dir(long id) {
    return home.resolve("exercise").resolve("runs").resolve(Long.toString(id));
  }

  public List<Run> list() {
    return jdbc.query("SELECT * FROM exercise_run ORDER BY id DESC LIMIT 200", this::row);
  }

  public Run get(long id) {
    List<Run> found = jdbc.query("SELECT * FROM exercise_run WHERE id = ?", this::row, id);
    if (found.isEmpty()) {
      throw new IllegalArgumentException("no exercise run " + id);
    }
    return found.get(0);
  }

  public Optional<Live> live(long id) {
    return Optional.ofNullable(live.get(id));
  }

  /** The console's summary of a finished run, or empty when its files are gone. */
  public Optional<RunView> view(long id) {
    Path f = dir(id).resolve("view.json");
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    try {
      return Optional.of(json.readValue(Files.readAllBytes(f), RunView.class));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One of the run's files ({@code report.html}, {@code report.md}, {@code navigator.json}, …). */
  public Optional<byte[]> file(long id, String name) {
    if (!List.of("report.html", "report.md", "navigator.json", "result.json").contains(name)) {
      return Optional.empty();
    }
    Path f = dir(id).resolve(name);
    try {
      return Files.isRegularFile(f) ? Optional.of(Files.readAllBytes(f)) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Run row(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
    OffsetDateTime started = rs.getObject("started_at", OffsetDateTime.class);
    OffsetDateTime finished = rs.getObject("finished_at", OffsetDateTime.class);
    double rate = rs.getDouble("background_rate");
    boolean rateNull = rs.wasNull();
    int score = rs.getInt("score");
    boolean scoreNull = rs.wasNull();
    return new Run(
        rs.getLong("id"),
        rs.getString("scenario"),
        rs.getString("title"),
        rs.getString("started_by"),
        started == null ? null : started.toInstant(),
        finished == null ? null : finished.toInstant(),
        rs.getString("status"),
        rateNull ? null : rate,
        scoreNull ? null : score,
        rs.getString("summary"),
        rs.getString("error"));
  }

  private static String clip(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  /** What the console shows of a finished run; kept as {@code view.json}. */
  public record RunView(
      String scenario,
      String title,
      int score,
      long backgroundEvents,
      long attackEvents,
      long alerts,
      long falsePositives,
      long wallMillis,
      List<InjectRow> injects,
      List<ExpectationRow> expectations,
      Map<String, String> techniques,
      List<String[]> timeline,
      List<String> notes,
      List<long[]> reference,
      String referenceNote,
      String scoreExplained,
      Long referenceDwellSeconds) {

    /** The fastest detection of an attack inject in this run, in seconds, or null. */
    public Long firstDetectSeconds() {
      return injects.stream()
          .map(InjectRow::detectSeconds)
          .filter(java.util.Objects::nonNull)
          .min(Long::compare)
          .orElse(null);
    }

    /** One inject's outcome; times are seconds (null when not applicable). */
    public record InjectRow(
        String id,
        String type,
        String technique,
        String outcome,
        String firstEvent,
        Long detectSeconds,
        String rule,
        String why,
        String wouldCatch,
        Integer stopped,
        Integer destroyed,
        Long grade1BackSeconds,
        List<long[]> curve,
        Double points,
        List<String[]> prevention) {

      /** The points this inject earned, as the console shows them ("0.7 of 1"), or null. */
      public String pointsText() {
        if (points == null) {
          return null;
        }
        String t = String.format(java.util.Locale.ROOT, "%.2f", points).replaceAll("0+$", "");
        return (t.endsWith(".") ? t.substring(0, t.length() - 1) : t) + " of 1";
      }

      /** The restoration curve as SVG polyline points in a 600 × 200 box (x: time, y: share). */
      public String curvePoints() {
        return curvePoints(null);
      }

      /** The last time on the chart's axis: the plan's or the real curve's, whichever is later. */
      public long axisSeconds(List<long[]> reference) {
        long last = curve == null || curve.isEmpty() ? 1 : curve.get(curve.size() - 1)[0];
        if (reference != null && !reference.isEmpty()) {
          last = Math.max(last, reference.get(reference.size() - 1)[0]);
        }
        return Math.max(1, last);
      }

      /** The plan's curve on an axis shared with the real one ({@code reference}, may be null). */
      public String curvePoints(List<long[]> reference) {
        if (curve == null || curve.isEmpty()) {
          return "";
        }
        return polyline(curve, axisSeconds(reference));
      }

      /** The real restoration's curve (seconds, restored, of) on the same axis as the plan's. */
      public String referencePoints(List<long[]> reference) {
        if (reference == null || reference.isEmpty()) {
          return "";
        }
        return polyline(reference, axisSeconds(reference));
      }

      private static String polyline(List<long[]> pts, long last) {
        StringBuilder b = new StringBuilder("0,200");
        for (long[] p : pts) {
          double x = 600.0 * p[0] / last;
          double y = p[2] == 0 ? 0 : 200.0 - 200.0 * p[1] / p[2];
          b.append(String.format(java.util.Locale.ROOT, " %.1f,%.1f", x, y));
        }
        return b.toString();
      }
    }

    public record ExpectationRow(String inject, boolean met, String why) {}

    static RunView of(ExerciseResult r) {
      List<InjectRow> injects = new ArrayList<>();
      for (InjectResult i : r.injects()) {
        List<long[]> curve = new ArrayList<>();
        for (RestorationPoint p : i.curve()) {
          curve.add(new long[] {p.after().getSeconds(), p.restored(), p.of()});
        }
        Duration ttd = i.timeToDetect();
        injects.add(
            new InjectRow(
                i.inject().id(),
                i.inject().type().label(),
                i.inject().technique(),
                i.outcome() == null ? null : i.outcome().label(),
                i.firstEvent() == null ? null : i.firstEvent().toString(),
                ttd == null ? null : ttd.getSeconds(),
                i.ruleTitle() != null ? i.ruleTitle() : i.ruleId(),
                i.why(),
                i.wouldCatch(),
                i.stopped(),
                i.destroyed(),
                i.grade1RestoredAfter() == null ? null : i.grade1RestoredAfter().getSeconds(),
                curve,
                r.points().get(i.inject().id()),
                dev.haechi.exercise.report.AfterActionReport.prevention(i.findings()).stream()
                    .map(
                        p ->
                            new String[] {
                              p.severity(),
                              p.type(),
                              String.valueOf(p.count()),
                              p.example(),
                              p.entities(),
                              p.remedy()
                            })
                    .toList()));
      }
      List<ExpectationRow> expectations = new ArrayList<>();
      for (ExpectationResult e : r.expectations()) {
        expectations.add(new ExpectationRow(e.expectation().inject(), e.met(), e.why()));
      }
      Map<String, String> techniques = new java.util.TreeMap<>();
      r.techniques().forEach((k, v) -> techniques.put(k, v.label()));
      List<String[]> timeline = new ArrayList<>();
      r.timeline().stream()
          .limit(500)
          .forEach(
              t -> timeline.add(new String[] {t.at().toString(), t.kind(), t.inject(), t.text()}));
      return new RunView(
          r.scenario().name(),
          r.scenario().title(),
          r.score(),
          r.backgroundEvents(),
          r.attackEvents(),
          r.alerts(),
          r.falsePositives(),
          r.wallTime().toMillis(),
          injects,
          expectations,
          techniques,
          timeline,
          r.notes(),
          reference(r.scenario().reference()),
          r.scenario().reference() == null ? null : r.scenario().reference().note(),
          dev.haechi.exercise.run.Scoring.explain(r),
          r.scenario().reference() == null || r.scenario().reference().dwell() == null
              ? null
              : r.scenario().reference().dwell().getSeconds());
    }

    /** The documented weights behind the score, in one sentence. */
    public String weights() {
      return dev.haechi.exercise.run.Scoring.WEIGHTS;
    }

    /** The real restoration (seconds after the event, restored, of) when the scenario gives one. */
    private static List<long[]> reference(dev.haechi.exercise.scenario.Scenario.Reference ref) {
      if (ref == null || ref.curve().isEmpty() || ref.systems() <= 0) {
        return List.of();
      }
      List<long[]> out = new ArrayList<>();
      for (var p : ref.curve()) {
        out.add(new long[] {p.after().getSeconds(), p.restored(), ref.systems()});
      }
      return out;
    }

    String summary() {
      long met = expectations.stream().filter(ExpectationRow::met).count();
      return "score "
          + score
          + "/100; "
          + injects.size()
          + " injects; "
          + met
          + " of "
          + expectations.size()
          + " expectations met";
    }
  }
}
