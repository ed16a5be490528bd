package dev.haechi.resilience.simulation;

import dev.haechi.core.Durations;
import dev.haechi.resilience.graph.CatalogGraph;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The reach of one scenario in index form (indices into a {@link CatalogGraph}): what stopped, what
 * burned, and how much data each entity lost ({@code -1} seconds = all, {@code -2} = a copy
 * survives but its loss is unknown). Cheap to produce; turn it into the reported shape with {@link
 * #toResult()}.
 */
public final class BlastRadius {
  /** Loss seconds meaning no copy survives: the data is lost for good. */
  static final long ALL_LOST = -1;

  /** Loss seconds meaning a copy survives but how much it lacks is not known. */
  static final long UNKNOWN_LOSS = -2;

  private final CatalogGraph graph;
  private final int[] stopped;
  private final int[] destroyedWorkloads;
  private final int[] destroyedBackups;
  private final int[] destroyedAssets;
  private final int[] lossWorkloads;
  private final long[] lossSeconds;

  BlastRadius(
      CatalogGraph graph,
      int[] stopped,
      int[] destroyedWorkloads,
      int[] destroyedBackups,
      int[] destroyedAssets,
      int[] lossWorkloads,
      long[] lossSeconds) {
    this.graph = graph;
    this.stopped = stopped;
    this.destroyedWorkloads = destroyedWorkloads;
    this.destroyedBackups = destroyedBackups;
    this.destroyedAssets = destroyedAssets;
    this.lossWorkloads = lossWorkloads;
    this.lossSeconds = lossSeconds;
  }

  public int stoppedCount() {
    return stopped.length;
  }

  /** Indices of stopped components and resources (a copy). */
  public int[] stopped() {
    return stopped.clone();
  }

  public int destroyedCount() {
    return destroyedWorkloads.length;
  }

  /** Indices of components and resources with a placement that burned (a copy). */
  public int[] destroyedWorkloads() {
    return destroyedWorkloads.clone();
  }

  /** Grade-weighted impact: stopped entities plus entities whose data is lost for good. */
  public long impact(ImpactWeights w) {
    long sum = 0;
    for (int i : stopped) {
      sum += w.of(graph.grade(i));
    }
    for (int k = 0; k < lossWorkloads.length; k++) {
      if (lossSeconds[k] == ALL_LOST) {
        sum += w.of(graph.grade(lossWorkloads[k]));
      }
    }
    return sum;
  }

  public int dataLostForGoodCount() {
    int n = 0;
    for (long s : lossSeconds) {
      if (s == ALL_LOST) {
        n++;
      }
    }
    return n;
  }

  /** Counts per grade, as in {@link SimulationResult#summary()}. */
  public SimulationSummary summary() {
    GradeTally t = new GradeTally();
    for (int i : stopped) {
      t.stopped(graph.grade(i));
    }
    for (int i : destroyedWorkloads) {
      t.destroyed(graph.grade(i));
    }
    for (int k = 0; k < lossWorkloads.length; k++) {
      t.dataLoss(graph.grade(lossWorkloads[k]), lossSeconds[k] == ALL_LOST);
    }
    for (int b = 0; b < destroyedBackups.length; b++) {
      t.destroyedBackup();
    }
    for (int a = 0; a < destroyedAssets.length; a++) {
      t.destroyedAsset();
    }
    return t.summary();
  }

  /** The FORMATS.md §4 shape, references sorted. */
  public SimulationResult toResult() {
    // Marking and scanning in the graph's precomputed text order is linear, where sorting
    // a hundred thousand strings per run is not.
    java.util.BitSet mark = new java.util.BitSet(graph.workloadCount());
    for (int i : stopped) {
      mark.set(i);
    }
    List<String> stoppedRefs = new ArrayList<>(stopped.length);
    for (int i : graph.textOrder()) {
      if (mark.get(i)) {
        stoppedRefs.add(graph.refText(i));
      }
    }
    List<String> destroyed = new ArrayList<>();
    for (int i : destroyedWorkloads) {
      destroyed.add(graph.refText(i));
    }
    for (int b : destroyedBackups) {
      destroyed.add(graph.backup(b).ref().toString());
    }
    for (int a : destroyedAssets) {
      destroyed.add(graph.asset(a).ref().toString());
    }
    destroyed.sort(Comparator.naturalOrder());
    List<DataLoss> losses = new ArrayList<>();
    for (int k = 0; k < lossWorkloads.length; k++) {
      losses.add(
          new DataLoss(
              graph.refText(lossWorkloads[k]),
              lossSeconds[k] == ALL_LOST
                  ? DataLoss.ALL
                  : lossSeconds[k] == UNKNOWN_LOSS
                      ? DataLoss.UNKNOWN
                      : Durations.format(Duration.ofSeconds(lossSeconds[k]))));
    }
    losses.sort(Comparator.comparing(DataLoss::entity));
    return new SimulationResult(stoppedRefs, destroyed, losses, summary());
  }

  @Override
  public String toString() {
    return "BlastRadius[stopped=" + Arrays.toString(stopped) + "]";
  }
}
