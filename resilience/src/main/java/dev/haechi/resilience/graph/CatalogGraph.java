package dev.haechi.resilience.graph;

import dev.haechi.resilience.catalog.Backup;
import dev.haechi.resilience.catalog.Catalog;
import dev.haechi.resilience.catalog.EntityRef;
import dev.haechi.resilience.catalog.Placement;
import dev.haechi.resilience.catalog.PowerAsset;
import dev.haechi.resilience.catalog.Role;
import dev.haechi.resilience.catalog.Site;
import dev.haechi.resilience.catalog.Workload;
import dev.haechi.resilience.catalog.Zone;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A catalog compiled into int-indexed arrays for simulation and graph rules: workloads, zones,
 * sites, power assets and backups are numbered in catalog order, and every relation is a compressed
 * sparse row (CSR) table: {@code start[i]..start[i+1]} indexes the neighbours of {@code i}.
 *
 * <p>Immutable once built. The arrays are exposed for speed; callers must not modify them.
 *
 * <p>Design note: CSR (Saad, "Iterative Methods for Sparse Linear Systems", §3.4) keeps a million
 * dependency edges in two int arrays, so that walking the dependents of a lost entity touches
 * contiguous memory and allocates nothing.
 */
public final class CatalogGraph {
  /** Power feeds and cooling feeds are separate needs of a zone. */
  public static final int POWER = 0;

  public static final int COOLING = 1;

  private final Catalog catalog;
  private final Workload[] workloads;
  private final Map<EntityRef, Integer> workloadIndex = new HashMap<>();
  private final String[] refText;
  private final int[] textOrder; // workload indices in the order of their reference text
  private final byte[] grade;
  private final boolean[] holdsData;
  private final long[] replicaLagSeconds;
  private final Csr placements; // workload -> zones (with roles below)
  private final byte[] placementRole; // parallel to placements.targets, Role ordinal
  private final Csr zoneWorkloads; // zone -> workloads placed there (one entry per placement)
  private final Csr dependencies; // workload -> what it depends on
  private final Csr dependents; // workload -> what depends on it
  private final String[] zoneNames;
  private final Map<String, Integer> zoneIndex = new HashMap<>();
  private final int[] zoneSite;
  private final String[] siteNames;
  private final Map<String, Integer> siteIndex = new HashMap<>();
  private final Csr siteZones;
  private final int[] zoneParent; // -1 for a top-level zone
  private final Csr zoneChildren; // zone -> zones nested directly in it
  private final PowerAsset[] assets;
  private final Map<String, Integer> assetIndex = new HashMap<>();
  private final int[] assetZone; // -1 when it stands nowhere known
  private final byte[] assetNeed; // POWER or COOLING
  private final boolean[] assetNeedsPower; // stops when the zone it stands in has no power
  private final Csr assetFeeds; // asset -> zones
  private final Csr zoneAssets; // zone -> assets standing there
  private final int[][] zoneFeederCount; // [need][zone] number of feeding assets
  private final Backup[] backups;
  private final int[] backupOf;
  private final int[] backupZone;
  private final Csr workloadBackups; // workload -> backups
  private final Csr zoneBackups; // zone -> backups kept there

  private CatalogGraph(Catalog catalog) {
    this.catalog = catalog;
    workloads = catalog.workloads().toArray(new Workload[0]);
    int n = workloads.length;
    refText = new String[n];
    for (int i = 0; i < n; i++) {
      workloadIndex.put(workloads[i].ref(), i);
      refText[i] = workloads[i].ref().toString();
    }
    textOrder = textOrder(refText);
    zoneNames = catalog.zones().stream().map(Zone::name).toArray(String[]::new);
    for (int i = 0; i < zoneNames.length; i++) {
      zoneIndex.put(zoneNames[i], i);
    }
    siteNames = catalog.sites().stream().map(Site::name).toArray(String[]::new);
    for (int i = 0; i < siteNames.length; i++) {
      siteIndex.put(siteNames[i], i);
    }
    zoneSite = new int[zoneNames.length];
    Csr.Builder sz = new Csr.Builder(siteNames.length);
    int zi = 0;
    for (Zone z : catalog.zones()) {
      Integer s = z.site() == null ? null : siteIndex.get(z.site());
      zoneSite[zi] = s == null ? -1 : s;
      if (s != null) {
        sz.add(s, zi);
      }
      zi++;
    }
    siteZones = sz.build();
    zoneParent = new int[zoneNames.length];
    Csr.Builder zc = new Csr.Builder(zoneNames.length);
    zi = 0;
    for (Zone z : catalog.zones()) {
      Integer p = z.parent() == null ? null : zoneIndex.get(z.parent());
      zoneParent[zi] = p == null ? -1 : p;
      if (p != null) {
        zc.add(p, zi);
      }
      zi++;
    }
    zoneChildren = zc.build();

    grade = new byte[n];
    holdsData = new boolean[n];
    replicaLagSeconds = new long[n];
    Csr.Builder pl = new Csr.Builder(n);
    Csr.Builder zw = new Csr.Builder(zoneNames.length);
    Csr.Builder dep = new Csr.Builder(n);
    Csr.Builder rdep = new Csr.Builder(n);
    List<Byte> roles = new ArrayList<>();
    // the catalog's workloads are in this order; its loader resolved the dependencies already
    int[][] depRows = catalog.dependencyIndex();
    for (int i = 0; i < n; i++) {
      Workload w = workloads[i];
      grade[i] = (byte) w.grade();
      holdsData[i] = catalog.holdsData(w);
      replicaLagSeconds[i] = w.replicaLag().getSeconds();
      for (Placement p : w.placements()) {
        int z = zoneIndex.get(p.zone());
        pl.add(i, z);
        zw.add(z, i);
        roles.add((byte) p.role().ordinal());
      }
      for (int j : depRows[i]) {
        dep.add(i, j);
        rdep.add(j, i);
      }
    }
    placements = pl.build();
    placementRole = new byte[roles.size()];
    for (int i = 0; i < placementRole.length; i++) {
      placementRole[i] = roles.get(i);
    }
    zoneWorkloads = zw.build();
    dependencies = dep.build();
    dependents = rdep.build();

    assets = catalog.powerAssets().toArray(new PowerAsset[0]);
    assetZone = new int[assets.length];
    assetNeed = new byte[assets.length];
    assetNeedsPower = new boolean[assets.length];
    zoneFeederCount = new int[2][zoneNames.length];
    Csr.Builder af = new Csr.Builder(assets.length);
    Csr.Builder za = new Csr.Builder(zoneNames.length);
    for (int a = 0; a < assets.length; a++) {
      assetIndex.put(assets[a].name(), a);
      Integer z = assets[a].zone() == null ? null : zoneIndex.get(assets[a].zone());
      assetZone[a] = z == null ? -1 : z;
      if (z != null) {
        za.add(z, a);
      }
      assetNeed[a] = (byte) (assets[a].cooling() ? COOLING : POWER);
      assetNeedsPower[a] = assets[a].needsPower();
      for (String f : assets[a].feeds().stream().distinct().toList()) {
        int fz = zoneIndex.get(f);
        af.add(a, fz);
        zoneFeederCount[assetNeed[a]][fz]++;
      }
    }
    assetFeeds = af.build();
    zoneAssets = za.build();

    backups = catalog.backups().toArray(new Backup[0]);
    backupOf = new int[backups.length];
    backupZone = new int[backups.length];
    Csr.Builder wb = new Csr.Builder(n);
    Csr.Builder zb = new Csr.Builder(zoneNames.length);
    for (int b = 0; b < backups.length; b++) {
      backupOf[b] = workloadIndex.get(backups[b].of());
      Integer z = backups[b].zone() == null ? null : zoneIndex.get(backups[b].zone());
      backupZone[b] = z == null ? -1 : z;
      wb.add(backupOf[b], b);
      if (z != null) {
        zb.add(z, b);
      }
    }
    workloadBackups = wb.build();
    zoneBackups = zb.build();
  }

  /** Compiles a catalog. Linear in the number of entities, placements and dependencies. */
  public static CatalogGraph compile(Catalog catalog) {
    return new CatalogGraph(catalog);
  }

  public Catalog catalog() {
    return catalog;
  }

  public int workloadCount() {
    return workloads.length;
  }

  public Workload workload(int i) {
    return workloads[i];
  }

  /** {@code kind:namespace/name} of a workload. */
  public String refText(int i) {
    return refText[i];
  }

  /** Indices of {@code text} in text order (mostly the catalog's own order: checked first). */
  private static int[] textOrder(String[] text) {
    int n = text.length;
    boolean sorted = true;
    for (int i = 1; i < n && sorted; i++) {
      sorted = text[i - 1].compareTo(text[i]) <= 0;
    }
    if (sorted) {
      int[] identity = new int[n];
      for (int i = 0; i < n; i++) {
        identity[i] = i;
      }
      return identity;
    }
    return java.util.stream.IntStream.range(0, n)
        .boxed()
        .sorted(java.util.Comparator.comparing(i -> text[i]))
        .mapToInt(Integer::intValue)
        .toArray();
  }

  /** Workload indices ordered by {@link #refText}; callers must not modify the array. */
  public int[] textOrder() {
    return textOrder;
  }

  /** The index of a workload, or -1. */
  public int workloadIndex(EntityRef ref) {
    Integer i = workloadIndex.get(ref);
    return i == null ? -1 : i;
  }

  /** 1–4, or 0 when ungraded. */
  public int grade(int workload) {
    return grade[workload];
  }

  public boolean holdsData(int workload) {
    return holdsData[workload];
  }

  public long replicaLagSeconds(int workload) {
    return replicaLagSeconds[workload];
  }

  /**
   * Placement zones of each workload; roles in {@link #placementRole(int)} by the same position.
   */
  public Csr placements() {
    return placements;
  }

  public Role placementRole(int position) {
    return Role.values()[placementRole[position]];
  }

  public Csr zoneWorkloads() {
    return zoneWorkloads;
  }

  public Csr dependencies() {
    return dependencies;
  }

  public Csr dependents() {
    return dependents;
  }

  public int zoneCount() {
    return zoneNames.length;
  }

  public String zoneName(int z) {
    return zoneNames[z];
  }

  public int zoneIndex(String name) {
    Integer i = zoneIndex.get(name);
    return i == null ? -1 : i;
  }

  /** The site of a zone, or -1. */
  public int zoneSite(int z) {
    return zoneSite[z];
  }

  public int siteCount() {
    return siteNames.length;
  }

  public String siteName(int s) {
    return siteNames[s];
  }

  public int siteIndex(String name) {
    Integer i = siteIndex.get(name);
    return i == null ? -1 : i;
  }

  public Csr siteZones() {
    return siteZones;
  }

  public int assetCount() {
    return assets.length;
  }

  public PowerAsset asset(int a) {
    return assets[a];
  }

  public int assetIndex(String name) {
    Integer i = assetIndex.get(name);
    return i == null ? -1 : i;
  }

  /** The zone an asset stands in, or -1. */
  public int assetZone(int a) {
    return assetZone[a];
  }

  /** {@link #POWER} or {@link #COOLING}. */
  public int assetNeed(int a) {
    return assetNeed[a];
  }

  /**
   * True when the asset stops as the zone it stands in loses power ({@link PowerAsset#needsPower}).
   */
  public boolean assetNeedsPower(int a) {
    return assetNeedsPower[a];
  }

  /** The zone a zone is nested in ({@code spec.parent}), or -1. */
  public int zoneParent(int z) {
    return zoneParent[z];
  }

  /** Zone -> the zones nested directly in it. */
  public Csr zoneChildren() {
    return zoneChildren;
  }

  public Csr assetFeeds() {
    return assetFeeds;
  }

  /** Zone to the power assets standing in it. */
  public Csr zoneAssets() {
    return zoneAssets;
  }

  /** How many assets feed a zone for one need; 0 means the model does not say what feeds it. */
  public int feederCount(int need, int zone) {
    return zoneFeederCount[need][zone];
  }

  public int backupCount() {
    return backups.length;
  }

  public Backup backup(int b) {
    return backups[b];
  }

  public int backupOf(int b) {
    return backupOf[b];
  }

  /** The zone a backup is kept in, or -1. */
  public int backupZone(int b) {
    return backupZone[b];
  }

  public Csr workloadBackups() {
    return workloadBackups;
  }

  public Csr zoneBackups() {
    return zoneBackups;
  }
}
