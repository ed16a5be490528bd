package dev.haechi.resilience.risk;

import dev.haechi.core.Finding;
import dev.haechi.resilience.catalog.Placement;
import dev.haechi.resilience.catalog.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code no-backup}: an entity that keeps data (a Resource, or anything with a data role) with no
 * Backup at all. Replicas do not count: they copy deletions, corruption and ransomware as
 * faithfully as data. Severity follows the grade.
 */
public final class NoBackup implements RiskRule {
  @Override
  public String type() {
    return "no-backup";
  }

  @Override
  public List<Finding> findings(RiskContext c) {
    List<Finding> out = new ArrayList<>();
    for (Workload w : c.catalog().workloads()) {
      if (!w.holdsData() || !c.catalog().backupsOf(w.ref()).isEmpty()) {
        continue;
      }
      List<String> evidence = new ArrayList<>();
      evidence.add(
          w.source().at() + " " + w.ref() + " (" + RiskContext.gradeLabel(w) + ") keeps data");
      evidence.add("no Backup in the catalog has spec.of: " + w.ref());
      List<Placement> replicas =
          w.placements().stream().filter(p -> p.role().name().startsWith("REPLICA")).toList();
      if (!replicas.isEmpty()) {
        evidence.add(
            w.source().at("haechi.dev/placement")
                + " has "
                + replicas.size()
                + " replica(s), which are not backups");
      }
      out.add(
          new Finding(
              type(),
              RiskContext.severityForGrade(w.grade()),
              w.ref() + " has no backup",
              Map.of("entity", w.ref().toString()),
              evidence,
              "Back it up to a zone on another site (immutable if possible), on an interval that"
                  + " meets its RPO, and test a restore."));
    }
    return out;
  }
}
