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
 * <p>A zone that did not burn waits for something exactly when the fire stopped it through its
 * power or cooling, and once everything it waits for is rebuilt it runs again (the union is taken
 * over every feeder, so redundant feeders that were both destroyed are both waited for).
 *
 * <p>{@link #compute} propagates changes along a work list; {@link #naive} iterates the three rules
 * over the whole catalog until nothing changes. A property test keeps them equal.
 */
public final class AssetWaits {
  private final Map<String, Set<String>> zones;

  private AssetWaits(Map<String, Set<String>> zones) {
    Map<String, Set<String>> m = new TreeMap<>();
    zones.forEach(
        (z, s) -> {
          if (!s.isEmpty()) {
            m.put(z, Collections.unmodifiableSet(new TreeSet<>(s)));
          }
        });
    this.zones = Collections.unmodifiableMap(m);
  }

  /** The destroyed assets a zone waits for, sorted; empty when it waits for none. */
  public Set<String> zone(String name) {
    return zones.getOrDefault(name, Set.of());
  }

  /** Every zone that waits for a destroyed asset, by name, with what it waits for. */
  public Map<String, Set<String>> zones() {
    return zones;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AssetWaits w && w.zones.equals(zones);
  }

  @Override
  public int hashCode() {
    return zones.hashCode();
  }

  @Override
  public String toString() {
    return "AssetWaits" + zones;
  }

  /** The fast computation: each change re-evaluates only what depends on it. */
  public static AssetWaits compute(Catalog catalog, Collection<String> destroyedAssets) {
    Set<String> destroyed = new HashSet<>(destroyedAssets);
    if (destroyed.isEmpty()) {
      return new AssetWaits(Map.of());
    }
    Map<String, List<PowerAsset>> powerFeeders = new HashMap<>();
    Map<String, List<PowerAsset>> coolingFeeders = new HashMap<>();
    Map<String, List<PowerAsset>> standing = new HashMap<>();
    Map<String, List<Zone>> children = new HashMap<>();
    for (PowerAsset a : catalog.powerAssets()) {
      for (String z : new TreeSet<>(a.feeds())) {
        (a.cooling() ? coolingFeeders : powerFeeders)
            .computeIfAbsent(z, k -> new ArrayList<>())
            .add(a);
      }
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
      Set<String> p = lost(powerFeeders.get(z), wp);
      if (parent != null) {
        p.addAll(zp.getOrDefault(parent, Set.of()));
      }
      boolean powerGrew = grow(zp, z, p);
      Set<String> d = new HashSet<>(zp.getOrDefault(z, Set.of()));
      d.addAll(lost(coolingFeeders.get(z), wp));
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
    return new AssetWaits(zd);
  }

  /** The union of what the feeders wait for when every one of them waits for something. */
  private static Set<String> lost(List<PowerAsset> feeders, Map<String, Set<String>> wp) {
    Set<String> out = new HashSet<>();
    if (feeders == null || feeders.isEmpty()) {
      return out;
    }
    for (PowerAsset f : feeders) {
      Set<String> s = wp.get(f.name());
      if (s == null || s.isEmpty()) {
        return new HashSet<>();
      }
      out.addAll(s);
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
        Set<String> p = feedersLost(catalog, z.name(), false, wp);
        if (z.parent() != null) {
          p.addAll(zp.getOrDefault(z.parent(), Set.of()));
        }
        moved |= grow(zp, z.name(), p);
        Set<String> d = new HashSet<>(zp.getOrDefault(z.name(), Set.of()));
        d.addAll(feedersLost(catalog, z.name(), true, wp));
        if (z.parent() != null) {
          d.addAll(zd.getOrDefault(z.parent(), Set.of()));
        }
        moved |= grow(zd, z.name(), d);
      }
    }
    return new AssetWaits(zd);
  }

  private static Set<String> feedersLost(
      Catalog catalog, String zone, boolean cooling, Map<String, Set<String>> wp) {
    List<PowerAsset> feeders =
        catalog.powerAssets().stream()
            .filter(a -> a.cooling() == cooling && a.feeds().contains(zone))
            .toList();
    Set<String> out = new HashSet<>();
    if (feeders.isEmpty()
        || !feeders.stream().allMatch(a -> !wp.getOrDefault(a.name(), Set.of()).isEmpty())) {
      return out;
    }
    feeders.forEach(a -> out.addAll(wp.get(a.name())));
    return out;
  }
}
