package dev.haechi.resilience.simulation;

import dev.haechi.core.Durations;
import dev.haechi.core.InputException;
import dev.haechi.resilience.catalog.Backup;
import dev.haechi.resilience.catalog.Catalog;
import dev.haechi.resilience.catalog.EntityRef;
import dev.haechi.resilience.catalog.Placement;
import dev.haechi.resilience.catalog.PowerAsset;
import dev.haechi.resilience.catalog.Role;
import dev.haechi.resilience.catalog.Workload;
import dev.haechi.resilience.catalog.Zone;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The reference twin of {@link Simulator}: the same semantics written as directly as possible, over
 * the catalog's maps, iterating the stop rules until nothing changes. Quadratic; for tests and
 * small catalogs only. Its results must equal the fast simulator's on every catalog.
 */
public final class NaiveSimulator {
  private final Catalog catalog;

  public NaiveSimulator(Catalog catalog) {
    this.catalog = catalog;
  }

  /** Zones after a scenario: those that burned and those that stopped (burned ones included). */
  public record ZoneState(Set<String> burned, Set<String> down) {}

  /** Which zones burn and which stop in a scenario, by the same rules as {@link #run}. */
  public ZoneState zones(Scenario scenario) {
    Set<String> burned = new HashSet<>();
    Set<String> down = new HashSet<>();
    fixedPoint(scenario, burned, down);
    return new ZoneState(Set.copyOf(burned), Set.copyOf(down));
  }

  public SimulationResult run(Scenario scenario) {
    Set<String> burned = new HashSet<>();
    Set<String> down = new HashSet<>();
    fixedPoint(scenario, burned, down);
    return result(scenario, burned, down);
  }

  private void fixedPoint(Scenario scenario, Set<String> burned, Set<String> down) {
    Set<String> fired = new HashSet<>();
    Set<String> cutPower = new HashSet<>();
    Set<String> cutCooling = new HashSet<>();
    Set<String> assetsLost = new HashSet<>();
    for (Loss loss : scenario.losses()) {
      List<String> zones = new ArrayList<>();
      switch (loss.kind()) {
        case ZONE -> {
          Zone z =
              catalog
                  .zone(loss.name())
                  .orElseThrow(() -> new InputException("--lose", 0, "unknown zone"));
          zones.add(z.name());
        }
        case SITE -> {
          catalog
              .site(loss.name())
              .orElseThrow(() -> new InputException("--lose", 0, "unknown site"));
          for (Zone z : catalog.zones()) {
            if (loss.name().equals(z.site())) {
              zones.add(z.name());
            }
          }
        }
        case ASSET -> {
          PowerAsset a =
              catalog
                  .powerAsset(loss.name())
                  .orElseThrow(() -> new InputException("--lose", 0, "unknown asset"));
          if (scenario.event() == Event.FIRE && a.zone() != null) {
            fired.add(a.zone());
          } else {
            assetsLost.add(a.name());
          }
        }
      }
      switch (scenario.event()) {
        case FIRE -> fired.addAll(zones);
        case POWER -> cutPower.addAll(zones);
        case COOLING -> cutCooling.addAll(zones);
      }
    }
    // A zone shares the fate of every zone it is nested in.
    for (Zone z : catalog.zones()) {
      if (inAny(z, fired)) {
        burned.add(z.name());
      }
    }
    // Iterate the rules from nothing down until nothing changes (the least fixed point).
    Set<String> assetsDown = new HashSet<>(assetsLost);
    Set<String> powerless = new HashSet<>();
    boolean moved = true;
    while (moved) {
      moved = false;
      for (PowerAsset a : catalog.powerAssets()) {
        boolean isDown =
            (a.zone() != null && burned.contains(a.zone()))
                || (a.needsPower() && a.zone() != null && powerless.contains(a.zone()));
        if (isDown && assetsDown.add(a.name())) {
          moved = true;
        }
      }
      for (Zone z : catalog.zones()) {
        boolean noPower =
            burned.contains(z.name())
                || inAny(z, cutPower)
                || allFeedersDown(z, false, assetsDown)
                || (z.parent() != null && powerless.contains(z.parent()));
        if (noPower && powerless.add(z.name())) {
          moved = true;
        }
        boolean stops =
            powerless.contains(z.name())
                || inAny(z, cutCooling)
                || allFeedersDown(z, true, assetsDown)
                || (z.parent() != null && down.contains(z.parent()));
        if (stops && down.add(z.name())) {
          moved = true;
        }
      }
    }
  }

  private SimulationResult result(Scenario scenario, Set<String> burned, Set<String> down) {
    Set<EntityRef> stopped = new HashSet<>();
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Workload w : catalog.workloads()) {
        if (stopped.contains(w.ref())) {
          continue;
        }
        boolean noPlacementRuns =
            !w.placements().isEmpty()
                && w.placements().stream().allMatch(p -> down.contains(p.zone()));
        boolean dependencyStopped = w.dependsOn().stream().anyMatch(stopped::contains);
        if (noPlacementRuns || dependencyStopped) {
          stopped.add(w.ref());
          changed = true;
        }
      }
    }

    GradeTally tally = new GradeTally();
    List<String> stoppedRefs = new ArrayList<>();
    List<String> destroyed = new ArrayList<>();
    List<DataLoss> losses = new ArrayList<>();
    long at = scenario.at().getEpochSecond();
    for (Workload w : catalog.workloads()) {
      if (stopped.contains(w.ref())) {
        stoppedRefs.add(w.ref().toString());
        tally.stopped(w.grade());
      }
      if (w.placements().stream().noneMatch(p -> burned.contains(p.zone()))) {
        continue;
      }
      destroyed.add(w.ref().toString());
      tally.destroyed(w.grade());
      if (!catalog.holdsData(w)) {
        continue;
      }
      Long best = null;
      boolean unknownCopy = false;
      for (Placement p : w.placements()) {
        if (!burned.contains(p.zone())) {
          long loss = p.role() == Role.REPLICA_ASYNC ? w.replicaLag().getSeconds() : 0;
          best = best == null ? loss : Math.min(best, loss);
        }
      }
      for (Backup b : catalog.backupsOf(w.ref())) {
        if (burned.contains(b.zone())) {
          continue;
        }
        if (b.lastSuccess() == null) {
          unknownCopy = true; // it survives, so the data is not lost for good; how much is unknown
          continue;
        }
        long loss = Math.max(0, at - b.lastSuccess().getEpochSecond());
        best = best == null ? loss : Math.min(best, loss);
      }
      if (best == null && unknownCopy) {
        losses.add(new DataLoss(w.ref().toString(), DataLoss.UNKNOWN));
        tally.dataLoss(w.grade(), false);
      } else if (best == null) {
        losses.add(new DataLoss(w.ref().toString(), DataLoss.ALL));
        tally.dataLoss(w.grade(), true);
      } else if (best > 0) {
        losses.add(new DataLoss(w.ref().toString(), Durations.format(Duration.ofSeconds(best))));
        tally.dataLoss(w.grade(), false);
      }
    }
    for (Backup b : catalog.backups()) {
      if (burned.contains(b.zone())) {
        destroyed.add(b.ref().toString());
        tally.destroyedBackup();
      }
    }
    for (PowerAsset a : catalog.powerAssets()) {
      if (a.zone() != null && burned.contains(a.zone())) {
        destroyed.add(a.ref().toString());
        tally.destroyedAsset();
      }
    }
    stoppedRefs.sort(Comparator.naturalOrder());
    destroyed.sort(Comparator.naturalOrder());
    losses.sort(Comparator.comparing(DataLoss::entity));
    return new SimulationResult(stoppedRefs, destroyed, losses, tally.summary());
  }

  /** True when the zone, or a zone it is nested in, is in {@code names}. */
  private boolean inAny(Zone z, Set<String> names) {
    Set<String> seen = new HashSet<>();
    for (Zone at = z; at != null && seen.add(at.name()); ) {
      if (names.contains(at.name())) {
        return true;
      }
      at = at.parent() == null ? null : catalog.zone(at.parent()).orElse(null);
    }
    return false;
  }

  /** True when the zone has feeders of this need (power or cooling) and all of them are down. */
  private boolean allFeedersDown(Zone z, boolean cooling, Set<String> assetsDown) {
    List<PowerAsset> feeders =
        catalog.powerAssets().stream()
            .filter(a -> a.cooling() == cooling && a.feeds().contains(z.name()))
            .toList();
    return !feeders.isEmpty() && feeders.stream().allMatch(a -> assetsDown.contains(a.name()));
  }
}
