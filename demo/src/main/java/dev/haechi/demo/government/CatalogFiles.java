package dev.haechi.demo.government;

import dev.haechi.demo.output.JsonText;
import dev.haechi.demo.output.OutputFolder;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes the catalog directory: Backstage descriptor files (FORMATS.md §3; Backstage's "Descriptor
 * Format of Catalog Entities") for groups, users, systems, components, resources and APIs, a {@code
 * Location} that lists them, and Haechi's own kinds (Site, Zone, PowerAsset, Backup). Kinds Haechi
 * does not use ({@code API}, {@code User}, {@code Location}) are included on purpose, so that
 * readers show they skip them.
 */
final class CatalogFiles {
  static final List<String> FILES =
      List.of(
          "catalog-info.yaml",
          "org.yaml",
          "systems.yaml",
          "sites.yaml",
          "power.yaml",
          "components.yaml",
          "resources.yaml",
          "backups.yaml",
          "apis.yaml");

  private CatalogFiles() {}

  static void write(OutputFolder folder, GovernmentCatalog catalog) throws IOException {
    try (Writer out = folder.open("catalog-info.yaml")) {
      out.write("apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n");
      out.write("  name: government-catalog\n  description: Every file of the demo catalog.\n");
      out.write("spec:\n  targets:\n");
      for (String f : FILES.subList(1, FILES.size())) {
        out.write("    - ./" + f + "\n");
      }
    }
    try (Writer out = folder.open("org.yaml")) {
      group(out, GovernmentCatalog.PLATFORM_OWNER, "국가정보자원관리원", "organization", null, true);
      group(out, "nirs-ops", "운영팀", "team", GovernmentCatalog.PLATFORM_OWNER, false);
      for (String[] a : Agencies.AGENCIES) {
        group(out, a[0], a[1], "organization", null, false);
      }
      String[][] users = {{"hpark", "박현우"}, {"sylee", "이서연"}, {"mjchoi", "최민준"}};
      for (String[] u : users) {
        out.write("---\napiVersion: backstage.io/v1alpha1\nkind: User\nmetadata:\n");
        out.write("  name: " + u[0] + "\nspec:\n  profile:\n");
        out.write("    displayName: " + YamlText.scalar(u[1]) + "\n");
        out.write("    email: " + u[0] + "@nirs.example\n  memberOf: [nirs-ops]\n");
      }
    }
    try (Writer out = folder.open("systems.yaml")) {
      system(
          out,
          GovernmentCatalog.PLATFORM_SYSTEM,
          "범정부 공통 플랫폼",
          GovernmentCatalog.PLATFORM_OWNER,
          true);
      for (String[] a : Agencies.AGENCIES) {
        system(out, a[0] + "-services", a[1] + " 정보시스템", a[0], false);
      }
    }
    try (Writer out = folder.open("sites.yaml")) {
      PhysicalEstate.writeSites(out);
    }
    try (Writer out = folder.open("power.yaml")) {
      PhysicalEstate.writePower(out);
    }
    try (Writer out = folder.open("components.yaml")) {
      entities(out, catalog.components());
    }
    try (Writer out = folder.open("resources.yaml")) {
      entities(out, catalog.resources());
    }
    try (Writer out = folder.open("backups.yaml")) {
      boolean first = true;
      for (Backup b : catalog.backups()) {
        out.write(first ? "" : "---\n");
        first = false;
        out.write("apiVersion: haechi.dev/v1alpha1\nkind: Backup\nmetadata:\n");
        out.write("  name: " + b.name() + "\nspec:\n");
        out.write("  of: " + b.of() + "\n  zone: " + b.zone() + "\n  interval: " + b.interval());
        out.write("\n  lastSuccess: " + b.lastSuccess() + "\n");
        if (b.lastRestoreTest() != null) {
          out.write("  lastRestoreTest: " + b.lastRestoreTest() + "\n");
        }
        out.write("  immutable: " + b.immutable() + "\n");
      }
    }
    try (Writer out = folder.open("apis.yaml")) {
      api(out, "gov24-api", "mois", "gov24");
      api(out, "hometax-api", "nts", "hometax");
    }
  }

  private static void group(
      Writer out, String name, String title, String type, String parent, boolean first)
      throws IOException {
    out.write(first ? "" : "---\n");
    out.write("apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: " + name + "\n");
    out.write("spec:\n  type: " + type + "\n  profile:\n");
    out.write("    displayName: " + YamlText.scalar(title) + "\n");
    if (parent != null) {
      out.write("  parent: " + parent + "\n");
    }
    out.write("  children: []\n");
  }

  private static void system(Writer out, String name, String title, String owner, boolean first)
      throws IOException {
    out.write(first ? "" : "---\n");
    out.write("apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata:\n  name: " + name + "\n");
    out.write("  title: " + YamlText.scalar(title) + "\nspec:\n  owner: group:default/" + owner);
    out.write("\n");
  }

  private static void api(Writer out, String name, String owner, String provider)
      throws IOException {
    out.write(name.startsWith("gov24") ? "" : "---\n");
    out.write("apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: " + name + "\n");
    out.write("spec:\n  type: openapi\n  lifecycle: production\n");
    out.write("  owner: group:default/" + owner + "\n  system: " + owner + "-services\n");
    out.write("  definition: |\n    openapi: 3.0.3\n    info:\n      title: " + name + "\n");
    out.write("      version: 1.0.0\n    paths: {}\n");
  }

  private static void entities(Writer out, List<CatalogEntity> entities) throws IOException {
    StringBuilder b = new StringBuilder(1024);
    boolean first = true;
    for (CatalogEntity e : entities) {
      b.setLength(0);
      b.append(first ? "" : "---\n");
      first = false;
      b.append("apiVersion: backstage.io/v1alpha1\nkind: ").append(e.kind).append('\n');
      b.append("metadata:\n  name: ").append(e.name).append('\n');
      if (e.title != null) {
        b.append("  title: ").append(YamlText.scalar(e.title)).append('\n');
      }
      if (e.description != null) {
        b.append("  description: ").append(YamlText.scalar(e.description)).append('\n');
      }
      b.append("  annotations:\n");
      annotation(b, "grade", Integer.toString(e.grade));
      annotation(b, "rto", e.rto);
      annotation(b, "rpo", e.rpo);
      annotation(b, "placement", String.join(",", e.placement));
      annotation(b, "restore-effort", Integer.toString(e.restoreEffort));
      annotation(b, "public-name", e.publicName);
      b.append("spec:\n  type: ").append(e.type).append('\n');
      if (e.isComponent()) {
        b.append("  lifecycle: production\n");
      }
      b.append("  owner: group:default/").append(e.owner).append('\n');
      b.append("  system: ").append(e.system).append('\n');
      if (!e.dependsOn.isEmpty()) {
        b.append("  dependsOn:\n");
        for (String ref : e.dependsOn) {
          b.append("    - ").append(ref).append('\n');
        }
      }
      out.append(b);
    }
  }

  private static void annotation(StringBuilder b, String name, String value) {
    if (value != null) {
      b.append("    haechi.dev/").append(name).append(": ");
      JsonText.quote(b, value).append('\n');
    }
  }
}
