package dev.haechi.resilience.recovery;

import dev.haechi.core.InputException;
import dev.haechi.resilience.catalog.Catalog;
import dev.haechi.resilience.catalog.EntityRef;
import dev.haechi.resilience.catalog.PowerAsset;
import dev.haechi.resilience.catalog.Workload;
import dev.haechi.resilience.catalog.Zone;
import dev.haechi.resilience.simulation.DataLoss;
import dev.haechi.resilience.simulation.SimulationResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What must be restored and who can do it: one {@link RestorationTask} per stopped or burned system
 * and the {@link Crew}s. Immutable. A problem can be infeasible; {@link #infeasibilities()} says
 * why, naming the systems, and the planner then returns no schedule.
 *
 * <p>Built from a catalog and a simulation outcome by {@link #fromSimulation}: the tasks are the
 * components and resources that stopped (one that burned but keeps running on a surviving replica
 * or standby has no task: {@link #rebuilds()}); each waits for the stopped systems it depends on
 * ({@code spec.dependsOn}); its effort follows {@link EffortRule}; its weight is {@link
 * RestorationTask#weightOf(int) 1000/100/10/1} for grades 1/2/3/4; its site is that of its first
 * placement's zone and its skill its {@code spec.type}. Power and cooling assets the fire destroyed
 * are tasks too ({@code powerasset:default/NAME}, skill {@link #SKILL_POWER} or {@link
 * #SKILL_COOLING}), and a stopped system that did not burn waits for those that keep its zone down
 * ({@link AssetWaits}).
 */
public final class RestorationProblem {
  private final List<RestorationTask> tasks;
  private final List<Crew> crews;
  private final Map<String, Integer> index;
  private final int[][] predecessors;
  private final List<Infeasibility> infeasibilities;
  private final List<String> rebuilds;
  private final List<String> effortDefaulted;

  private RestorationProblem(List<RestorationTask> tasks, List<Crew> crews) {
    this(tasks, crews, List.of(), List.of());
  }

  private RestorationProblem(
      List<RestorationTask> tasks,
      List<Crew> crews,
      List<String> rebuilds,
      List<String> effortDefaulted) {
    this.rebuilds = List.copyOf(rebuilds);
    this.effortDefaulted = List.copyOf(effortDefaulted);
    this.tasks = List.copyOf(tasks);
    this.crews = List.copyOf(crews);
    Map<String, Integer> ix = new LinkedHashMap<>();
    for (RestorationTask t : this.tasks) {
      if (ix.put(t.system(), ix.size()) != null) {
        throw new InputException(
            "restoration tasks", 0, "system " + t.system() + " is listed twice");
      }
    }
    Set<String> crewNames = new HashSet<>();
    for (Crew c : this.crews) {
      if (!crewNames.add(c.name())) {
        throw new InputException("crews", 0, "crew " + c.name() + " is listed twice");
      }
    }
    this.index = java.util.Collections.unmodifiableMap(ix);
    this.predecessors = new int[this.tasks.size()][];
    for (int i = 0; i < this.tasks.size(); i++) {
      RestorationTask t = this.tasks.get(i);
      int[] p = new int[t.predecessors().size()];
      for (int k = 0; k < p.length; k++) {
        Integer j = ix.get(t.predecessors().get(k));
        if (j == null) {
          throw new InputException(
              "restoration tasks",
              0,
              t.system() + " waits for " + t.predecessors().get(k) + ", which is not a task");
        }
        p[k] = j;
      }
      predecessors[i] = p;
    }
    this.infeasibilities = FeasibilityCheck.check(this);
  }

  /**
   * A problem from tasks and crews made by the caller.
   *
   * @throws InputException when a system or crew is listed twice or a predecessor is not a task
   */
  public static RestorationProblem of(List<RestorationTask> tasks, List<Crew> crews) {
    return new RestorationProblem(tasks, crews);
  }

  /**
   * The restoration after a simulated (or real) event: a task per component or resource that the
   * outcome lists as stopped or destroyed.
   *
   * @throws InputException when the outcome names a system the catalog does not have
   */
  public static RestorationProblem fromSimulation(
      Catalog catalog, SimulationResult outcome, List<Crew> crews) {
    Map<EntityRef, Workload> affected = new LinkedHashMap<>();
    Set<EntityRef> destroyed = new HashSet<>();
    Set<EntityRef> lostForGood = new HashSet<>();
    for (DataLoss d : outcome.dataLoss()) {
      if (d.lostForGood()) {
        lostForGood.add(parse(d.entity()));
      }
    }
    TreeSet<EntityRef> refs = new TreeSet<>();
    for (String s : outcome.stopped()) {
      refs.add(parse(s));
    }
    List<String> rebuilds = new ArrayList<>();
    List<PowerAsset> destroyedAssets = new ArrayList<>();
    for (String s : outcome.destroyed()) {
      EntityRef r = parse(s);
      if (r.kind().equals("powerasset")) {
        catalog.powerAsset(r.name()).ifPresent(destroyedAssets::add);
        continue;
      }
      if (catalog.workload(r).isPresent()) {
        destroyed.add(r);
        if (!refs.contains(r)) {
          // still running on a surviving replica or standby: no restore task, and nothing waits
          // for it; only its lost placement is rebuilt, off the critical path
          rebuilds.add(r.toString());
        }
      }
    }
    for (EntityRef r : refs) {
      Workload w =
          catalog
              .workload(r)
              .orElseThrow(
                  () ->
                      new InputException(
                          "simulation outcome",
                          0,
                          r + " is not a component or resource of the catalog"));
      affected.put(r, w);
    }
    List<RestorationTask> tasks = new ArrayList<>();
    List<String> defaulted = new ArrayList<>();
    // Power and cooling assets the fire destroyed are tasks of their own; a system that stopped
    // without burning waits for those that keep the zone it comes back in down.
    AssetWaits waits =
        AssetWaits.compute(catalog, destroyedAssets.stream().map(PowerAsset::name).toList());
    for (PowerAsset a : destroyedAssets) {
      Duration e =
          a.restoreEffort() == null ? EffortRule.DEFAULT_RESTORE_EFFORT : a.restoreEffort();
      if (a.restoreEffort() == null) {
        defaulted.add(a.ref().toString());
      }
      tasks.add(
          new RestorationTask(
              a.ref().toString(),
              0,
              EffortRule.effort(e, EffortBasis.RESTORE),
              null,
              waits.assetTaskWaits(a.name()).stream()
                  .map(b -> EntityRef.of("powerasset", b).toString())
                  .toList(),
              a.zone() == null ? null : catalog.zone(a.zone()).map(Zone::site).orElse(null),
              a.cooling() ? SKILL_COOLING : SKILL_POWER,
              null,
              EffortBasis.RESTORE));
    }
    for (Workload w : affected.values()) {
      boolean burned = destroyed.contains(w.ref());
      EffortBasis basis = EffortRule.basis(w, burned, lostForGood.contains(w.ref()));
      if (w.restoreEffort() == null) {
        defaulted.add(w.ref().toString());
      }
      List<String> preds = new ArrayList<>();
      for (EntityRef d : w.dependsOn()) {
        if (affected.containsKey(d) && !d.equals(w.ref())) {
          preds.add(affected.get(d).ref().toString());
        }
      }
      if (!burned) {
        for (String asset : assetWaits(w, waits)) {
          preds.add(EntityRef.of("powerasset", asset).toString());
        }
      }
      String site =
          w.placements().isEmpty()
              ? null
              : catalog.zone(w.placements().get(0).zone()).map(Zone::site).orElse(null);
      tasks.add(
          new RestorationTask(
              w.ref().toString(),
              w.grade(),
              EffortRule.effort(w, basis),
              w.rto(),
              preds.stream().distinct().sorted().toList(),
              site,
              w.type(),
              w.publicName(),
              basis));
    }
    rebuilds.sort(null);
    return new RestorationProblem(tasks, crews, rebuilds, defaulted);
  }

  /** The skill of a power asset's task (a UPS, generator or feed): crews with it take them. */
  public static final String SKILL_POWER = "power";

  /** The skill of a cooling asset's task (a chiller, CRAC unit). */
  public static final String SKILL_COOLING = "cooling";

  /**
   * The destroyed assets a stopped system that did not burn waits for: those of the placement zone
   * that waits for the fewest (the first such placement on a tie); none when a placement's zone
   * waits for none (it stopped for another reason, and comes back without them).
   */
  static Set<String> assetWaits(Workload w, AssetWaits waits) {
    Set<String> best = null;
    for (var p : w.placements()) {
      Set<String> z = waits.zone(p.zone());
      if (best == null || z.size() < best.size()) {
        best = z;
      }
    }
    return best == null ? Set.of() : best;
  }

  /**
   * Systems that lost a placement to fire but kept running on a surviving replica or standby: they
   * have no task (nothing waits for them); their lost placement is rebuilt off the critical path.
   */
  public List<String> rebuilds() {
    return rebuilds;
  }

  /**
   * Tasks whose effort comes from {@link EffortRule#DEFAULT_RESTORE_EFFORT} because the catalog
   * gives the system no {@code haechi.dev/restore-effort}: planned, and flagged so.
   */
  public List<String> effortDefaulted() {
    return effortDefaulted;
  }

  private static EntityRef parse(String ref) {
    try {
      return EntityRef.parse(ref, null, EntityRef.DEFAULT_NAMESPACE);
    } catch (IllegalArgumentException e) {
      throw new InputException("simulation outcome", 0, e.getMessage());
    }
  }

  /** The same tasks with other crews (e.g. when crews arrive or leave). */
  public RestorationProblem withCrews(List<Crew> newCrews) {
    return new RestorationProblem(tasks, newCrews, rebuilds, effortDefaulted);
  }

  public List<RestorationTask> tasks() {
    return tasks;
  }

  public List<Crew> crews() {
    return crews;
  }

  /** The task of a system, if it is one. */
  public Optional<RestorationTask> task(String system) {
    Integer i = index.get(system);
    return i == null ? Optional.empty() : Optional.of(tasks.get(i));
  }

  /** Position of a system's task in {@link #tasks()}, or -1. */
  public int indexOf(String system) {
    Integer i = index.get(system);
    return i == null ? -1 : i;
  }

  /** Indices of the tasks task {@code i} waits for. */
  int[] predecessorsOf(int i) {
    return predecessors[i];
  }

  /** Empty when a plan exists; otherwise each reason, with the entities that make it so. */
  public List<Infeasibility> infeasibilities() {
    return infeasibilities;
  }

  public boolean feasible() {
    return infeasibilities.isEmpty();
  }

  /** Public name → the systems that carry it, for ETAs per public service. */
  public Map<String, List<String>> publicServices() {
    Map<String, List<String>> m = new java.util.TreeMap<>();
    for (RestorationTask t : tasks) {
      if (t.publicName() != null) {
        m.computeIfAbsent(t.publicName(), k -> new ArrayList<>()).add(t.system());
      }
    }
    m.replaceAll((k, v) -> List.copyOf(v));
    return java.util.Collections.unmodifiableMap(m);
  }
}
