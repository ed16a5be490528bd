package dev.haechi.resilience.risk;

import dev.haechi.core.Finding;
import dev.haechi.core.Severity;
import dev.haechi.resilience.catalog.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code single-zone-critical}: a grade-1 or grade-2 entity placed in one zone only, so one fire or
 * power cut stops it. High for grade 1, medium for grade 2.
 */
public final class SingleZoneCritical implements RiskRule {
  @Override
  public String type() {
    return "single-zone-critical";
  }

  @Override
  public List<Finding> findings(RiskContext c) {
    List<Finding> out = new ArrayList<>();
    for (Workload w : c.catalog().workloads()) {
      if (!w.critical() || w.zones().size() != 1) {
        continue;
      }
      String zone = w.zones().get(0);
      out.add(
          new Finding(
              type(),
              w.grade() == 1 ? Severity.HIGH : Severity.MEDIUM,
              w.ref() + " (grade " + w.grade() + ") runs only in zone " + zone,
              Map.of("entity", w.ref().toString(), "zone", zone),
              List.of(
                  w.source().at("haechi.dev/placement")
                      + " haechi.dev/placement places it only in zone "
                      + zone),
              "Add a "
                  + (w.holdsData() ? "replica" : "standby")
                  + " in another zone"
                  + (w.grade() == 1 ? ", preferably on another site" : "")
                  + "."));
    }
    return out;
  }
}
