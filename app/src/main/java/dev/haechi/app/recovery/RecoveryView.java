package dev.haechi.app.recovery;

import dev.haechi.core.Durations;
import dev.haechi.resilience.recovery.CrewsFile;
import dev.haechi.resilience.recovery.CurvePoint;
import dev.haechi.resilience.recovery.PlannedTask;
import dev.haechi.resilience.recovery.RestorationPlan;
import dev.haechi.resilience.recovery.RestorationProgress;
import dev.haechi.resilience.recovery.RestorationTracker;
import dev.haechi.resilience.recovery.ServiceEta;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The restoration as the API and console show it: progress, plan figures, ETAs and curves. */
public final class RecoveryView {
  private RecoveryView() {}

  public static Map<String, Object> summary(Restoration r) {
    RestorationPlan p = r.plan();
    RestorationProgress progress = r.tracker().progress();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("catalog", r.catalog());
    m.put("event", r.event());
    m.put("lost", r.lost());
    m.put("eventAt", r.eventAt().toString());
    m.put("crews", r.crews());
    m.put("progress", progress.summary());
    m.put("restored", progress.restored());
    m.put("total", progress.total());
    m.put("byGrade", progress.byGrade());
    Map<String, Object> plan = new LinkedHashMap<>();
    plan.put("plannedAt", r.plannedAt() == null ? null : r.plannedAt().toString());
    plan.put("makespanHours", p.figures().makespan() / 60.0);
    plan.put("makespanBoundHours", p.bounds().makespan() / 60.0);
    plan.put("makespanGapPercent", p.makespanGapPercent());
    plan.put("weightedCompletion", p.figures().weightedCompletion());
    plan.put("weightedCompletionBound", p.bounds().weightedCompletion());
    plan.put("weightedGapPercent", p.weightedGapPercent());
    plan.put("greedyMakespanHours", p.greedy().makespan() / 60.0);
    plan.put("greedyWeightedCompletion", p.greedy().weightedCompletion());
    plan.put("rtoBreaches", p.figures().rtoBreaches());
    plan.put("solveSeconds", p.solveTime().toMillis() / 1000.0);
    plan.put("stoppedBecause", p.stoppedBecause());
    plan.put(
        "completeAt",
        r.eventAt().plus(java.time.Duration.ofMinutes(p.figures().makespan())).toString());
    m.put("plan", plan);
    List<Map<String, Object>> services = new ArrayList<>();
    for (ServiceEta s :
        p.serviceEtas().stream().sorted(java.util.Comparator.comparing(ServiceEta::eta)).toList()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("publicName", s.publicName());
      x.put("eta", r.eventAt().plus(s.eta()).toString());
      x.put("systems", s.systems());
      services.add(x);
    }
    m.put("services", services);
    // Additions (issue 14): the schedule as the CLI's plan JSON shows it (FORMATS.md §4 tasks:
    // entity, crew, start, end as durations after the event), the systems that keep running and
    // are rebuilt off the critical path, the tasks planned with the default restore effort, and
    // the crews with their sites and skills.
    m.put(
        "tasks",
        p.tasks().stream()
            .sorted(
                java.util.Comparator.comparing(PlannedTask::start)
                    .thenComparing(PlannedTask::system))
            .map(RecoveryView::task)
            .toList());
    m.put("rebuilds", r.problem().rebuilds());
    m.put("effortDefaulted", r.problem().effortDefaulted());
    m.put("crewList", CrewsFile.describe(r.problem().crews()));
    return m;
  }

  private static Map<String, Object> task(PlannedTask t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("entity", t.system());
    m.put("crew", t.crew());
    m.put("start", Durations.format(t.start()));
    m.put("end", Durations.format(t.finish()));
    m.put("grade", t.grade());
    m.put("status", t.status());
    m.put("rtoBreached", t.rtoBreached());
    return m;
  }

  /** Restored systems over hours since the event: as reported, and as planned. */
  public static Map<String, Object> curve(Restoration r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("actual", points(r.tracker().actualCurve()));
    m.put("planned", points(RestorationTracker.plannedCurve(r.plan())));
    m.put("total", r.problem().tasks().size());
    return m;
  }

  private static List<double[]> points(List<CurvePoint> curve) {
    return curve.stream()
        .map(c -> new double[] {c.sinceEvent().toMinutes() / 60.0, c.restored()})
        .toList();
  }
}
