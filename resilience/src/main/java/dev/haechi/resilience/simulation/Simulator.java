package dev.haechi.resilience.simulation;

import dev.haechi.core.InputException;
import dev.haechi.resilience.catalog.Backup;
import dev.haechi.resilience.catalog.Role;
import dev.haechi.resilience.graph.CatalogGraph;
import dev.haechi.resilience.graph.Csr;
import java.util.Arrays;

/**
 * Simulates the loss of zones, sites or power assets on a compiled catalog, with the failure
 * semantics of FORMATS.md §3:
 *
 * <ul>
 *   <li>a <b>fire</b> destroys every placement and backup in the burned zones and the power assets
 *       standing there (a fire on an asset burns the zone it stands in; a lost site burns or cuts
 *       all its zones);
 *   <li>zones <b>nest</b> ({@code spec.parent}): whatever happens to a zone (fire, power or cooling
 *       loss) happens to every zone nested in it, so losing a floor loses its rooms; a fire in a
 *       room does not burn its floor;
 *   <li>a zone is <b>without power</b> when it burns, loses power itself, is nested in a zone
 *       without power, or when every asset that feeds it power is down; power and cooling assets
 *       that need power (a UPS, a chiller or CRAC: {@code PowerAsset.needsPower}) stop when the
 *       zone they stand in is without power, so a fire or power loss where a chiller stands, or
 *       where the UPS that feeds the chiller's zone stands, stops the cooling it gives;
 *   <li>a zone <b>stops</b> when it is without power, loses cooling itself, is nested in a stopped
 *       zone, or when every asset that cools it is down; a zone the catalog gives no feeder for a
 *       need is taken to have that need met;
 *   <li>a component or resource stops when none of its placements runs (a surviving standby or
 *       replica keeps it running), or when anything it depends on stops;
 *   <li>data is lost for good ({@code all}) when no replica and no backup survives the fire;
 *       otherwise it loses what the newest surviving copy lacks: nothing for a primary, an
 *       active/standby or a sync replica, the replica lag for an async replica, the time since
 *       {@code lastSuccess} for a backup. A surviving backup without {@code lastSuccess} still
 *       counts as a copy; when no copy with a known loss survives, the loss is {@code unknown}.
 * </ul>
 *
 * <p>All of it is the least fixed point from the losses: nothing stops unless a loss leads to it,
 * so a UPS that feeds the zone it stands in keeps itself running until something else stops it.
 * </ul>
 *
 * <p>Not thread-safe: an instance owns scratch buffers sized to the catalog and reuses them for
 * every run, so a run allocates only its result. Use one instance per thread.
 *
 * <p>Design note: stopping is monotone (losing more never restarts anything), so one breadth-first
 * pass over reverse dependencies from the initially stopped entities reaches the same fixed point
 * as iterating the rules to convergence ({@link NaiveSimulator}, which a property test compares).
 * Scratch arrays are stamped with a run number instead of being cleared, so a run costs time in
 * proportion to what it touches, not to the catalog.
 */
public final class Simulator {
  private final CatalogGraph g;
  private int epoch;
  private final int[] zoneBurned;
  private final int[] zoneDown;
  private final int[] zonePowerless;
  private final int[] powerQueue;
  private int powerHead;
  private int powerTail;
  private final int[][] feedStamp;
  private final int[][] feedAlive;
  private final int[] assetDown;
  private final int[] runStamp;
  private final int[] running;
  private final int[] stoppedStamp;
  private final int[] destroyedStamp;
  private final int[] queue;
  private int queueSize;
  private int[] downZones;
  private int downZoneCount;
  private int[] burnedZones;
  private int burnedZoneCount;
  private int[] downAssets;
  private int downAssetCount;

  public Simulator(CatalogGraph graph) {
    this.g = graph;
    int n = graph.workloadCount();
    int z = graph.zoneCount();
    zoneBurned = new int[z];
    zoneDown = new int[z];
    zonePowerless = new int[z];
    powerQueue = new int[z];
    feedStamp = new int[2][z];
    feedAlive = new int[2][z];
    assetDown = new int[graph.assetCount()];
    runStamp = new int[n];
    running = new int[n];
    stoppedStamp = new int[n];
    destroyedStamp = new int[n];
    queue = new int[n];
    downZones = new int[z];
    burnedZones = new int[z];
    downAssets = new int[graph.assetCount()];
  }

  public CatalogGraph graph() {
    return g;
  }

  /** Why a catalog without Haechi's places cannot be simulated, and what to add. */
  public static final String NO_ZONES =
      "the catalog has no zones, sites or power assets, so there is nothing a fire or power loss"
          + " could take (a plain Backstage catalog says what depends on what, not where it runs):"
          + " add haechi.dev/v1alpha1 Site and Zone entities and haechi.dev/placement annotations"
          + " (FORMATS.md §3)";

  /**
   * Runs a scenario.
   *
   * @throws InputException when a lost zone, site or asset is not in the catalog
   */
  public BlastRadius run(Scenario scenario) {
    if (g.zoneCount() == 0 && g.assetCount() == 0 && !scenario.losses().isEmpty()) {
      throw new InputException("--lose", 0, NO_ZONES);
    }
    begin();
    boolean fire = scenario.event() == Event.FIRE;
    for (Loss loss : scenario.losses()) {
      switch (loss.kind()) {
        case ZONE -> {
          int z = g.zoneIndex(loss.name());
          if (z < 0) {
            throw new InputException("--lose", 0, "unknown zone '" + loss.name() + "'");
          }
          loseZone(z, scenario.event());
        }
        case SITE -> {
          int s = g.siteIndex(loss.name());
          if (s < 0) {
            throw new InputException("--lose", 0, "unknown site '" + loss.name() + "'");
          }
          Csr sz = g.siteZones();
          for (int k = sz.start()[s]; k < sz.start()[s + 1]; k++) {
            loseZone(sz.targets()[k], scenario.event());
          }
        }
        case ASSET -> {
          int a = g.assetIndex(loss.name());
          if (a < 0) {
            throw new InputException("--lose", 0, "unknown power asset '" + loss.name() + "'");
          }
          if (fire && g.assetZone(a) >= 0) {
            loseZone(g.assetZone(a), Event.FIRE);
          } else {
            assetDown(a);
          }
        }
      }
      drainPower();
    }
    return finish(scenario.at().getEpochSecond());
  }

  /** A fire in one zone, measured at {@code atEpochSecond}; the ranking's fast entry. */
  public BlastRadius fireInZone(int zone, long atEpochSecond) {
    begin();
    loseZone(zone, Event.FIRE);
    drainPower();
    return finish(atEpochSecond);
  }

  /** A fire across one site, measured at {@code atEpochSecond}. */
  public BlastRadius fireInSite(int site, long atEpochSecond) {
    begin();
    Csr sz = g.siteZones();
    for (int k = sz.start()[site]; k < sz.start()[site + 1]; k++) {
      loseZone(sz.targets()[k], Event.FIRE);
    }
    drainPower();
    return finish(atEpochSecond);
  }

  private void begin() {
    if (epoch == Integer.MAX_VALUE) {
      for (int[] a :
          new int[][] {
            zoneBurned,
            zoneDown,
            zonePowerless,
            feedStamp[0],
            feedStamp[1],
            assetDown,
            runStamp,
            stoppedStamp,
            destroyedStamp
          }) {
        Arrays.fill(a, 0);
      }
      epoch = 0;
    }
    epoch++;
    queueSize = 0;
    downZoneCount = 0;
    burnedZoneCount = 0;
    downAssetCount = 0;
    powerHead = 0;
    powerTail = 0;
  }

  private void loseZone(int z, Event event) {
    switch (event) {
      case FIRE -> burn(z);
      case POWER -> powerless(z);
      case COOLING -> zoneDown(z);
    }
  }

  /** A fire in a zone burns every zone nested in it (a floor's rooms), not the one it is in. */
  private void burn(int z) {
    if (zoneBurned[z] == epoch) {
      return;
    }
    zoneBurned[z] = epoch;
    burnedZones[burnedZoneCount++] = z;
    Csr za = g.zoneAssets();
    for (int k = za.start()[z]; k < za.start()[z + 1]; k++) {
      assetDown(za.targets()[k]);
    }
    powerless(z);
    Csr children = g.zoneChildren();
    for (int k = children.start()[z]; k < children.start()[z + 1]; k++) {
      burn(children.targets()[k]);
    }
  }

  /** A zone without power: queued, so that chains of assets feeding zones do not recurse. */
  private void powerless(int z) {
    if (zonePowerless[z] != epoch) {
      zonePowerless[z] = epoch;
      powerQueue[powerTail++] = z;
    }
  }

  /**
   * Without power a zone stops, the assets standing in it that need power stop (a chiller, a UPS),
   * and so does every zone nested in it; what those assets fed may lose power or cooling in turn.
   */
  private void drainPower() {
    Csr za = g.zoneAssets();
    Csr children = g.zoneChildren();
    while (powerHead < powerTail) {
      int z = powerQueue[powerHead++];
      zoneDown(z);
      for (int k = za.start()[z]; k < za.start()[z + 1]; k++) {
        int a = za.targets()[k];
        if (g.assetNeedsPower(a)) {
          assetDown(a);
        }
      }
      for (int k = children.start()[z]; k < children.start()[z + 1]; k++) {
        powerless(children.targets()[k]);
      }
    }
  }

  /** A stopped zone stops every zone nested in it. */
  private void zoneDown(int z) {
    if (zoneDown[z] != epoch) {
      zoneDown[z] = epoch;
      downZones[downZoneCount++] = z;
      Csr children = g.zoneChildren();
      for (int k = children.start()[z]; k < children.start()[z + 1]; k++) {
        zoneDown(children.targets()[k]);
      }
    }
  }

  private void assetDown(int a) {
    if (assetDown[a] == epoch) {
      return;
    }
    assetDown[a] = epoch;
    downAssets[downAssetCount++] = a;
    int need = g.assetNeed(a);
    int[] stamp = feedStamp[need];
    int[] alive = feedAlive[need];
    Csr feeds = g.assetFeeds();
    for (int k = feeds.start()[a]; k < feeds.start()[a + 1]; k++) {
      int z = feeds.targets()[k];
      if (stamp[z] != epoch) {
        stamp[z] = epoch;
        alive[z] = g.feederCount(need, z);
      }
      if (--alive[z] == 0) {
        if (need == CatalogGraph.POWER) {
          powerless(z);
        } else {
          zoneDown(z);
        }
      }
    }
  }

  private void stop(int w) {
    if (stoppedStamp[w] != epoch) {
      stoppedStamp[w] = epoch;
      queue[queueSize++] = w;
    }
  }

  private BlastRadius finish(long at) {
    Csr zw = g.zoneWorkloads();
    Csr placements = g.placements();
    for (int i = 0; i < downZoneCount; i++) {
      int z = downZones[i];
      for (int k = zw.start()[z]; k < zw.start()[z + 1]; k++) {
        int w = zw.targets()[k];
        if (runStamp[w] != epoch) {
          runStamp[w] = epoch;
          running[w] = placements.degree(w);
        }
        if (--running[w] == 0) {
          stop(w);
        }
      }
    }
    Csr dependents = g.dependents();
    int[] ds = dependents.start();
    int[] dt = dependents.targets();
    for (int head = 0; head < queueSize; head++) {
      int w = queue[head];
      for (int k = ds[w]; k < ds[w + 1]; k++) {
        stop(dt[k]);
      }
    }
    int[] stopped = Arrays.copyOf(queue, queueSize);

    // What burned: workloads placed in burned zones, backups kept there, assets standing there.
    int destroyedCount = 0;
    int[] destroyed = queue; // reuse the queue as scratch; stopped is already copied out
    int backupCount = 0;
    Csr zb = g.zoneBackups();
    for (int i = 0; i < burnedZoneCount; i++) {
      int z = burnedZones[i];
      for (int k = zw.start()[z]; k < zw.start()[z + 1]; k++) {
        int w = zw.targets()[k];
        if (destroyedStamp[w] != epoch) {
          destroyedStamp[w] = epoch;
          destroyed[destroyedCount++] = w;
        }
      }
      backupCount += zb.degree(z);
    }
    int[] destroyedWorkloads = Arrays.copyOf(destroyed, destroyedCount);
    int[] destroyedBackups = new int[backupCount];
    int bi = 0;
    for (int i = 0; i < burnedZoneCount; i++) {
      int z = burnedZones[i];
      for (int k = zb.start()[z]; k < zb.start()[z + 1]; k++) {
        destroyedBackups[bi++] = zb.targets()[k];
      }
    }
    int assetCount = 0;
    for (int i = 0; i < downAssetCount; i++) {
      int za = g.assetZone(downAssets[i]);
      if (za >= 0 && zoneBurned[za] == epoch) {
        assetCount++;
      }
    }
    int[] destroyedAssets = new int[assetCount];
    int ai = 0;
    for (int i = 0; i < downAssetCount; i++) {
      int za = g.assetZone(downAssets[i]);
      if (za >= 0 && zoneBurned[za] == epoch) {
        destroyedAssets[ai++] = downAssets[i];
      }
    }

    // Data loss of what burned.
    int lossCount = 0;
    int[] lossWorkloads = new int[destroyedCount];
    long[] lossSeconds = new long[destroyedCount];
    Csr wb = g.workloadBackups();
    for (int w : destroyedWorkloads) {
      if (!g.holdsData(w)) {
        continue;
      }
      long best = Long.MAX_VALUE;
      boolean unknownCopy = false;
      for (int k = placements.start()[w]; k < placements.start()[w + 1]; k++) {
        if (zoneBurned[placements.targets()[k]] == epoch) {
          continue;
        }
        long loss = g.placementRole(k) == Role.REPLICA_ASYNC ? g.replicaLagSeconds(w) : 0;
        best = Math.min(best, loss);
      }
      for (int k = wb.start()[w]; k < wb.start()[w + 1]; k++) {
        int b = wb.targets()[k];
        int z = g.backupZone(b);
        if (z >= 0 && zoneBurned[z] == epoch) {
          continue;
        }
        long loss = backupLoss(g.backup(b), at);
        if (loss >= 0) {
          best = Math.min(best, loss);
        } else {
          unknownCopy = true;
        }
      }
      if (best != 0) {
        lossWorkloads[lossCount] = w;
        lossSeconds[lossCount] =
            best != Long.MAX_VALUE
                ? best
                : unknownCopy ? BlastRadius.UNKNOWN_LOSS : BlastRadius.ALL_LOST;
        lossCount++;
      }
    }
    return new BlastRadius(
        g,
        stopped,
        destroyedWorkloads,
        destroyedBackups,
        destroyedAssets,
        Arrays.copyOf(lossWorkloads, lossCount),
        Arrays.copyOf(lossSeconds, lossCount));
  }

  /**
   * Seconds of data a backup lacks at {@code at}: since {@code lastSuccess}; -1 when that is not
   * known (the copy still counts, its loss is unknown: an {@code interval} says how often a backup
   * should run, not that it did).
   */
  static long backupLoss(Backup b, long at) {
    if (b.lastSuccess() != null) {
      return Math.max(0, at - b.lastSuccess().getEpochSecond());
    }
    return -1;
  }
}
