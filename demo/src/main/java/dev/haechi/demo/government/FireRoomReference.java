package dev.haechi.demo.government;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A deliberately simple reference count for the manifest: which entities are down when one zone is
 * lost, by this rule — an entity is down when none of its placements (any role) lies outside the
 * zone; a component is also down when anything it depends on is down. It ignores power feeds and
 * replica lag, so the resilience engine's simulation may differ in detail; the manifest states the
 * rule next to the number.
 */
final class FireRoomReference {
  private FireRoomReference() {}

  static Set<String> down(GovernmentCatalog catalog, String zone) {
    Map<String, CatalogEntity> byRef = new HashMap<>();
    for (CatalogEntity e : catalog.resources()) {
      byRef.put(e.ref(), e);
    }
    for (CatalogEntity e : catalog.components()) {
      byRef.put(e.ref(), e);
    }
    Set<String> down = new HashSet<>();
    for (List<CatalogEntity> list : List.of(catalog.resources(), catalog.components())) {
      for (CatalogEntity e : list) {
        boolean placedOutside = e.zones().stream().anyMatch(z -> !z.equals(zone));
        boolean dependencyDown = e.dependsOn.stream().anyMatch(down::contains);
        if (!placedOutside || dependencyDown) {
          down.add(e.ref());
        }
      }
    }
    return down;
  }

  /** Refs of the components among {@code refs}. */
  static Set<String> components(Set<String> refs) {
    Set<String> result = new HashSet<>();
    for (String r : refs) {
      if (r.startsWith("component:")) {
        result.add(r);
      }
    }
    return result;
  }
}
