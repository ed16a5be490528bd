package dev.haechi.resilience.risk;

import dev.haechi.core.Finding;
import dev.haechi.core.Severity;
import dev.haechi.resilience.catalog.Workload;
import dev.haechi.resilience.graph.CatalogGraph;
import dev.haechi.resilience.graph.Csr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code dependency-spof}: one entity whose loss stops {@value #SEVERAL} or more grade-1 services
 * (other than itself) through their dependencies. Critical when the entity itself runs in one zone
 * only (or nowhere in the model), high when it has a standby, since a standby does not help against
 * its own failure (bad release, corruption, the inventory going down with the room it lists).
 *
 * <p>Each entity's dependents are found by a breadth-first search over reverse dependencies with a
 * stamped visited array. Cost is the sum of the reachable sets, quadratic on a dense graph; this
 * rule is for assessment, not for the per-scenario fast path.
 */
public final class DependencySpof implements RiskRule {
  static final int SEVERAL = 2;
  private static final int LISTED = 10;

  @Override
  public String type() {
    return "dependency-spof";
  }

  @Override
  public List<Finding> findings(RiskContext c) {
    CatalogGraph g = c.graph();
    int n = g.workloadCount();
    Csr rdep = g.dependents();
    int[] seen = new int[n];
    int[] queue = new int[n];
    List<Finding> out = new ArrayList<>();
    for (int x = 0; x < n; x++) {
      if (rdep.degree(x) == 0) {
        continue;
      }
      int stamp = x + 1;
      int size = 0;
      queue[size++] = x;
      seen[x] = stamp;
      List<Integer> grade1 = new ArrayList<>();
      for (int head = 0; head < size; head++) {
        int w = queue[head];
        for (int k = rdep.start()[w]; k < rdep.start()[w + 1]; k++) {
          int d = rdep.targets()[k];
          if (seen[d] != stamp) {
            seen[d] = stamp;
            queue[size++] = d;
            if (g.grade(d) == 1) {
              grade1.add(d);
            }
          }
        }
      }
      if (grade1.size() < SEVERAL) {
        continue;
      }
      Workload w = g.workload(x);
      List<String> evidence = new ArrayList<>();
      evidence.add(w.source().at() + " " + w.ref() + " (" + RiskContext.gradeLabel(w) + ")");
      grade1.sort(null);
      for (int d : grade1.subList(0, Math.min(LISTED, grade1.size()))) {
        Workload dw = g.workload(d);
        evidence.add(
            dw.source().at("spec.dependsOn") + " " + dw.ref() + " (grade 1) depends on it");
      }
      if (grade1.size() > LISTED) {
        evidence.add("and " + (grade1.size() - LISTED) + " more grade-1 entities");
      }
      boolean redundant = w.zones().size() >= 2;
      out.add(
          new Finding(
              type(),
              redundant ? Severity.HIGH : Severity.CRITICAL,
              "Losing "
                  + w.ref()
                  + " stops "
                  + grade1.size()
                  + " grade-1 services ("
                  + (size - 1)
                  + " dependents in all)",
              Map.of("entity", w.ref().toString()),
              evidence,
              redundant
                  ? "Make the dependents degrade gracefully without it (cache, queue, read-only"
                      + " mode), or split it so one failure does not reach every grade-1 service."
                  : "Give it a standby in another zone (another site for grade-1 dependents), and"
                      + " make the dependents degrade gracefully without it."));
    }
    return out;
  }
}
