package dev.haechi.resilience.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks the files of a catalog together: duplicate entities (naming both files), references to
 * zones, sites, power assets and backed-up entities that do not exist, placements in unknown zones,
 * and dependency cycles (each named). Returns the catalog only when no problem was found.
 * Dependencies on entities the catalog does not hold are not problems: they are kept as external (a
 * warning each) and taken to be running, so an existing Backstage catalog loads as it is.
 *
 * <p>Design note: cycles are found with an iterative depth-first search (white/grey/black
 * colouring, Cormen et al., ch. 22.3): a grey target of an edge closes a cycle, which is read off
 * the stack. Iterative, so a 100,000-deep dependency chain cannot overflow the call stack.
 */
final class CatalogValidator {
  private static final int MAX_CYCLES = 20;

  private final List<CatalogProblem> errors = new ArrayList<>();
  private final List<CatalogProblem> warnings = new ArrayList<>();
  private final List<CatalogProblem> skippedFiles = new ArrayList<>();
  private final Set<EntityRef> externals = new HashSet<>();

  private CatalogValidator() {}

  static LoadedCatalog validate(List<ParsedFile> files) {
    return new CatalogValidator().run(files);
  }

  private LoadedCatalog run(List<ParsedFile> files) {
    Map<String, Integer> skipped = new TreeMap<>();
    Map<EntityRef, Workload> workloads = new HashMap<>();
    Map<String, Site> sites = new HashMap<>();
    Map<String, Zone> zones = new HashMap<>();
    Map<String, PowerAsset> assets = new HashMap<>();
    Map<String, Backup> backups = new HashMap<>();
    Set<EntityRef> systems = new HashSet<>();
    Set<EntityRef> groups = new HashSet<>();
    for (ParsedFile f : files) {
      errors.addAll(f.errors);
      warnings.addAll(f.warnings);
      skippedFiles.addAll(f.skipped);
      f.skippedKinds.forEach((k, v) -> skipped.merge(k, v, Integer::sum));
      for (Workload w : f.workloads) {
        unique(workloads, w.ref(), w, Workload::source, "");
      }
      for (Site s : f.sites) {
        unique(sites, s.name(), s, Site::source, "site ");
      }
      for (Zone z : f.zones) {
        unique(zones, z.name(), z, Zone::source, "zone ");
      }
      for (PowerAsset a : f.powerAssets) {
        unique(assets, a.name(), a, PowerAsset::source, "power asset ");
      }
      for (Backup b : f.backups) {
        unique(backups, b.name(), b, Backup::source, "backup ");
      }
      systems.addAll(f.systems);
      groups.addAll(f.groups);
    }

    // spec.dependencyOf: the named entity depends on the declaring one.
    Map<EntityRef, List<EntityRef>> extraDeps = new HashMap<>();
    for (ParsedFile f : files) {
      for (ParsedFile.DependencyOf d : f.dependencyOf) {
        if (!workloads.containsKey(d.target())) {
          // Outside the catalog: what depends on this entity there is not modelled here.
          externals.add(d.target());
          warnings.add(
              new CatalogProblem(
                  d.file(),
                  d.line(),
                  d.dependency()
                      + " is a dependency of "
                      + d.target()
                      + ", not in the catalog: kept as external"));
        } else {
          extraDeps.computeIfAbsent(d.target(), k -> new ArrayList<>()).add(d.dependency());
        }
      }
      for (ParsedFile.SystemRef s : f.systemRefs) {
        if (!systems.contains(s.system())) {
          warnings.add(
              new CatalogProblem(
                  s.file(),
                  s.line(),
                  s.from() + " is part of " + s.system() + ", not in the catalog"));
        }
      }
    }
    if (!extraDeps.isEmpty()) {
      extraDeps.forEach(
          (target, deps) -> {
            Workload w = workloads.get(target);
            Set<EntityRef> all = new LinkedHashSet<>(w.dependsOn());
            all.addAll(deps);
            workloads.put(target, withDependencies(w, new ArrayList<>(all)));
          });
    }

    for (Zone z : zones.values()) {
      if (z.site() != null && !sites.containsKey(z.site())) {
        error(
            z.source(), "spec.site", "zone " + z.name() + " is in unknown site '" + z.site() + "'");
      }
      if (z.parent() != null && !zones.containsKey(z.parent())) {
        error(
            z.source(),
            "spec.parent",
            "zone " + z.name() + " has unknown parent zone '" + z.parent() + "'");
      } else if (z.parent() != null) {
        // zones nest (a room in a floor); a chain that comes back to itself contains nothing
        Set<String> chain = new LinkedHashSet<>();
        Zone at = z;
        while (at != null && at.parent() != null && chain.add(at.name())) {
          at = zones.get(at.parent());
        }
        if (at != null && at.parent() != null && at.name().equals(z.name())) {
          error(
              z.source(),
              "spec.parent",
              "zone "
                  + z.name()
                  + " is nested in itself: "
                  + String.join(" -> ", chain)
                  + " -> "
                  + z.name());
        }
      }
    }
    for (PowerAsset a : assets.values()) {
      if (a.zone() != null && !zones.containsKey(a.zone())) {
        error(
            a.source(),
            "spec.zone",
            "power asset " + a.name() + " stands in unknown zone '" + a.zone() + "'");
      }
      for (String z : a.feeds()) {
        if (!zones.containsKey(z)) {
          error(
              a.source(),
              "spec.feeds",
              "power asset " + a.name() + " feeds unknown zone '" + z + "'");
        }
      }
    }
    for (Backup b : backups.values()) {
      if (b.zone() != null && !zones.containsKey(b.zone())) {
        error(
            b.source(),
            "spec.zone",
            "backup " + b.name() + " is kept in unknown zone '" + b.zone() + "'");
      }
      if (!workloads.containsKey(b.of())) {
        error(
            b.source(),
            "spec.of",
            "backup " + b.name() + " is of " + b.of() + ", which does not exist");
      }
    }
    // Number the workloads once; dependencies become int arrays for the cycle search.
    EntityRef[] sortedRefs = workloads.keySet().toArray(new EntityRef[0]);
    java.util.Arrays.parallelSort(sortedRefs); // 100,000 string compares x 17 on large catalogs
    List<EntityRef> order = java.util.Arrays.asList(sortedRefs);
    Map<EntityRef, Integer> index = new HashMap<>(order.size() * 2);
    for (int i = 0; i < order.size(); i++) {
      index.put(order.get(i), i);
    }
    int[][] deps = new int[order.size()][];
    // the look-ups (a million on the largest catalogs) in parallel; -1 for a reference outside
    // the catalog, handled in order below
    Workload[] byIndex = new Workload[order.size()];
    for (int i = 0; i < byIndex.length; i++) {
      byIndex[i] = workloads.get(order.get(i));
    }
    int[][] resolved = new int[order.size()][];
    java.util.stream.IntStream.range(0, byIndex.length)
        .parallel()
        .forEach(
            i -> {
              List<EntityRef> ds = byIndex[i].dependsOn();
              int[] row = new int[ds.size()];
              for (int k = 0; k < row.length; k++) {
                Integer j = index.get(ds.get(k));
                row[k] = j == null ? -1 : j;
              }
              resolved[i] = row;
            });
    for (int i = 0; i < order.size(); i++) {
      Workload w = byIndex[i];
      int[] found = resolved[i];
      for (Placement p : w.placements()) {
        if (!zones.containsKey(p.zone())) {
          error(
              w.source(),
              "haechi.dev/placement",
              w.ref() + " is placed in unknown zone '" + p.zone() + "'");
        }
      }
      boolean allFound = true;
      for (int j : found) {
        if (j < 0) {
          allFound = false;
          break;
        }
      }
      if (allFound) {
        deps[i] = found; // the usual case: every dependency is in the catalog
        continue;
      }
      int[] row = new int[w.dependsOn().size()];
      int k = 0;
      List<EntityRef> internal = null;
      for (int x = 0; x < found.length; x++) {
        EntityRef d = w.dependsOn().get(x);
        int j = found[x];
        if (j < 0) {
          // An entity outside the folder (another team's catalog, an API, a SaaS): kept as
          // external and taken to be running, since the catalog does not say where it runs.
          externals.add(d);
          warn(
              w.source(),
              "spec.dependsOn",
              w.ref()
                  + " depends on "
                  + d
                  + ", which is not a component or resource in the catalog:"
                  + " kept as external, taken to be running");
          if (internal == null) {
            internal = new ArrayList<>(w.dependsOn().subList(0, k));
          }
        } else {
          row[k++] = j;
          if (internal != null) {
            internal.add(d);
          }
        }
      }
      deps[i] = k == row.length ? row : java.util.Arrays.copyOf(row, k);
      if (internal != null) {
        workloads.put(w.ref(), withDependencies(w, internal));
      }
    }
    findCycles(order, deps, workloads); // over the dependencies that resolved
    if (!errors.isEmpty()) {
      Collections.sort(errors);
      throw new CatalogException(errors);
    }
    Collections.sort(warnings);
    // in reference order already, with the dependencies resolved above (the graph reuses them)
    List<Workload> sorted = new ArrayList<>(order.size());
    for (EntityRef r : order) {
      sorted.add(workloads.get(r));
    }
    Catalog catalog =
        Catalog.ofResolved(
            sorted,
            deps,
            sites.values(),
            zones.values(),
            assets.values(),
            backups.values(),
            systems,
            groups);
    Collections.sort(skippedFiles);
    return new LoadedCatalog(catalog, new LoadReport(skipped, warnings, skippedFiles, externals));
  }

  private static Workload withDependencies(Workload w, List<EntityRef> deps) {
    return new Workload(
        w.ref(),
        w.kind(),
        w.type(),
        w.grade(),
        w.rto(),
        w.rpo(),
        w.placements(),
        deps,
        w.restoreEffort(),
        w.publicName(),
        w.replicaLag(),
        w.system(),
        w.source());
  }

  private <K, V> void unique(
      Map<K, V> map, K key, V value, java.util.function.Function<V, Source> sourceOf, String kind) {
    V previous = map.putIfAbsent(key, value);
    if (previous != null) {
      // the first definition is the one the map kept
      Source first = sourceOf.apply(previous);
      Source source = sourceOf.apply(value);
      errors.add(
          new CatalogProblem(
              source.file(),
              source.line(),
              "duplicate " + kind + key + ", first defined at " + first.at()));
    }
  }

  private void warn(Source s, String field, String reason) {
    Integer line = s.fieldLines().get(field);
    warnings.add(new CatalogProblem(s.file(), line == null ? s.line() : line, reason));
  }

  private void error(Source s, String field, String reason) {
    Integer line = s.fieldLines().get(field);
    errors.add(new CatalogProblem(s.file(), line == null ? s.line() : line, reason));
  }

  private void findCycles(List<EntityRef> order, int[][] deps, Map<EntityRef, Workload> workloads) {
    int n = order.size();
    byte[] color = new byte[n]; // 0 white, 1 grey (on the path), 2 black (done)
    int[] path = new int[n];
    int[] next = new int[n];
    int found = 0;
    for (int start = 0; start < n && found < MAX_CYCLES; start++) {
      if (color[start] != 0) {
        continue;
      }
      int top = 0;
      path[0] = start;
      next[0] = 0;
      color[start] = 1;
      while (top >= 0) {
        int w = path[top];
        if (next[top] < deps[w].length) {
          int d = deps[w][next[top]++];
          if (color[d] == 0) {
            color[d] = 1;
            top++;
            path[top] = d;
            next[top] = 0;
          } else if (color[d] == 1 && found < MAX_CYCLES) {
            found++;
            int from = top;
            while (path[from] != d) {
              from--;
            }
            StringBuilder b = new StringBuilder("dependency cycle: ");
            for (int i = from; i <= top; i++) {
              b.append(order.get(path[i])).append(" -> ");
            }
            b.append(order.get(d));
            error(workloads.get(order.get(d)).source(), "spec.dependsOn", b.toString());
          }
        } else {
          color[w] = 2;
          top--;
        }
      }
    }
  }
}
