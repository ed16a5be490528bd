package dev.haechi.resilience.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A validated resilience catalog: components and resources with their placements and dependencies,
 * and the sites, zones, power assets and backups they rely on. Immutable. Every reference in it
 * resolves (the loader refuses a catalog where one does not), and the dependencies form no cycle.
 * Entities are listed in the order of their references, so that every output is stable.
 */
public final class Catalog {
  private final Map<EntityRef, Workload> workloads;
  private final Map<String, Site> sites;
  private final Map<String, Zone> zones;
  private final Map<String, PowerAsset> powerAssets;
  private final Map<String, Backup> backups;
  private final Map<EntityRef, List<Backup>> backupsOf;
  private final List<EntityRef> systems;
  private final List<EntityRef> groups;
  // per workload (in workloads() order) the positions of its dependencies; built on first use,
  // or handed over by the loader, which resolved them already
  private volatile int[][] dependencyIndex;

  private Catalog(
      Collection<Workload> workloads,
      Collection<Site> sites,
      Collection<Zone> zones,
      Collection<PowerAsset> powerAssets,
      Collection<Backup> backups,
      Collection<EntityRef> systems,
      Collection<EntityRef> groups) {
    this.workloads = index(workloads, Workload::ref, Comparator.naturalOrder());
    this.sites = index(sites, Site::name, Comparator.naturalOrder());
    this.zones = index(zones, Zone::name, Comparator.naturalOrder());
    this.powerAssets = index(powerAssets, PowerAsset::name, Comparator.naturalOrder());
    this.backups = index(backups, Backup::name, Comparator.naturalOrder());
    Map<EntityRef, List<Backup>> of = new HashMap<>();
    for (Backup b : this.backups.values()) {
      of.computeIfAbsent(b.of(), k -> new ArrayList<>()).add(b);
    }
    of.replaceAll((k, v) -> List.copyOf(v));
    this.backupsOf = Map.copyOf(of);
    this.systems = systems.stream().sorted().toList();
    this.groups = groups.stream().sorted().toList();
  }

  /**
   * Builds a catalog from entities that are already known to be consistent. The loader is the usual
   * way in; this is for code that builds catalogs itself and has checked them.
   */
  public static Catalog of(
      Collection<Workload> workloads,
      Collection<Site> sites,
      Collection<Zone> zones,
      Collection<PowerAsset> powerAssets,
      Collection<Backup> backups,
      Collection<EntityRef> systems,
      Collection<EntityRef> groups) {
    return new Catalog(workloads, sites, zones, powerAssets, backups, systems, groups);
  }

  /**
   * As {@link #of}, for the loader: {@code workloads} already in reference order, and {@code
   * dependencyIndex} the positions in that order of each one's {@code dependsOn}.
   */
  static Catalog ofResolved(
      List<Workload> workloads,
      int[][] dependencyIndex,
      Collection<Site> sites,
      Collection<Zone> zones,
      Collection<PowerAsset> powerAssets,
      Collection<Backup> backups,
      Collection<EntityRef> systems,
      Collection<EntityRef> groups) {
    Catalog c = new Catalog(workloads, sites, zones, powerAssets, backups, systems, groups);
    c.dependencyIndex = dependencyIndex;
    return c;
  }

  /**
   * For each workload, in the order of {@link #workloads()}, the positions in that order of what it
   * depends on, in the order of its {@code dependsOn}. Shared: callers must not modify the arrays.
   */
  public int[][] dependencyIndex() {
    int[][] d = dependencyIndex;
    if (d == null) {
      Map<EntityRef, Integer> at = new HashMap<>();
      int i = 0;
      for (EntityRef r : workloads.keySet()) {
        at.put(r, i++);
      }
      d = new int[at.size()][];
      i = 0;
      for (Workload w : workloads.values()) {
        int[] row = new int[w.dependsOn().size()];
        for (int k = 0; k < row.length; k++) {
          row[k] = at.get(w.dependsOn().get(k));
        }
        d[i++] = row;
      }
      dependencyIndex = d;
    }
    return d;
  }

  private static <K, V> Map<K, V> index(
      Collection<V> values, Function<V, K> key, Comparator<K> order) {
    List<V> sorted = new ArrayList<>(values);
    // the loader hands the workloads in order already: a check instead of a sort of 100,000
    boolean inOrder = true;
    K previous = null;
    for (V v : sorted) {
      K k = key.apply(v);
      if (previous != null && order.compare(previous, k) > 0) {
        inOrder = false;
        break;
      }
      previous = k;
    }
    if (!inOrder) {
      sorted.sort(Comparator.comparing(key, order));
    }
    Map<K, V> m = new LinkedHashMap<>(Math.max(16, (int) (sorted.size() / 0.75f) + 1));
    for (V v : sorted) {
      m.put(key.apply(v), v);
    }
    return java.util.Collections.unmodifiableMap(m);
  }

  /** Components and resources, ordered by reference. */
  public Collection<Workload> workloads() {
    return workloads.values();
  }

  public Optional<Workload> workload(EntityRef ref) {
    return Optional.ofNullable(workloads.get(ref));
  }

  public Collection<Site> sites() {
    return sites.values();
  }

  public Optional<Site> site(String name) {
    return Optional.ofNullable(sites.get(name));
  }

  public Collection<Zone> zones() {
    return zones.values();
  }

  public Optional<Zone> zone(String name) {
    return Optional.ofNullable(zones.get(name));
  }

  public Collection<PowerAsset> powerAssets() {
    return powerAssets.values();
  }

  public Optional<PowerAsset> powerAsset(String name) {
    return Optional.ofNullable(powerAssets.get(name));
  }

  public Collection<Backup> backups() {
    return backups.values();
  }

  /** The backups whose {@code spec.of} is this entity, ordered by name. */
  public List<Backup> backupsOf(EntityRef ref) {
    return backupsOf.getOrDefault(ref, List.of());
  }

  /**
   * True when losing this entity's placements can lose data: a Resource, an entity with a data role
   * in a placement, or one with a Backup.
   */
  public boolean holdsData(Workload w) {
    return w.holdsData() || backupsOf.containsKey(w.ref());
  }

  public List<EntityRef> systems() {
    return systems;
  }

  public List<EntityRef> groups() {
    return groups;
  }
}
