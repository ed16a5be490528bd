package dev.haechi.demo.government;

import java.util.ArrayList;
import java.util.List;

/**
 * A Backstage {@code Component} or {@code Resource} with Haechi's annotations (FORMATS.md §3),
 * filled in while the catalog is generated.
 */
final class CatalogEntity {
  final String kind;
  final String name;
  final String type;
  final String owner;
  final String system;
  final int grade;
  String title;
  String description;
  String rto;
  String rpo;
  String publicName;
  int restoreEffort;

  /** {@code ZONE:ROLE} entries. */
  final List<String> placement = new ArrayList<>();

  /** Entity references such as {@code resource:default/gov24-db}. */
  final List<String> dependsOn = new ArrayList<>();

  CatalogEntity(String kind, String name, String type, String owner, String system, int grade) {
    this.kind = kind;
    this.name = name;
    this.type = type;
    this.owner = owner;
    this.system = system;
    this.grade = grade;
  }

  String ref() {
    return kind.toLowerCase(java.util.Locale.ROOT) + ":default/" + name;
  }

  boolean isComponent() {
    return kind.equals("Component");
  }

  /** The zones it is placed in, with any role. */
  List<String> zones() {
    List<String> zones = new ArrayList<>();
    for (String p : placement) {
      zones.add(p.substring(0, p.indexOf(':')));
    }
    return zones;
  }

  /** Where it runs: the {@code active} or {@code primary} zone. */
  String mainZone() {
    return placement.get(0).substring(0, placement.get(0).indexOf(':'));
  }

  boolean hasRole(String role) {
    for (String p : placement) {
      if (p.endsWith(":" + role)) {
        return true;
      }
    }
    return false;
  }
}
