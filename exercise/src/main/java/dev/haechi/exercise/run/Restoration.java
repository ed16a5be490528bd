package dev.haechi.exercise.run;

import dev.haechi.core.Finding;
import dev.haechi.exercise.scenario.Inject;
import dev.haechi.resilience.catalog.Catalog;
import dev.haechi.resilience.catalog.PowerAsset;
import dev.haechi.resilience.graph.CatalogGraph;
import dev.haechi.resilience.recovery.Crew;
import dev.haechi.resilience.recovery.PlanOutcome;
import dev.haechi.resilience.recovery.PlannedTask;
import dev.haechi.resilience.recovery.PlannerOptions;
import dev.haechi.resilience.recovery.RestorationPlan;
import dev.haechi.resilience.recovery.RestorationPlanner;
import dev.haechi.resilience.recovery.RestorationProblem;
import dev.haechi.resilience.risk.AssessmentResult;
import dev.haechi.resilience.risk.RiskAssessment;
import dev.haechi.resilience.simulation.DataLoss;
import dev.haechi.resilience.simulation.Event;
import dev.haechi.resilience.simulation.Loss;
import dev.haechi.resilience.simulation.LossKind;
import dev.haechi.resilience.simulation.Scenario;
import dev.haechi.resilience.simulation.SimulationResult;
import dev.haechi.resilience.simulation.Simulator;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A failure inject through the resilience engine: the {@link Simulator} says what stops and burns,
 * the {@link RestorationPlanner} plans it back for the inject's crews, and the risk assessment as
 * of the scenario's start says which open findings touched what was lost.
 */
final class Restoration {
  /** Finding types that, acted on, would have prevented or contained a loss. */
  static final Set<String> PREVENTIVE =
      Set.of(
          "battery-past-life",
          "battery-past-warranty",
          "recommendation-open",
          "battery-shares-zone-with-critical",
          "no-backup",
          "backup-colocated",
          "single-zone-critical",
          "dependency-spof",
          "rpo-unachievable");

  private final Catalog catalog;
  private final CatalogGraph graph;
  private AssessmentResult assessment;

  Restoration(Catalog catalog) {
    this.catalog = catalog;
    this.graph = CatalogGraph.compile(catalog);
  }

  InjectResult apply(Inject inj, Instant at, Duration timeLimit, java.time.LocalDate assessedOn) {
    Event event =
        switch (inj.type()) {
          case FIRE -> Event.FIRE;
          case POWER_LOSS -> Event.POWER;
          default -> Event.COOLING;
        };
    String zone = inj.string("zone");
    Loss loss =
        zone != null
            ? new Loss(LossKind.ZONE, zone)
            : new Loss(LossKind.ASSET, inj.string("asset"));
    SimulationResult sim =
        new Simulator(graph).run(new Scenario(List.of(loss), event, at)).toResult();
    int crews = (int) inj.number("crews", 10);
    Set<String> destroyedSystems = new HashSet<>();
    for (String d : sim.destroyed()) {
      if (d.startsWith("component:") || d.startsWith("resource:")) {
        destroyedSystems.add(d);
      }
    }
    Set<String> affected = new HashSet<>(sim.stopped());
    affected.addAll(destroyedSystems);
    List<Finding> findings = findings(inj, affected, sim, assessedOn);
    if (affected.isEmpty()) {
      return new InjectResult(
          inj,
          Outcome.PREVENTED,
          at,
          null,
          null,
          null,
          0,
          0,
          List.of(),
          "nothing stopped: every system had a running placement elsewhere",
          null,
          0,
          0,
          Duration.ZERO,
          0,
          List.of(),
          findings,
          null);
    }
    RestorationProblem problem = RestorationProblem.fromSimulation(catalog, sim, Crew.count(crews));
    PlanOutcome planned = RestorationPlanner.plan(problem, PlannerOptions.withTimeLimit(timeLimit));
    Duration grade1 = null;
    List<RestorationPoint> curve = new ArrayList<>();
    String note;
    int lostForGood = (int) sim.dataLoss().stream().filter(DataLoss::lostForGood).count();
    if (planned instanceof PlanOutcome.Planned p) {
      RestorationPlan plan = p.plan();
      grade1 = Duration.ZERO;
      for (PlannedTask t : plan.tasks()) {
        if (t.grade() == 1 && t.finish().compareTo(grade1) > 0) {
          grade1 = t.finish();
        }
      }
      List<PlannedTask> byFinish = new ArrayList<>(plan.tasks());
      byFinish.sort(Comparator.comparing(PlannedTask::finish));
      int n = byFinish.size();
      curve.add(new RestorationPoint(Duration.ZERO, 0, n));
      for (int k = 0; k < n; k++) {
        if (k + 1 < n && byFinish.get(k + 1).finish().equals(byFinish.get(k).finish())) {
          continue;
        }
        curve.add(new RestorationPoint(byFinish.get(k).finish(), k + 1, n));
      }
      note =
          String.format(
              "%d systems to restore by %d crews; plan makespan %s (no plan can finish before %s;"
                  + " this one is %.1f%% above that)",
              n,
              crews,
              hours(plan.makespan()),
              hours(Duration.ofMinutes(plan.bounds().makespan())),
              plan.makespanGapPercent());
    } else {
      PlanOutcome.Infeasible inf = (PlanOutcome.Infeasible) planned;
      note =
          "no restoration plan: "
              + String.join("; ", inf.reasons().stream().map(r -> r.reason()).limit(3).toList());
    }
    String why =
        String.format(
            "The %s: %d systems stopped, %d destroyed, %d data sets lost for good",
            where(inj, zone), sim.stopped().size(), destroyedSystems.size(), lostForGood);
    return new InjectResult(
        inj,
        Outcome.IMPACT,
        at,
        null,
        null,
        null,
        0,
        0,
        List.of(),
        why,
        null,
        sim.stopped().size(),
        destroyedSystems.size(),
        grade1,
        problem.tasks().size(),
        curve,
        findings,
        note);
  }

  /**
   * The open findings, as of the scenario's start, about the lost zone, the power assets standing
   * in it or feeding it, and the systems it stopped or burned: the ones that, acted on, would have
   * prevented or contained this loss.
   */
  private List<Finding> findings(
      Inject inj, Set<String> affected, SimulationResult sim, java.time.LocalDate on) {
    if (assessment == null) {
      assessment = RiskAssessment.assess(graph, on);
    }
    Set<String> touched = new HashSet<>(affected);
    String zone = inj.string("zone");
    if (zone == null) {
      catalog.powerAsset(inj.string("asset")).ifPresent(a -> touched.add(a.ref().toString()));
    } else {
      for (PowerAsset a : catalog.powerAssets()) {
        if (zone.equals(a.zone()) || a.feeds().contains(zone)) {
          touched.add(a.ref().toString());
        }
      }
    }
    for (DataLoss d : sim.dataLoss()) {
      touched.add(d.entity());
    }
    List<Finding> out = new ArrayList<>();
    for (Finding f : assessment.findings()) {
      if (PREVENTIVE.contains(f.type())
          && (touched.contains(f.subject().get("entity"))
              || (zone != null && zone.equals(f.subject().get("zone"))))) {
        out.add(f);
      }
    }
    out.sort(
        Comparator.comparing((Finding f) -> f.severity().ordinal())
            .thenComparing(Finding::type)
            .thenComparing(f -> String.valueOf(f.subject().get("entity"))));
    return out;
  }

  /** Where a failure struck, in words: a fire on an asset burns the zone it stands in. */
  private String where(Inject inj, String zone) {
    String what =
        switch (inj.type()) {
          case FIRE -> "fire";
          case POWER_LOSS -> "power loss";
          default -> "cooling loss";
        };
    if (zone != null) {
      return what + " in zone " + zone;
    }
    String asset = inj.string("asset");
    String assetZone = catalog.powerAsset(asset).map(PowerAsset::zone).orElse(null);
    return what
        + " at "
        + asset
        + (inj.type() == dev.haechi.exercise.scenario.InjectType.FIRE && assetZone != null
            ? " burned its room, zone " + assetZone
            : "");
  }

  static String hours(Duration d) {
    return String.format("%.1f h", d.toMinutes() / 60.0);
  }

  static java.time.LocalDate day(Instant t) {
    return t.atZone(ZoneOffset.UTC).toLocalDate();
  }
}
