package dev.haechi.resilience.risk;

import dev.haechi.core.Finding;
import dev.haechi.core.Severity;
import dev.haechi.resilience.catalog.Placement;
import dev.haechi.resilience.catalog.PowerAsset;
import dev.haechi.resilience.catalog.Workload;
import dev.haechi.resilience.graph.CatalogGraph;
import dev.haechi.resilience.graph.Csr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code battery-shares-zone-with-critical}: a lithium-ion asset standing in a zone that hosts a
 * grade-1 or grade-2 placement, so that a battery fire destroys essential systems with it (the NIRS
 * fire started in such a room). Always critical.
 *
 * <p>The evidence names every grade-1/2 entity in the zone (one line each, bounded by what the zone
 * hosts); readers that show fewer lines (the console) fold the rest themselves.
 */
public final class BatterySharesZoneWithCritical implements RiskRule {
  @Override
  public String type() {
    return "battery-shares-zone-with-critical";
  }

  @Override
  public List<Finding> findings(RiskContext c) {
    CatalogGraph g = c.graph();
    Csr zw = g.zoneWorkloads();
    List<Finding> out = new ArrayList<>();
    for (PowerAsset a : c.catalog().powerAssets()) {
      if (!a.lithiumIon() || a.zone() == null) {
        continue;
      }
      int z = g.zoneIndex(a.zone());
      List<Workload> critical = new ArrayList<>();
      int last = -1;
      for (int k = zw.start()[z]; k < zw.start()[z + 1]; k++) {
        int w = zw.targets()[k];
        if (w != last && (g.grade(w) == 1 || g.grade(w) == 2)) {
          critical.add(g.workload(w));
        }
        last = w;
      }
      if (critical.isEmpty()) {
        continue;
      }
      List<String> evidence = new ArrayList<>();
      evidence.add(
          a.source().at("spec.zone")
              + " "
              + a.name()
              + " ("
              + a.chemistry()
              + ") stands in zone "
              + a.zone());
      for (Workload w : critical) {
        String role =
            w.placements().stream()
                .filter(p -> p.zone().equals(a.zone()))
                .map(Placement::role)
                .findFirst()
                .map(r -> r.label())
                .orElse("");
        evidence.add(
            w.source().at("haechi.dev/placement")
                + " "
                + w.ref()
                + " (grade "
                + w.grade()
                + ") is placed there as "
                + role);
      }
      long grade1 = critical.stream().filter(w -> w.grade() == 1).count();
      out.add(
          new Finding(
              type(),
              Severity.CRITICAL,
              "Lithium-ion battery "
                  + a.name()
                  + " shares zone "
                  + a.zone()
                  + " with "
                  + critical.size()
                  + " grade-1/2 entities ("
                  + grade1
                  + " grade 1)",
              Map.of("entity", a.ref().toString(), "zone", a.zone()),
              evidence,
              "Move the battery to its own fire compartment (separate battery room with"
                  + " suppression), or move the grade-1/2 systems out of zone "
                  + a.zone()
                  + "."));
    }
    return out;
  }
}
