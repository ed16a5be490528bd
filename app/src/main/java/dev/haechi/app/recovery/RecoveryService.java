package dev.haechi.app.recovery;

import dev.haechi.app.audit.AuditLog;
import dev.haechi.app.resilience.CatalogStore;
import dev.haechi.app.status.ComponentStatus;
import dev.haechi.app.status.StatusBoard;
import dev.haechi.app.status.StatusStore;
import dev.haechi.core.Durations;
import dev.haechi.core.InputException;
import dev.haechi.resilience.catalog.Catalog;
import dev.haechi.resilience.graph.CatalogGraph;
import dev.haechi.resilience.recovery.Crew;
import dev.haechi.resilience.recovery.CrewsFile;
import dev.haechi.resilience.recovery.PlanOutcome;
import dev.haechi.resilience.recovery.PlannerOptions;
import dev.haechi.resilience.recovery.RestorationPlan;
import dev.haechi.resilience.recovery.RestorationPlanner;
import dev.haechi.resilience.recovery.RestorationProblem;
import dev.haechi.resilience.recovery.RestorationTask;
import dev.haechi.resilience.recovery.RestorationTracker;
import dev.haechi.resilience.recovery.ServiceEta;
import dev.haechi.resilience.recovery.SystemState;
import dev.haechi.resilience.simulation.Event;
import dev.haechi.resilience.simulation.Loss;
import dev.haechi.resilience.simulation.Scenario;
import dev.haechi.resilience.simulation.SimulationResult;
import dev.haechi.resilience.simulation.Simulator;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/**
 * Restoration in the server: starts one from a simulated (or real) loss on the stored catalog,
 * keeps the tracker of crews' reports, re-plans in the background after each report (reported work
 * pinned, {@code haechi.recovery.replan-limit}, default 5 s), and drives the public status page:
 * each public service's state from its systems' states, and its ETA from the plan. Reports are
 * stored, so the restoration is rebuilt after a restart; refused reports are audited with the
 * reason.
 */
@Component
public class RecoveryService implements DisposableBean {
  static final String ACTOR = "system:recovery";

  private final JdbcTemplate jdbc;
  private final AuditLog audit;
  private final CatalogStore catalogs;
  private final StatusStore status;
  private final StatusBoard board;
  private final Duration replanLimit;
  private final ExecutorService planner =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "haechi-replan");
            t.setDaemon(true);
            return t;
          });
  private final AtomicBoolean replanQueued = new AtomicBoolean();
  private volatile Restoration current;
  private volatile boolean rebuilt;
  private final IncidentMilestones milestones;

  /** The planner's time limit when none is given, and the most a request may ask for. */
  static final Duration DEFAULT_PLAN_LIMIT = Duration.ofSeconds(30);

  static final Duration MAX_PLAN_LIMIT = Duration.ofMinutes(5);

  public RecoveryService(
      JdbcTemplate jdbc,
      AuditLog audit,
      CatalogStore catalogs,
      StatusStore status,
      StatusBoard board,
      @Value("${haechi.recovery.replan-limit:5s}") Duration replanLimit) {
    this.jdbc = jdbc;
    this.audit = audit;
    this.catalogs = catalogs;
    this.status = status;
    this.board = board;
    this.replanLimit = replanLimit;
    this.milestones = new IncidentMilestones(status, board);
  }

  /**
   * Starts a restoration (replacing any under way) and plans it.
   *
   * @throws IllegalArgumentException naming the field, or InputException naming what makes the plan
   *     infeasible
   */
  public Restoration start(
      String actor,
      String catalogName,
      List<String> lost,
      String event,
      Instant eventAt,
      int crews,
      Duration timeLimit) {
    return start(actor, catalogName, lost, event, eventAt, crews, null, timeLimit);
  }

  /**
   * Starts a restoration with crews that have sites and skills ({@code crewList}; null for {@code
   * crews} interchangeable crews).
   *
   * @throws IllegalArgumentException naming the field, or InputException naming the crew or what
   *     makes the plan infeasible
   */
  public Restoration start(
      String actor,
      String catalogName,
      List<String> lost,
      String event,
      Instant eventAt,
      int crews,
      List<CrewsFile.Spec> crewList,
      Duration timeLimit) {
    Duration limit = timeLimit == null ? DEFAULT_PLAN_LIMIT : timeLimit;
    if (limit.compareTo(Duration.ofSeconds(1)) < 0 || limit.compareTo(MAX_PLAN_LIMIT) > 0) {
      throw new IllegalArgumentException(
          "timeLimit: between 1s and 5m (default 30s), not " + Durations.format(limit));
    }
    if (crews < 1 || crews > 10_000) {
      throw new IllegalArgumentException("crews: between 1 and 10000");
    }
    if (lost == null || lost.isEmpty()) {
      throw new IllegalArgumentException("lost: name what was lost, e.g. zone:dj-5f-r7");
    }
    String name =
        catalogName != null ? catalogName : catalogs.names().stream().findFirst().orElse(null);
    if (name == null || catalogs.latest(name).isEmpty()) {
      throw new IllegalArgumentException("catalog: no catalog has been imported");
    }
    Instant at = eventAt == null ? Instant.now() : eventAt;
    List<Crew> crewObjects =
        crewList == null
            ? Crew.count(crews)
            : CrewsFile.of(
                "crewList",
                crewList,
                catalogs.latest(name).orElseThrow().loaded().catalog().sites().stream()
                    .map(dev.haechi.resilience.catalog.Site::name)
                    .collect(java.util.stream.Collectors.toSet()));
    Instant began = Instant.now();
    Starting progress = new Starting(began, limit);
    starting = progress;
    try {
      Restoration r = build(0, name, lost, event == null ? "fire" : event, at, crewObjects);
      progress.phase("planning");
      // Planned outside the lock: a crew's report (synchronized) is never held up by planning.
      Restoration planned = r.withPlan(plan(r, limit), Instant.now());
      progress.phase("saving");
      synchronized (this) {
        return record(
            actor,
            name,
            lost,
            at,
            crewObjects,
            crewList == null ? null : crewJson(crewObjects),
            planned);
      }
    } finally {
      progress.phase("done");
      if (starting == progress) {
        starting = null;
      }
    }
  }

  /**
   * A restoration being started, as the server is doing it: {@code simulating} the loss on the
   * catalog, {@code planning} (the planner stops at {@code planLimit} at the latest, sooner when
   * its plan is provably close to the best), {@code saving} the plan (waits for crews' reports
   * being recorded), then {@code done}.
   */
  public static final class Starting {
    private final Instant startedAt;
    private final Duration planLimit;
    private volatile String phase = "simulating";
    private volatile Instant phaseAt;

    Starting(Instant startedAt, Duration planLimit) {
      this.startedAt = startedAt;
      this.planLimit = planLimit;
      this.phaseAt = startedAt;
    }

    void phase(String p) {
      phaseAt = Instant.now();
      phase = p;
    }

    public String phase() {
      return phase;
    }

    public Instant startedAt() {
      return startedAt;
    }

    public Instant phaseAt() {
      return phaseAt;
    }

    public Duration planLimit() {
      return planLimit;
    }
  }

  private volatile Starting starting;

  /** The restoration being started now, if one is (the last one asked for). */
  public Optional<Starting> starting() {
    return Optional.ofNullable(starting);
  }

  private static final tools.jackson.databind.json.JsonMapper JSON =
      tools.jackson.databind.json.JsonMapper.builder().build();

  static String crewJson(List<Crew> crews) {
    return JSON.writeValueAsString(CrewsFile.describe(crews));
  }

  private Restoration record(
      String actor,
      String name,
      List<String> lost,
      Instant at,
      List<Crew> crewObjects,
      String crewList,
      Restoration planned) {
    int crews = crewObjects.size();
    var keys = new GeneratedKeyHolder();
    jdbc.update("UPDATE restoration SET closed_at = ? WHERE closed_at IS NULL", now());
    jdbc.update(
        con -> {
          var ps =
              con.prepareStatement(
                  "INSERT INTO restoration (catalog_name, lost, event_kind, event_at, crews,"
                      + " created_by, created_at, crew_list) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  new String[] {"id"});
          ps.setString(1, name);
          ps.setString(2, String.join(" ", lost));
          ps.setString(3, planned.event());
          ps.setObject(4, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
          ps.setInt(5, crews);
          ps.setString(6, actor);
          ps.setObject(7, now());
          ps.setString(8, crewList);
          return ps;
        },
        keys);
    long id = keys.getKey().longValue();
    current =
        new Restoration(
            id,
            name,
            List.copyOf(lost),
            planned.event(),
            at,
            crews,
            planned.problem(),
            planned.tracker(),
            planned.plan(),
            planned.plannedAt());
    rebuilt = true;
    audit.append(
        actor,
        "recovery.started",
        "restoration:" + id,
        planned.event()
            + " "
            + String.join(" ", lost)
            + " crews="
            + crews
            + " tasks="
            + planned.problem().tasks().size());
    publish(current);
    return current;
  }

  private Restoration build(
      long id, String catalog, List<String> lost, String event, Instant at, List<Crew> crews) {
    Catalog c = catalogs.latest(catalog).orElseThrow().loaded().catalog();
    List<Loss> losses = lost.stream().map(Loss::parse).toList();
    SimulationResult outcome =
        new Simulator(CatalogGraph.compile(c))
            .run(new Scenario(losses, Event.parse(event), at))
            .toResult();
    RestorationProblem problem = RestorationProblem.fromSimulation(c, outcome, crews);
    return new Restoration(
        id,
        catalog,
        lost,
        event,
        at,
        crews.size(),
        problem,
        RestorationTracker.of(problem, at),
        null,
        null);
  }

  private RestorationPlan plan(Restoration r, Duration limit) {
    Duration now = Duration.between(r.eventAt(), Instant.now());
    PlanOutcome o =
        r.tracker().history().isEmpty() && now.isNegative()
            ? RestorationPlanner.plan(r.problem(), PlannerOptions.withTimeLimit(limit))
            : RestorationPlanner.replan(
                r.problem(),
                r.tracker()
                    .reportedProgress(
                        Instant.now().isBefore(r.eventAt()) ? r.eventAt() : Instant.now()),
                PlannerOptions.withTimeLimit(limit));
    if (o instanceof PlanOutcome.Infeasible inf) {
      throw inf.reasons().get(0).toInputException("restoration");
    }
    return ((PlanOutcome.Planned) o).plan();
  }

  /** The restoration under way, rebuilt from the store after a restart. */
  public Optional<Restoration> current() {
    if (!rebuilt) {
      synchronized (this) {
        if (!rebuilt) {
          rebuilt = true;
          current = rebuildFromStore();
          if (current != null) {
            publish(current);
          }
        }
      }
    }
    return Optional.ofNullable(current);
  }

  private Restoration rebuildFromStore() {
    var rows =
        jdbc.queryForList(
            "SELECT id, catalog_name, lost, event_kind, event_at, crews, crew_list FROM restoration WHERE"
                + " closed_at IS NULL ORDER BY id DESC LIMIT 1");
    if (rows.isEmpty()) {
      return null;
    }
    Map<String, Object> row = new HashMap<>();
    rows.get(0).forEach((k, v) -> row.put(k.toLowerCase(java.util.Locale.ROOT), v));
    long id = ((Number) row.get("id")).longValue();
    String catalog = (String) row.get("catalog_name");
    if (catalogs.latest(catalog).isEmpty()) {
      return null;
    }
    Restoration r =
        build(
            id,
            catalog,
            List.of(((String) row.get("lost")).split(" ")),
            (String) row.get("event_kind"),
            jdbc.queryForObject(
                    "SELECT event_at FROM restoration WHERE id = ?", OffsetDateTime.class, id)
                .toInstant(),
            row.get("crew_list") == null
                ? Crew.count(((Number) row.get("crews")).intValue())
                : CrewsFile.parse(
                    "restoration " + id + " crew_list", row.get("crew_list").toString()));
    jdbc.query(
        "SELECT system_ref, to_state, crew, at, note FROM restoration_update WHERE"
            + " restoration_id = ? ORDER BY id",
        rs -> {
          r.tracker()
              .record(
                  rs.getString(1),
                  SystemState.valueOf(rs.getString(2).toUpperCase(java.util.Locale.ROOT)),
                  rs.getObject(4, OffsetDateTime.class).toInstant(),
                  rs.getString(3),
                  rs.getString(5));
        },
        id);
    return r.withPlan(plan(r, replanLimit), Instant.now());
  }

  /**
   * A crew's report: {@code state} is {@code restoring} (started), {@code restored} (finished),
   * {@code degraded} or {@code down}. Refused (and audited) for unknown systems and out-of-order
   * transitions.
   *
   * @throws InputException naming the system and why
   */
  public synchronized Restoration report(
      String actor, String system, String state, String crew, Instant at, String note) {
    Restoration r =
        current().orElseThrow(() -> new IllegalArgumentException("no restoration under way"));
    SystemState to;
    try {
      to = SystemState.valueOf(state == null ? "" : state.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "state: restoring, restored, degraded or down, not '" + state + "'");
    }
    Instant when = at == null ? Instant.now() : at;
    try {
      r.tracker().record(system, to, when, crew, note);
    } catch (InputException e) {
      audit.append(actor, "recovery.update-refused", "system:" + system, e.getMessage());
      throw e;
    }
    jdbc.update(
        "INSERT INTO restoration_update (restoration_id, system_ref, to_state, crew, at, note,"
            + " actor) VALUES (?, ?, ?, ?, ?, ?, ?)",
        r.id(),
        system,
        to.name().toLowerCase(java.util.Locale.ROOT),
        crew,
        OffsetDateTime.ofInstant(when, ZoneOffset.UTC),
        note,
        actor);
    audit.append(
        actor,
        "recovery.update",
        "system:" + system,
        to.name().toLowerCase(java.util.Locale.ROOT) + (crew == null ? "" : " crew=" + crew));
    publish(r);
    replanSoon();
    return r;
  }

  /** Re-plans in the background with reported work pinned; reports arriving meanwhile coalesce. */
  public void replanSoon() {
    if (replanQueued.compareAndSet(false, true)) {
      planner.execute(
          () -> {
            replanQueued.set(false);
            replanNow();
          });
    }
  }

  /** Re-plans now (blocking) and returns the new plan's restoration. */
  public Restoration replanNow() {
    Restoration r = current;
    if (r == null) {
      throw new IllegalArgumentException("no restoration under way");
    }
    RestorationPlan p = plan(r, replanLimit);
    synchronized (this) {
      if (current != null && current.id() == r.id()) {
        current = current.withPlan(p, Instant.now());
        publish(current);
      }
      return current;
    }
  }

  /**
   * Public services' states from their systems, and their ETAs from the plan, to the status page.
   */
  private void publish(Restoration r) {
    Map<String, List<String>> services = r.problem().publicServices();
    Map<String, Instant> etas = new HashMap<>();
    if (r.plan() != null) {
      for (ServiceEta s : r.plan().serviceEtas()) {
        etas.put(s.publicName(), r.eventAt().plus(s.eta()));
      }
    }
    Map<String, String> idByPublicName = board.componentIdsByName();
    Map<String, ComponentStatus> wanted = new HashMap<>();
    services.forEach(
        (publicName, systems) -> {
          int up = 0;
          boolean degraded = false;
          for (String s : systems) {
            SystemState st = r.tracker().state(s);
            if (st == SystemState.RESTORED) {
              up++;
            } else if (st == SystemState.DEGRADED) {
              degraded = true;
            }
          }
          ComponentStatus cs =
              up == systems.size()
                  ? ComponentStatus.OPERATIONAL
                  : degraded || up > 0
                      ? ComponentStatus.PARTIAL_OUTAGE
                      : ComponentStatus.MAJOR_OUTAGE;
          String id = idByPublicName.get(publicName);
          if (id != null) {
            wanted.put(id, cs);
          }
        });
    var states = status.componentStates();
    for (var e : wanted.entrySet()) {
      var existing = states.get(e.getKey());
      if (existing == null || existing.status() != e.getValue()) {
        // A service that is back drops its "meanwhile, do this instead" advice.
        String instead =
            existing == null || e.getValue() == ComponentStatus.OPERATIONAL
                ? ""
                : existing.instead();
        status.setComponent(ACTOR, e.getKey(), e.getValue(), instead);
      }
    }
    milestones.tell(r, idByPublicName);
    Map<String, Instant> etaById = new HashMap<>();
    etas.forEach(
        (publicName, eta) -> {
          String id = idByPublicName.get(publicName);
          if (id != null && wanted.get(id) != ComponentStatus.OPERATIONAL) {
            etaById.put(id, eta);
          }
        });
    board.setEtas(etaById);
  }

  /** Systems of the restoration with their grade, state and planned ETA, for the console. */
  public List<Map<String, Object>> systems(Restoration r) {
    List<Map<String, Object>> out = new ArrayList<>();
    Map<String, Duration> etas = r.plan().systemEtas();
    for (RestorationTask t : r.problem().tasks()) {
      Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("system", t.system());
      m.put("grade", t.grade());
      m.put("publicName", t.publicName());
      m.put("state", r.tracker().state(t.system()).name().toLowerCase(java.util.Locale.ROOT));
      Duration eta = etas.get(t.system());
      if (eta != null) {
        m.put("eta", r.eventAt().plus(eta).toString());
      }
      out.add(m);
    }
    return out;
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
  }

  @Override
  public void destroy() {
    planner.shutdownNow();
  }
}
