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
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

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
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(RecoveryService.class);

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
  private final ExecutorService startPlanner =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "haechi-start-plan");
            t.setDaemon(true);
            return t;
          });
  private final TransactionTemplate tx;
  private final AtomicBoolean replanQueued = new AtomicBoolean();
  private final java.util.concurrent.atomic.AtomicInteger replansRunning =
      new java.util.concurrent.atomic.AtomicInteger();
  private volatile Restoration current;

  /**
   * How many crew reports the current plan was made from: a re-plan made from fewer (one that
   * started before a report and ended after a later re-plan) is dropped, never put over it.
   */
  private int planBasis;

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
      PlatformTransactionManager transactions,
      @Value("${haechi.recovery.replan-limit:5s}") Duration replanLimit) {
    this.jdbc = jdbc;
    this.tx = new TransactionTemplate(transactions);
    this.audit = audit;
    this.catalogs = catalogs;
    this.status = status;
    this.board = board;
    this.replanLimit = replanLimit;
    this.milestones = new IncidentMilestones(status, board);
  }

  /**
   * Starts a restoration (replacing any under way) and waits for its plan: {@link #begin} then
   * {@link Starting#await()}. For callers in the server's own process (the demo); requests use
   * {@link #begin}, which answers at once.
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

  /** As {@link #start(String, String, List, String, Instant, int, Duration)}, with a crew list. */
  public Restoration start(
      String actor,
      String catalogName,
      List<String> lost,
      String event,
      Instant eventAt,
      int crews,
      List<CrewsFile.Spec> crewList,
      Duration timeLimit) {
    return begin(actor, catalogName, lost, event, eventAt, crews, crewList, timeLimit).await();
  }

  /**
   * Starts a restoration with crews that have sites and skills ({@code crewList}; null for {@code
   * crews} interchangeable crews) and returns at once: the loss is simulated here (an unknown zone,
   * site or crew is refused before anything is stored), the restoration is stored as {@code
   * planning} and audited ({@code recovery.start-requested}), and the planner works in the
   * background (at most {@code timeLimit}, default 30 s, 5 min at most). When its plan is ready the
   * restoration replaces the one under way ({@code recovery.started}); when it cannot be planned it
   * is {@code failed} with the reason ({@code recovery.start-failed}); a server that stops before
   * the plan is ready leaves it {@code interrupted} at the next start ({@code
   * recovery.start-interrupted}), never half planned. The restoration under way stays in use (crews
   * keep reporting) until the new plan is ready. One start at a time: another while one is planning
   * is refused ({@link StartInProgressException}, HTTP 409) naming it.
   *
   * @throws IllegalArgumentException naming the field, or InputException naming the crew or what
   *     was lost that the catalog does not have
   */
  public Starting begin(
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
    settleInterrupted();
    refuseWhileOneIsPlanning();
    Instant at = eventAt == null ? Instant.now() : eventAt;
    String ev = event == null ? "fire" : event;
    List<Crew> crewObjects =
        crewList == null
            ? Crew.count(crews)
            : CrewsFile.of(
                "crewList",
                crewList,
                catalogs.latest(name).orElseThrow().loaded().catalog().sites().stream()
                    .map(dev.haechi.resilience.catalog.Site::name)
                    .collect(java.util.stream.Collectors.toSet()));
    // the loss on the catalog (fast): what it names must exist before anything is stored
    Restoration simulated = build(0, name, lost, ev, at, crewObjects);
    if (!simulated.problem().feasible()) {
      // known before any search (no crew may do some task): refused now, nothing stored
      throw simulated.problem().infeasibilities().get(0).toInputException("restoration");
    }
    String crewJson = crewList == null ? null : crewJson(crewObjects);
    Starting progress;
    synchronized (startLock) {
      refuseWhileOneIsPlanning();
      Instant requested = Instant.now();
      long id =
          tx.execute(
              s -> {
                long newId =
                    insertPlanning(actor, name, lost, ev, at, crewObjects, crewJson, limit);
                audit.append(
                    actor,
                    "recovery.start-requested",
                    "restoration:" + newId,
                    ev
                        + " "
                        + String.join(" ", lost)
                        + " crews="
                        + crewObjects.size()
                        + " tasks="
                        + simulated.problem().tasks().size()
                        + " plan-limit="
                        + Durations.format(limit));
                return newId;
              });
      progress =
          new Starting(
              id, actor, List.copyOf(lost), ev, crewObjects.size(), requested, limit, "planning");
      starting = progress;
    }
    Restoration r =
        new Restoration(
            progress.id(),
            name,
            List.copyOf(lost),
            ev,
            at,
            crewObjects.size(),
            simulated.problem(),
            simulated.tracker(),
            null,
            null);
    try {
      startPlanner.execute(() -> planInBackground(progress, r));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // the server is stopping: the restoration stays planning and is marked interrupted at start
      progress.finish("interrupted", "the server was stopping", null);
      throw new IllegalStateException("the server is stopping; start the restoration again");
    }
    return progress;
  }

  private void refuseWhileOneIsPlanning() {
    Starting busy = starting;
    if (busy != null && busy.active()) {
      throw new StartInProgressException(
          busy.id(),
          "restoration "
              + busy.id()
              + " ("
              + busy.event()
              + " "
              + String.join(" ", busy.lost())
              + ", "
              + busy.crews()
              + " crews, asked for by "
              + busy.requestedBy()
              + ") is still being planned, for at most "
              + Durations.format(busy.planLimit())
              + " ("
              + Duration.between(busy.startedAt(), Instant.now()).toSeconds()
              + " s so far); start another when its plan is ready");
    }
  }

  /** Plans a stored restoration off the request thread and makes it the one under way. */
  private void planInBackground(Starting progress, Restoration r) {
    try {
      RestorationPlan plan = plan(r, progress.planLimit());
      progress.phase("saving");
      Restoration done;
      // Planned outside the lock: a crew's report (synchronized) is never held up by planning.
      synchronized (this) {
        done = record(progress, r.withPlan(plan, Instant.now()));
      }
      progress.finish("planned", null, done);
    } catch (RuntimeException | Error e) {
      String reason =
          e instanceof InputException || e instanceof IllegalArgumentException
              ? e.getMessage()
              : "the planner failed (" + e.getClass().getSimpleName() + "); see the server log";
      if (!(e instanceof InputException || e instanceof IllegalArgumentException)) {
        LOG.error("planning restoration {} failed", progress.id(), e);
      }
      try {
        tx.executeWithoutResult(
            s -> {
              jdbc.update(
                  "UPDATE restoration SET plan_state = 'failed', plan_detail = ?, closed_at = ?"
                      + " WHERE id = ? AND plan_state = 'planning'",
                  cut(reason),
                  now(),
                  progress.id());
              audit.append(
                  progress.requestedBy(),
                  "recovery.start-failed",
                  "restoration:" + progress.id(),
                  cut(reason));
            });
      } catch (RuntimeException stored) {
        LOG.error("could not record that restoration {} failed", progress.id(), stored);
      }
      progress.finish("failed", reason, e);
    }
  }

  private static String cut(String s) {
    String t = s == null ? "" : s;
    return t.length() <= 1900 ? t : t.substring(0, 1900) + "…";
  }

  private long insertPlanning(
      String actor,
      String name,
      List<String> lost,
      String event,
      Instant at,
      List<Crew> crewObjects,
      String crewList,
      Duration limit) {
    var keys = new GeneratedKeyHolder();
    jdbc.update(
        con -> {
          var ps =
              con.prepareStatement(
                  "INSERT INTO restoration (catalog_name, lost, event_kind, event_at, crews,"
                      + " created_by, created_at, crew_list, plan_state, plan_limit_ms) VALUES (?,"
                      + " ?, ?, ?, ?, ?, ?, ?, 'planning', ?)",
                  new String[] {"id"});
          ps.setString(1, name);
          ps.setString(2, String.join(" ", lost));
          ps.setString(3, event);
          ps.setObject(4, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
          ps.setInt(5, crewObjects.size());
          ps.setString(6, actor);
          ps.setObject(7, now());
          ps.setString(8, crewList);
          ps.setLong(9, limit.toMillis());
          return ps;
        },
        keys);
    return keys.getKey().longValue();
  }

  /**
   * Marks restorations a stopped server left {@code planning} as {@code interrupted} (audited),
   * once per process and before this process starts any: their plan was never finished, so none of
   * it is used; the restoration under way before them stays under way.
   */
  @org.springframework.context.event.EventListener(
      org.springframework.boot.context.event.ApplicationReadyEvent.class)
  public void settleInterrupted() {
    if (settled) {
      return;
    }
    synchronized (startLock) {
      if (settled) {
        return;
      }
      var ids =
          jdbc.queryForList(
              "SELECT id FROM restoration WHERE plan_state = 'planning' ORDER BY id", Long.class);
      for (long id : ids) {
        tx.executeWithoutResult(
            s -> {
              int n =
                  jdbc.update(
                      "UPDATE restoration SET plan_state = 'interrupted', plan_detail = ?,"
                          + " closed_at = ? WHERE id = ? AND plan_state = 'planning'",
                      INTERRUPTED,
                      now(),
                      id);
              if (n == 1) {
                audit.append(ACTOR, "recovery.start-interrupted", "restoration:" + id, INTERRUPTED);
              }
            });
        LOG.warn("restoration {} was being planned when the server stopped: {}", id, INTERRUPTED);
      }
      settled = true;
    }
  }

  static final String INTERRUPTED =
      "the server stopped before the plan was ready; nothing of this restoration is used (the one"
          + " under way, if any, stays): start it again";

  /** Refused: another restoration is being planned (one at a time). */
  public static final class StartInProgressException extends IllegalStateException {
    private final long planning;

    StartInProgressException(long planning, String message) {
      super(message);
      this.planning = planning;
    }

    /** The restoration being planned. */
    public long planning() {
      return planning;
    }
  }

  /**
   * A restoration being started, as the server is doing it: {@code planning} (the planner stops at
   * {@code planLimit} at the latest, sooner when its plan is provably close to the best), {@code
   * saving} the plan (waits for crews' reports being recorded), then {@code done}; its {@code
   * state} is {@code planning} until it is {@code planned} or {@code failed} (with the reason).
   */
  public static final class Starting {
    private final long id;
    private final String requestedBy;
    private final List<String> lost;
    private final String event;
    private final int crews;
    private final Instant startedAt;
    private final Duration planLimit;
    private volatile String phase;
    private volatile Instant phaseAt;
    private volatile String state = "planning";
    private volatile String detail;
    private final java.util.concurrent.CompletableFuture<Restoration> result =
        new java.util.concurrent.CompletableFuture<>();

    Starting(
        long id,
        String requestedBy,
        List<String> lost,
        String event,
        int crews,
        Instant startedAt,
        Duration planLimit,
        String phase) {
      this.id = id;
      this.requestedBy = requestedBy;
      this.lost = lost;
      this.event = event;
      this.crews = crews;
      this.startedAt = startedAt;
      this.planLimit = planLimit;
      this.phase = phase;
      this.phaseAt = startedAt;
    }

    void phase(String p) {
      phaseAt = Instant.now();
      phase = p;
    }

    void settle(String endState) {
      state = endState;
    }

    void finish(String endState, String why, Object outcome) {
      detail = why;
      state = endState;
      phase("done");
      if (outcome instanceof Restoration r) {
        result.complete(r);
      } else if (outcome instanceof RuntimeException e) {
        result.completeExceptionally(e);
      } else if (outcome instanceof Throwable t) {
        result.completeExceptionally(t);
      } else {
        result.completeExceptionally(new IllegalStateException(why));
      }
    }

    /**
     * Waits for the plan and returns the restoration under way.
     *
     * @throws InputException or IllegalArgumentException as planning threw it
     */
    public Restoration await() {
      try {
        return result.join();
      } catch (java.util.concurrent.CompletionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        if (e.getCause() instanceof Error err) {
          throw err;
        }
        throw e;
      }
    }

    /** True while the planner works on it (planning or saving). */
    public boolean active() {
      return "planning".equals(state);
    }

    public long id() {
      return id;
    }

    public String requestedBy() {
      return requestedBy;
    }

    public List<String> lost() {
      return lost;
    }

    public String event() {
      return event;
    }

    public int crews() {
      return crews;
    }

    public String phase() {
      return phase;
    }

    /** {@code planning}, {@code planned} or {@code failed}. */
    public String state() {
      return state;
    }

    /** Why it failed, or null. */
    public String detail() {
      return detail;
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
  private volatile boolean settled;
  private final Object startLock = new Object();

  /** The restoration being started now, while its plan is being made. */
  public Optional<Starting> starting() {
    Starting s = starting;
    return s != null && s.active() ? Optional.of(s) : Optional.empty();
  }

  /**
   * How a restoration's start went, from the store (and, while it plans in this process, the
   * planner's phase): {@code state} planning, planned, failed or interrupted.
   */
  public record StartStatus(
      long id,
      String state,
      String phase,
      String requestedBy,
      Instant requestedAt,
      String event,
      List<String> lost,
      int crews,
      Duration planLimit,
      Instant phaseAt,
      Instant plannedAt,
      String detail,
      boolean underWay) {}

  /** The start of restoration {@code id}, if there is one. */
  public Optional<StartStatus> startStatus(long id) {
    settleInterrupted();
    return startRows("WHERE id = ?", id).stream().findFirst();
  }

  /** The latest restoration asked for and how its start went. */
  public Optional<StartStatus> latestStart() {
    settleInterrupted();
    return startRows("ORDER BY id DESC LIMIT 1").stream().findFirst();
  }

  private List<StartStatus> startRows(String where, Object... args) {
    Starting live = starting;
    return jdbc.query(
        "SELECT id, plan_state, created_by, created_at, event_kind, lost, crews, plan_limit_ms,"
            + " planned_at, plan_detail, closed_at FROM restoration "
            + where,
        (rs, i) -> {
          long id = rs.getLong("id");
          String state = rs.getString("plan_state");
          OffsetDateTime requested = rs.getObject("created_at", OffsetDateTime.class);
          OffsetDateTime planned = rs.getObject("planned_at", OffsetDateTime.class);
          Number limitMs = (Number) rs.getObject("plan_limit_ms");
          boolean open = rs.getObject("closed_at") == null;
          // while this process plans it, the planner's own state (the store says planned a
          // moment before the restoration is in use)
          boolean liveOne = live != null && live.id() == id && live.active();
          if (liveOne) {
            state = "planning";
          }
          return new StartStatus(
              id,
              state,
              liveOne ? live.phase() : "planning".equals(state) ? "planning" : "done",
              rs.getString("created_by"),
              requested == null ? null : requested.toInstant(),
              rs.getString("event_kind"),
              List.of(rs.getString("lost").split(" ")),
              rs.getInt("crews"),
              limitMs == null ? null : Duration.ofMillis(limitMs.longValue()),
              liveOne ? live.phaseAt() : null,
              planned == null ? null : planned.toInstant(),
              rs.getString("plan_detail"),
              open && "planned".equals(state));
        },
        args);
  }

  private static final tools.jackson.databind.json.JsonMapper JSON =
      tools.jackson.databind.json.JsonMapper.builder().build();

  static String crewJson(List<Crew> crews) {
    return JSON.writeValueAsString(CrewsFile.describe(crews));
  }

  /** Makes the planned restoration the one under way (the previous one is closed), audited. */
  private Restoration record(Starting progress, Restoration planned) {
    String actor = progress.requestedBy();
    long id = planned.id();
    tx.executeWithoutResult(
        s -> {
          int n =
              jdbc.update(
                  "UPDATE restoration SET plan_state = 'planned', planned_at = ? WHERE id = ? AND"
                      + " plan_state = 'planning'",
                  now(),
                  id);
          if (n != 1) {
            throw new IllegalStateException(
                "restoration " + id + " is no longer being planned; its plan is not used");
          }
          jdbc.update(
              "UPDATE restoration SET closed_at = ? WHERE closed_at IS NULL AND id <> ?",
              now(),
              id);
          audit.append(
              actor,
              "recovery.started",
              "restoration:" + id,
              planned.event()
                  + " "
                  + String.join(" ", planned.lost())
                  + " crews="
                  + planned.crews()
                  + " tasks="
                  + planned.problem().tasks().size());
        });
    current = planned;
    planBasis = planned.tracker().history().size();
    rebuilt = true;
    try {
      publish(current);
    } catch (RuntimeException e) {
      // the restoration is under way (stored and audited); the public page catches up at the
      // next report or re-plan
      LOG.error("restoration {}: the public status page was not updated", id, e);
    }
    // planned from here on (another start may begin): only now, so that whoever sees it planned
    // finds the new restoration under way and on the public status page
    progress.settle("planned");
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
            planBasis = current.tracker().history().size();
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
                + " closed_at IS NULL AND plan_state = 'planned' ORDER BY id DESC LIMIT 1");
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
    Restoration r = current().orElseThrow(this::noneUnderWay);
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

  /** Why there is nothing to report to: none started, or the first one still being planned. */
  private IllegalArgumentException noneUnderWay() {
    Starting s = starting;
    return new IllegalArgumentException(
        s != null && s.active()
            ? "no restoration under way yet: restoration "
                + s.id()
                + " is being planned; report once its plan is ready"
            : "no restoration under way");
  }

  /** Re-plans in the background with reported work pinned; reports arriving meanwhile coalesce. */
  public void replanSoon() {
    if (replanQueued.compareAndSet(false, true)) {
      planner.execute(
          () -> {
            // counted as running before the queue flag drops, so replanning() never blinks false
            replansRunning.incrementAndGet();
            replanQueued.set(false);
            try {
              replanNow();
            } finally {
              replansRunning.decrementAndGet();
            }
          });
    }
  }

  /**
   * Whether a background re-plan is queued or running: the plan shown now is about to be replaced
   * (the console waits for the last one instead of reloading once per re-plan).
   */
  public boolean replanning() {
    return replanQueued.get() || replansRunning.get() > 0;
  }

  /** Re-plans now (blocking) and returns the new plan's restoration. */
  public Restoration replanNow() {
    Restoration r = current;
    if (r == null) {
      throw new IllegalArgumentException("no restoration under way");
    }
    int basis = r.tracker().history().size();
    RestorationPlan p = plan(r, replanLimit);
    synchronized (this) {
      if (current != null && current.id() == r.id() && basis >= planBasis) {
        current = current.withPlan(p, Instant.now());
        planBasis = basis;
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
    startPlanner.shutdownNow();
  }
}
