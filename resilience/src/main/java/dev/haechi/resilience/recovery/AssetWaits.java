package dev.haechi.resilience.recovery;

import dev.haechi.resilience.catalog.Catalog;
import dev.haechi.resilience.catalog.PowerAsset;
import dev.haechi.resilience.catalog.Zone;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which power and cooling assets destroyed by fire each zone waits for before it runs again (issue
 * 14 item 4; resilience/README.md "Restoration planning").
 *
 * <p>With {@code D} the destroyed assets, the least fixed point of:
 *
 * <ul>
 *   <li>{@code wp(A)}, what asset {@code A} waits for: {@code {A}} when it is destroyed; plus, when
 *       it needs power (a UPS, cooling), what the zone it stands in waits for to have power;
 *   <li>{@code zp(Z)}, what zone {@code Z} waits for to have power: when it has power feeders and
 *       every one of them waits for something, the union of what they wait for; plus {@code
 *       zp(parent)};
 *   <li>{@code zd(Z)}, what {@code Z} waits for to run: {@code zp(Z)}; when it has cooling feeders
 *       and every one waits for something, the union of what they wait for; plus {@code
 *       zd(parent)}.
 * </ul>
 *
 * <p>Redundant feeders: a zone needs only one of its power feeders back (and one of its cooling
 * feeders), so when every feeder of a need waits for something the zone waits for <em>one</em> of
 * them, the cheapest to bring back. This is computed in two rounds: the fixed point above with the
 * union over every feeder (which zones and assets wait at all, and for what at most); then, for
 * each zone and need whose feeders all wait, the feeder whose round-one wait needs the fewest crew
 * hours (the assets' {@code haechi.dev/restore-effort}, else the planner's default; then fewer
 * assets, then the name) is chosen; then the fixed point again, where such a zone waits for its
 * chosen feeder only. The second round's waits are subsets of the first's and non-empty for the
 * same zones, so a zone that did not burn waits for something exactly when the fire stopped it
 * through its power or cooling, and once everything it waits for is rebuilt it runs again.
 *
 * <p>A destroyed asset's own task waits for the destroyed assets it needs to run ({@code wp(A)}
 * without {@code A}; a CRAC unit waits for the UPS that powers its room), except those that need it
 * in turn (two UPSes that power each other's rooms wait for neither), which keeps the tasks
 * acyclic: {@code B} in {@code wp(A)} makes {@code wp(B)} a subset of {@code wp(A)}.
 *
 * <p>{@link #compute} propagates changes along a work list; {@link #naive} iterates the three rules
 * over the whole catalog until nothing changes (both rounds). A property test keeps them equal.
 */
public final class AssetWaits {
  private final Map<String, Set<String>> zones;
  private final Map<String, Set<String>> assets;

  private AssetWaits(Map<String, Set<String>> zones, Map<String, Set<String>> assets) {
    this.zones = frozen(zones);
    this.assets = frozen(assets);
  }

  private static Map<String, Set<String>> frozen(Map<String, Set<String>> in) {
    Map<String, Set<String>> m = new TreeMap<>();
    in.forEach(
        (z, s) -> {
          if (!s.isEmpty()) {
            m.put(z, Collections.unmodifiableSet(new TreeSet<>(s)));
          }
        });
    return Collections.unmodifiableMap(m);
  }

  /** The destroyed assets a zone waits for, sorted; empty when it waits for none. */
  public Set<String> zone(String name) {
    return zones.getOrDefault(name, Set.of());
  }

  /** Every zone that waits for a destroyed asset, by name, with what it waits for. */
  public Map<String, Set<String>> zones() {
    return zones;
  }

  /**
   * The destroyed assets asset {@code name} waits for before it runs ({@code wp}), itself included
   * when destroyed; empty when it waits for none.
   */
  public Set<String> asset(String name) {
    return assets.getOrDefault(name, Set.of());
  }

  /**
   * The other destroyed assets whose tasks the destroyed asset {@code name}'s task waits for: those
   * it needs to run that do not need it in turn, sorted.
   */
  public Set<String> assetTaskWaits(String name) {
    Set<String> out = new TreeSet<>();
    for (String b : asset(name)) {
      if (!b.equals(name) && !asset(b).contains(name)) {
        out.add(b);
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AssetWaits w && w.zones.equals(zones) && w.assets.equals(assets);
  }

  @Override
  public int hashCode() {
    return zones.hashCode() * 31 + assets.hashCode();
  }

  @Override
  public String toString() {
    return "AssetWaits" + zones + " assets " + assets;
  }

  /**
   * What the fixed point gives: per asset ({@code wp}), zone power ({@code zp}) and run ({@code
   * zd}).
   */
  private record Values(
      Map<String, Set<String>> wp, Map<String, Set<String>> zp, Map<String, Set<String>> zd) {}

  /**
   * The feeder each zone waits for per need, when every feeder of that need waits for something:
   * keyed by zone, one map for power and one for cooling.
   */
  private record Choice(Map<String, String> power, Map<String, String> cooling) {
    String of(String zone, boolean cooling) {
      return (cooling ? this.cooling : power).get(zone);
    }
  }

  /** The fast computation: each change re-evaluates only what depends on it. */
  public static AssetWaits compute(Catalog catalog, Collection<String> destroyedAssets) {
    Set<String> destroyed = new HashSet<>(destroyedAssets);
    if (destroyed.isEmpty()) {
      return new AssetWaits(Map.of(), Map.of());
    }
    Map<String, List<PowerAsset>> powerFeeders = new HashMap<>();
    Map<String, List<PowerAsset>> coolingFeeders = new HashMap<>();
    for (PowerAsset a : catalog.powerAssets()) {
      for (String z : new TreeSet<>(a.feeds())) {
        (a.cooling() ? coolingFeeders : powerFeeders)
            .computeIfAbsent(z, k -> new ArrayList<>())
            .add(a);
      }
    }
    Values all = fixedPoint(catalog, destroyed, powerFeeders, coolingFeeders, null);
    Choice choice = choose(catalog, all.wp(), powerFeeders, coolingFeeders);
    Values chosen = fixedPoint(catalog, destroyed, powerFeeders, coolingFeeders, choice);
    return new AssetWaits(chosen.zd(), chosen.wp());
  }

  /**
   * The feeder to wait for, per zone and need whose feeders all wait for something in {@code wp}:
   * the fewest crew hours to bring back, then the fewest assets, then the first name.
   */
  private static Choice choose(
      Catalog catalog,
      Map<String, Set<String>> wp,
      Map<String, List<PowerAsset>> powerFeeders,
      Map<String, List<PowerAsset>> coolingFeeders) {
    return new Choice(choose(catalog, wp, powerFeeders), choose(catalog, wp, coolingFeeders));
  }

  private static Map<String, String> choose(
      Catalog catalog, Map<String, Set<String>> wp, Map<String, List<PowerAsset>> feeders) {
    Map<String, String> out = new HashMap<>();
    feeders.forEach(
        (zone, list) -> {
          String best = null;
          long bestHours = 0;
          int bestSize = 0;
          for (PowerAsset f : list) {
            Set<String> w = wp.getOrDefault(f.name(), Set.of());
            if (w.isEmpty()) {
              return; // a feeder still runs: the zone waits for none of them
            }
            long minutes = 0;
            for (String a : w) {
              minutes += effort(catalog, a).toMinutes();
            }
            if (best == null
                || minutes < bestHours
                || (minutes == bestHours
                    && (w.size() < bestSize
                        || (w.size() == bestSize && f.name().compareTo(best) < 0)))) {
              best = f.name();
              bestHours = minutes;
              bestSize = w.size();
            }
          }
          if (best != null) {
            out.put(zone, best);
          }
        });
    return out;
  }

  /** The crew time to bring a destroyed asset back: its restore effort, else the default. */
  static java.time.Duration effort(Catalog catalog, String asset) {
    PowerAsset a = catalog.powerAsset(asset).orElse(null);
    return a == null || a.restoreEffort() == null
        ? EffortRule.DEFAULT_RESTORE_EFFORT
        : a.restoreEffort();
  }

  private static Values fixedPoint(
      Catalog catalog,
      Set<String> destroyed,
      Map<String, List<PowerAsset>> powerFeeders,
      Map<String, List<PowerAsset>> coolingFeeders,
      Choice choice) {
    Map<String, List<PowerAsset>> standing = new HashMap<>();
    Map<String, List<Zone>> children = new HashMap<>();
    for (PowerAsset a : catalog.powerAssets()) {
      if (a.zone() != null) {
        standing.computeIfAbsent(a.zone(), k -> new ArrayList<>()).add(a);
      }
    }
    for (Zone z : catalog.zones()) {
      if (z.parent() != null) {
        children.computeIfAbsent(z.parent(), k -> new ArrayList<>()).add(z);
      }
    }
    Map<String, Set<String>> wp = new HashMap<>();
    Map<String, Set<String>> zp = new HashMap<>();
    Map<String, Set<String>> zd = new HashMap<>();
    Deque<PowerAsset> assets = new ArrayDeque<>();
    Deque<String> zoneQueue = new ArrayDeque<>();
    Set<String> queuedAssets = new HashSet<>();
    Set<String> queuedZones = new HashSet<>();
    for (PowerAsset a : catalog.powerAssets()) {
      if (destroyed.contains(a.name())) {
        assets.add(a);
        queuedAssets.add(a.name());
      }
    }
    while (!assets.isEmpty() || !zoneQueue.isEmpty()) {
      if (!assets.isEmpty()) {
        PowerAsset a = assets.poll();
        queuedAssets.remove(a.name());
        Set<String> v = new HashSet<>();
        if (destroyed.contains(a.name())) {
          v.add(a.name());
        }
        if (a.needsPower() && a.zone() != null) {
          v.addAll(zp.getOrDefault(a.zone(), Set.of()));
        }
        if (grow(wp, a.name(), v)) {
          for (String z : a.feeds()) {
            if (queuedZones.add(z)) {
              zoneQueue.add(z);
            }
          }
        }
        continue;
      }
      String z = zoneQueue.poll();
      queuedZones.remove(z);
      Zone zone = catalog.zone(z).orElse(null);
      String parent = zone == null ? null : zone.parent();
      Set<String> p = lost(powerFeeders.get(z), wp, choice == null ? null : choice.of(z, false));
      if (parent != null) {
        p.addAll(zp.getOrDefault(parent, Set.of()));
      }
      boolean powerGrew = grow(zp, z, p);
      Set<String> d = new HashSet<>(zp.getOrDefault(z, Set.of()));
      d.addAll(lost(coolingFeeders.get(z), wp, choice == null ? null : choice.of(z, true)));
      if (parent != null) {
        d.addAll(zd.getOrDefault(parent, Set.of()));
      }
      boolean downGrew = grow(zd, z, d);
      if (powerGrew) {
        for (PowerAsset a : standing.getOrDefault(z, List.of())) {
          if (a.needsPower() && queuedAssets.add(a.name())) {
            assets.add(a);
          }
        }
      }
      if (powerGrew || downGrew) {
        for (Zone c : children.getOrDefault(z, List.of())) {
          if (queuedZones.add(c.name())) {
            zoneQueue.add(c.name());
          }
        }
      }
    }
    return new Values(wp, zp, zd);
  }

  /**
   * When every feeder waits for something: what the chosen one waits for ({@code chosen} non-null),
   * else the union of what they all wait for; empty when a feeder still runs.
   */
  private static Set<String> lost(
      List<PowerAsset> feeders, Map<String, Set<String>> wp, String chosen) {
    Set<String> out = new HashSet<>();
    if (feeders == null || feeders.isEmpty()) {
      return out;
    }
    for (PowerAsset f : feeders) {
      Set<String> s = wp.get(f.name());
      if (s == null || s.isEmpty()) {
        return new HashSet<>();
      }
      if (chosen == null) {
        out.addAll(s);
      }
    }
    if (chosen != null) {
      out.addAll(wp.getOrDefault(chosen, Set.of()));
    }
    return out;
  }

  private static boolean grow(Map<String, Set<String>> m, String key, Set<String> add) {
    if (add.isEmpty()) {
      return false;
    }
    return m.computeIfAbsent(key, k -> new HashSet<>()).addAll(add);
  }

  /** The reference: the three rules applied to every asset and zone until nothing changes. */
  public static AssetWaits naive(Catalog catalog, Collection<String> destroyedAssets) {
    Set<String> destroyed = new HashSet<>(destroyedAssets);
    Values all = naiveFixedPoint(catalog, destroyed, null);
    Map<String, String> power = new HashMap<>();
    Map<String, String> cooling = new HashMap<>();
    for (Zone z : catalog.zones()) {
      naiveChoice(catalog, z.name(), false, all.wp()).ifPresent(f -> power.put(z.name(), f));
      naiveChoice(catalog, z.name(), true, all.wp()).ifPresent(f -> cooling.put(z.name(), f));
    }
    Values chosen = naiveFixedPoint(catalog, destroyed, new Choice(power, cooling));
    return new AssetWaits(chosen.zd(), chosen.wp());
  }

  /** The cheapest feeder of a need, by sorting every feeder on the three keys. */
  private static java.util.Optional<String> naiveChoice(
      Catalog catalog, String zone, boolean cooling, Map<String, Set<String>> wp) {
    List<PowerAsset> feeders =
        catalog.powerAssets().stream()
            .filter(a -> a.cooling() == cooling && a.feeds().contains(zone))
            .toList();
    if (feeders.isEmpty()
        || !feeders.stream().allMatch(a -> !wp.getOrDefault(a.name(), Set.of()).isEmpty())) {
      return java.util.Optional.empty();
    }
    return feeders.stream()
        .sorted(
            java.util.Comparator.<PowerAsset>comparingLong(
                    a ->
                        wp.get(a.name()).stream()
                            .mapToLong(x -> effort(catalog, x).toMinutes())
                            .sum())
                .thenComparingInt(a -> wp.get(a.name()).size())
                .thenComparing(PowerAsset::name))
        .map(PowerAsset::name)
        .findFirst();
  }

  private static Values naiveFixedPoint(Catalog catalog, Set<String> destroyed, Choice choice) {
    Map<String, Set<String>> wp = new HashMap<>();
    Map<String, Set<String>> zp = new HashMap<>();
    Map<String, Set<String>> zd = new HashMap<>();
    boolean moved = true;
    while (moved) {
      moved = false;
      for (PowerAsset a : catalog.powerAssets()) {
        Set<String> v = new HashSet<>();
        if (destroyed.contains(a.name())) {
          v.add(a.name());
        }
        if (a.needsPower() && a.zone() != null) {
          v.addAll(zp.getOrDefault(a.zone(), Set.of()));
        }
        moved |= grow(wp, a.name(), v);
      }
      for (Zone z : catalog.zones()) {
        Set<String> p = feedersLost(catalog, z.name(), false, wp, choice);
        if (z.parent() != null) {
          p.addAll(zp.getOrDefault(z.parent(), Set.of()));
        }
        moved |= grow(zp, z.name(), p);
        Set<String> d = new HashSet<>(zp.getOrDefault(z.name(), Set.of()));
        d.addAll(feedersLost(catalog, z.name(), true, wp, choice));
        if (z.parent() != null) {
          d.addAll(zd.getOrDefault(z.parent(), Set.of()));
        }
        moved |= grow(zd, z.name(), d);
      }
    }
    return new Values(wp, zp, zd);
  }

  private static Set<String> feedersLost(
      Catalog catalog, String zone, boolean cooling, Map<String, Set<String>> wp, Choice choice) {
    List<PowerAsset> feeders =
        catalog.powerAssets().stream()
            .filter(a -> a.cooling() == cooling && a.feeds().contains(zone))
            .toList();
    Set<String> out = new HashSet<>();
    if (feeders.isEmpty()
        || !feeders.stream().allMatch(a -> !wp.getOrDefault(a.name(), Set.of()).isEmpty())) {
      return out;
    }
    String chosen = choice == null ? null : choice.of(zone, cooling);
    if (chosen != null) {
      out.addAll(wp.get(chosen));
      return out;
    }
    feeders.forEach(a -> out.addAll(wp.get(a.name())));
    return out;
  }
}
