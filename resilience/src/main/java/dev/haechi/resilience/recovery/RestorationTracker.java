package dev.haechi.resilience.recovery;

import dev.haechi.core.InputException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The live state of a restoration: each system's state with its timestamped history, the totals per
 * grade, and the restoration curve (actual, and planned from a {@link RestorationPlan}) for a
 * chart. Every system starts {@link SystemState#DOWN} at the event. Updates for unknown systems,
 * transitions {@link SystemState#mayBecome} does not allow (such as finishing what was never
 * started, or restored → restoring without degrading first) and updates dated before the event or
 * before the system's last update are refused with an {@link InputException} that says why; nothing
 * changes then. Thread-safe.
 */
public final class RestorationTracker {
  private static final String SOURCE = "restoration update";

  private final Instant event;
  private final Map<String, Integer> grades;
  private final Map<String, SystemState> states = new LinkedHashMap<>();
  private final Map<String, List<StateTransition>> history = new LinkedHashMap<>();
  private final List<StateTransition> all = new ArrayList<>();

  /**
   * @param grades every system tracked, with its grade (0 = ungraded)
   */
  public RestorationTracker(Instant event, Map<String, Integer> grades) {
    this.event = Objects.requireNonNull(event, "event");
    this.grades = Map.copyOf(grades);
    for (String s : new TreeMap<>(grades).keySet()) {
      states.put(s, SystemState.DOWN);
      history.put(s, new ArrayList<>());
    }
  }

  /** Tracks every task of a problem. */
  public static RestorationTracker of(RestorationProblem problem, Instant event) {
    Map<String, Integer> grades = new LinkedHashMap<>();
    for (RestorationTask t : problem.tasks()) {
      grades.put(t.system(), t.grade());
    }
    return new RestorationTracker(event, grades);
  }

  public Instant event() {
    return event;
  }

  /** A crew starts restoring a system (down or degraded → restoring). */
  public StateTransition start(String system, String crew, Instant at) {
    if (crew == null || crew.isBlank()) {
      throw new InputException(SOURCE, 0, "starting " + system + " needs the crew that does it");
    }
    return record(system, SystemState.RESTORING, at, crew, null);
  }

  /** A crew finishes restoring a system (restoring or degraded → restored). */
  public StateTransition finish(String system, String crew, Instant at) {
    return record(system, SystemState.RESTORED, at, crew, null);
  }

  /** A system runs but impaired. */
  public StateTransition degrade(String system, Instant at, String note) {
    return record(system, SystemState.DEGRADED, at, null, note);
  }

  /**
   * Records a transition.
   *
   * @throws InputException naming the system and why the update is refused
   */
  public synchronized StateTransition record(
      String system, SystemState to, Instant at, String crew, String note) {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(at, "at");
    SystemState from = states.get(system);
    if (from == null) {
      throw new InputException(SOURCE, 0, "unknown system " + system + " (not being restored)");
    }
    if (at.isBefore(event)) {
      throw new InputException(
          SOURCE, 0, system + ": update at " + at + " is before the event at " + event);
    }
    List<StateTransition> h = history.get(system);
    if (!h.isEmpty() && at.isBefore(h.get(h.size() - 1).at())) {
      throw new InputException(
          SOURCE,
          0,
          system
              + ": update at "
              + at
              + " is before its last update at "
              + h.get(h.size() - 1).at()
              + " (out of order)");
    }
    if (!from.mayBecome(to)) {
      throw new InputException(SOURCE, 0, system + ": " + refusal(from, to));
    }
    StateTransition t = new StateTransition(system, from, to, at, crew, note);
    states.put(system, to);
    h.add(t);
    all.add(t);
    return t;
  }

  private static String refusal(SystemState from, SystemState to) {
    String move = from.label() + " → " + to.label() + " refused: ";
    if (from == to) {
      return move + "it is already " + to.label();
    }
    if (from == SystemState.DOWN && (to == SystemState.RESTORED || to == SystemState.DEGRADED)) {
      return move + "its restoration was never started";
    }
    if (from == SystemState.RESTORED && to == SystemState.RESTORING) {
      return move + "it is restored; report it degraded or down first";
    }
    return move + "not a transition a restoration makes";
  }

  public synchronized SystemState state(String system) {
    SystemState s = states.get(system);
    if (s == null) {
      throw new InputException(SOURCE, 0, "unknown system " + system + " (not being restored)");
    }
    return s;
  }

  /** A system's accepted transitions, oldest first. */
  public synchronized List<StateTransition> history(String system) {
    state(system);
    return List.copyOf(history.get(system));
  }

  /** Every accepted transition, in the order accepted. */
  public synchronized List<StateTransition> history() {
    return List.copyOf(all);
  }

  public synchronized RestorationProgress progress() {
    int restored = 0;
    int degraded = 0;
    int restoring = 0;
    Map<Integer, int[]> byGrade = new TreeMap<>();
    for (Map.Entry<String, SystemState> e : states.entrySet()) {
      int grade = normal(grades.get(e.getKey()));
      int[] g = byGrade.computeIfAbsent(grade, k -> new int[2]);
      g[1]++;
      switch (e.getValue()) {
        case RESTORED:
          restored++;
          g[0]++;
          break;
        case DEGRADED:
          degraded++;
          break;
        case RESTORING:
          restoring++;
          break;
        default:
          break;
      }
    }
    List<RestorationProgress.GradeProgress> grades = new ArrayList<>();
    for (Map.Entry<Integer, int[]> e : byGrade.entrySet()) {
      if (e.getKey() != 0) {
        grades.add(
            new RestorationProgress.GradeProgress(e.getKey(), e.getValue()[0], e.getValue()[1]));
      }
    }
    if (byGrade.containsKey(0)) {
      int[] u = byGrade.get(0);
      grades.add(new RestorationProgress.GradeProgress(0, u[0], u[1]));
    }
    return new RestorationProgress(restored, degraded, restoring, states.size(), grades);
  }

  private static int normal(Integer grade) {
    return grade != null && grade >= 1 && grade <= 4 ? grade : 0;
  }

  /** The restored count after each accepted change of it, starting with 0 at the event. */
  public synchronized List<CurvePoint> actualCurve() {
    List<CurvePoint> out = new ArrayList<>();
    out.add(new CurvePoint(Duration.ZERO, 0));
    List<StateTransition> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparing(StateTransition::at));
    int restored = 0;
    for (StateTransition t : sorted) {
      int before = restored;
      if (t.to() == SystemState.RESTORED) {
        restored++;
      }
      if (t.from() == SystemState.RESTORED) {
        restored--;
      }
      if (restored != before) {
        addPoint(out, Duration.between(event, t.at()), restored);
      }
    }
    return out;
  }

  /** The plan's restored count over time: one point per distinct finish time, 0 at the event. */
  public static List<CurvePoint> plannedCurve(RestorationPlan plan) {
    List<Duration> finishes = plan.tasks().stream().map(PlannedTask::finish).sorted().toList();
    List<CurvePoint> out = new ArrayList<>();
    out.add(new CurvePoint(Duration.ZERO, 0));
    for (int k = 0; k < finishes.size(); k++) {
      addPoint(out, finishes.get(k), k + 1);
    }
    return out;
  }

  private static void addPoint(List<CurvePoint> out, Duration at, int restored) {
    CurvePoint last = out.get(out.size() - 1);
    if (last.sinceEvent().equals(at)) {
      out.set(out.size() - 1, new CurvePoint(at, restored));
    } else {
      out.add(new CurvePoint(at, restored));
    }
  }

  /**
   * What the crews have reported, as the planner's input for {@link RestorationPlanner#replan}:
   * systems being restored are started (at their last start, by its crew); restored and degraded
   * ones are finished (at the time they last came back).
   */
  public synchronized ReportedProgress reportedProgress(Instant now) {
    if (now.isBefore(event)) {
      throw new InputException(SOURCE, 0, "now (" + now + ") is before the event at " + event);
    }
    List<ReportedProgress.StartedWork> started = new ArrayList<>();
    List<ReportedProgress.FinishedWork> finished = new ArrayList<>();
    for (Map.Entry<String, SystemState> e : states.entrySet()) {
      List<StateTransition> h = history.get(e.getKey());
      StateTransition last = h.isEmpty() ? null : h.get(h.size() - 1);
      if (e.getValue() == SystemState.RESTORING) {
        started.add(
            new ReportedProgress.StartedWork(
                e.getKey(), last.crew(), Duration.between(event, last.at())));
      } else if (e.getValue() == SystemState.RESTORED || e.getValue() == SystemState.DEGRADED) {
        StateTransition back = lastBack(h);
        StateTransition begun = lastStart(h);
        finished.add(
            new ReportedProgress.FinishedWork(
                e.getKey(),
                begun == null ? null : begun.crew(),
                begun == null || begun.at().isAfter(back.at())
                    ? null
                    : Duration.between(event, begun.at()),
                Duration.between(event, back.at())));
      }
    }
    return new ReportedProgress(Duration.between(event, now), started, finished);
  }

  private static StateTransition lastBack(List<StateTransition> h) {
    for (int k = h.size() - 1; k >= 0; k--) {
      if (h.get(k).from() == SystemState.RESTORING || h.get(k).to() == SystemState.RESTORED) {
        return h.get(k);
      }
    }
    return h.get(h.size() - 1);
  }

  private static StateTransition lastStart(List<StateTransition> h) {
    for (int k = h.size() - 1; k >= 0; k--) {
      if (h.get(k).to() == SystemState.RESTORING) {
        return h.get(k);
      }
    }
    return null;
  }
}
