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

  public SimulationResult run(Scenario scenario) {
    boolean fire = scenario.event() == Event.FIRE;
    Set<String> burned = new HashSet<>();
    Set<String> cut = new HashSet<>();
    Set<String> assetsDown = new HashSet<>();
    for (Loss loss : scenario.losses()) {
      switch (loss.kind()) {
        case ZONE -> {
          Zone z =
              catalog
                  .zone(loss.name())
                  .orElseThrow(() -> new InputException("--lose", 0, "unknown zone"));
          (fire ? burned : cut).add(z.name());
        }
        case SITE -> {
          catalog
              .site(loss.name())
              .orElseThrow(() -> new InputException("--lose", 0, "unknown site"));
          for (Zone z : catalog.zones()) {
            if (loss.name().equals(z.site())) {
              (fire ? burned : cut).add(z.name());
            }
          }
        }
        case ASSET -> {
          PowerAsset a =
              catalog
                  .powerAsset(loss.name())
                  .orElseThrow(() -> new InputException("--lose", 0, "unknown asset"));
          if (fire && a.zone() != null) {
            burned.add(a.zone());
          } else {
            assetsDown.add(a.name());
          }
        }
      }
    }
    for (PowerAsset a : catalog.powerAssets()) {
      if (a.zone() != null && burned.contains(a.zone())) {
        assetsDown.add(a.name());
      }
    }
    Set<String> down = new HashSet<>(burned);
    down.addAll(cut);
    for (Zone z : catalog.zones()) {
      for (boolean cooling : new boolean[] {false, true}) {
        List<PowerAsset> feeders =
            catalog.powerAssets().stream()
                .filter(a -> a.cooling() == cooling && a.feeds().contains(z.name()))
                .toList();
        if (!feeders.isEmpty() && feeders.stream().allMatch(a -> assetsDown.contains(a.name()))) {
          down.add(z.name());
        }
      }
    }

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
        Long loss = null;
        if (b.lastSuccess() != null) {
          loss = Math.max(0, at - b.lastSuccess().getEpochSecond());
        } else if (b.interval() != null) {
          loss = b.interval().getSeconds();
        }
        if (loss != null) {
          best = best == null ? loss : Math.min(best, loss);
        }
      }
      if (best == null) {
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
}
