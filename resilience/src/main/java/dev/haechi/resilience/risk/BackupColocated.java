package dev.haechi.resilience.risk;

import dev.haechi.core.Finding;
import dev.haechi.resilience.catalog.Backup;
import dev.haechi.resilience.catalog.Placement;
import dev.haechi.resilience.catalog.Workload;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code backup-colocated}: every copy of some data (primary, replicas and backups) is in one zone,
 * so one fire loses it all; or every copy is on one site, so losing the site does. Only for data
 * with at least one backup ({@code no-backup} covers the rest). Severity follows the grade, one
 * step milder for the site case.
 */
public final class BackupColocated implements RiskRule {
  @Override
  public String type() {
    return "backup-colocated";
  }

  @Override
  public List<Finding> findings(RiskContext c) {
    List<Finding> out = new ArrayList<>();
    for (Workload w : c.catalog().workloads()) {
      List<Backup> backups = c.catalog().backupsOf(w.ref());
      if (backups.isEmpty()) {
        continue;
      }
      Set<String> zones = new LinkedHashSet<>();
      for (Placement p : w.placements()) {
        zones.add(p.zone());
      }
      for (Backup b : backups) {
        zones.add(b.zone());
      }
      Set<String> sites = new LinkedHashSet<>();
      for (String z : zones) {
        sites.add(c.catalog().zone(z).map(zone -> zone.site()).orElse(z));
      }
      boolean oneZone = zones.size() == 1;
      if (!oneZone && sites.size() != 1) {
        continue;
      }
      String where =
          oneZone ? "zone " + zones.iterator().next() : "site " + sites.iterator().next();
      List<String> evidence = new ArrayList<>();
      if (!w.placements().isEmpty()) {
        evidence.add(
            w.source().at("haechi.dev/placement")
                + " "
                + w.ref()
                + " placed in "
                + String.join(", ", w.zones()));
      }
      for (Backup b : backups) {
        evidence.add(
            b.source().at("spec.zone") + " backup " + b.name() + " kept in zone " + b.zone());
      }
      out.add(
          new Finding(
              type(),
              oneZone
                  ? RiskContext.severityForGrade(w.grade())
                  : RiskContext.milder(RiskContext.severityForGrade(w.grade())),
              "Every copy of " + w.ref() + " is in " + where,
              Map.of("entity", w.ref().toString()),
              evidence,
              "Keep at least one backup "
                  + (oneZone ? "outside zone " : "on another site than ")
                  + (oneZone ? zones.iterator().next() : sites.iterator().next())
                  + " (3-2-1: three copies, two media, one off-site)."));
    }
    return out;
  }
}
