package dev.haechi.resilience.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one catalog file held once read and checked on its own: entities, and the problems found.
 * Cross-file checks (references, duplicates, cycles) come after every file is read.
 */
final class ParsedFile {
  /** A {@code spec.dependencyOf} entry: {@code target} depends on {@code dependency}. */
  record DependencyOf(EntityRef dependency, EntityRef target, String file, int line) {}

  /** A reference to a System, checked once all files are read. */
  record SystemRef(EntityRef from, EntityRef system, String file, int line) {}

  final List<Workload> workloads = new ArrayList<>();
  final List<DependencyOf> dependencyOf = new ArrayList<>();
  final List<SystemRef> systemRefs = new ArrayList<>();
  final List<Site> sites = new ArrayList<>();
  final List<Zone> zones = new ArrayList<>();
  final List<PowerAsset> powerAssets = new ArrayList<>();
  final List<Backup> backups = new ArrayList<>();
  final List<Source> systemSources = new ArrayList<>();
  final List<EntityRef> systems = new ArrayList<>();
  final List<EntityRef> groups = new ArrayList<>();
  final List<CatalogProblem> errors = new ArrayList<>();
  final List<CatalogProblem> warnings = new ArrayList<>();

  /** Files or documents that are not catalog entities, with why each was skipped. */
  final List<CatalogProblem> skipped = new ArrayList<>();

  final Map<String, Integer> skippedKinds = new TreeMap<>();
}
