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
 * <p>Design note: counting every entity's transitive dependents exactly is a transitive-closure
 * problem (quadratic on large catalogs). The rule needs only "at least {@value #SEVERAL}" and a
 * short list for evidence, so each entity keeps a set of at most {@value #CAP} grade-1 dependents,
 * built in one pass from dependents to dependencies: {@code S(x) = cap(union over dependents d of
 * S(d), plus d if d is grade 1)}. That is {@code O(edges * CAP)}, and exact up to {@value #CAP};
 * beyond it the finding says "more than".
 */
public final class DependencySpof implements RiskRule {
  static final int SEVERAL = 2;
  static final int CAP = 10;
  private static final int[] NONE = new int[0];

  @Override
  public String type() {
    return "dependency-spof";
  }

  @Override
  public List<Finding> findings(RiskContext c) {
    CatalogGraph g = c.graph();
    int n = g.workloadCount();
    Csr rdep = g.dependents();
    int[][] grade1 = new int[n][];
    boolean[] more = new boolean[n];
    int[] order = RtoUnachievable.dependencyOrder(g); // dependencies before dependents
    int[] buffer = new int[CAP];
    for (int o = n - 1; o >= 0; o--) {
      int x = order[o];
      int size = 0;
      boolean overflow = false;
      for (int k = rdep.start()[x]; k < rdep.start()[x + 1]; k++) {
        int d = rdep.targets()[k];
        overflow |= more[d];
        if (g.grade(d) == 1) {
          if (size < CAP) {
            size = add(buffer, size, d);
          } else if (!contains(buffer, size, d)) {
            overflow = true;
          }
        }
        for (int e : grade1[d]) {
          if (size < CAP) {
            size = add(buffer, size, e);
          } else if (!contains(buffer, size, e)) {
            overflow = true;
          }
        }
      }
      grade1[x] = size == 0 ? NONE : java.util.Arrays.copyOf(buffer, size);
      more[x] = overflow;
    }
    List<Finding> out = new ArrayList<>();
    for (int x = 0; x < n; x++) {
      if (grade1[x].length < SEVERAL) {
        continue;
      }
      Workload w = g.workload(x);
      String count = more[x] ? "more than " + CAP : Integer.toString(grade1[x].length);
      List<String> evidence = new ArrayList<>();
      evidence.add(w.source().at() + " " + w.ref() + " (" + RiskContext.gradeLabel(w) + ")");
      int[] listed = grade1[x].clone();
      java.util.Arrays.sort(listed);
      for (int d : listed) {
        Workload dw = g.workload(d);
        evidence.add(
            dw.source().at("spec.dependsOn")
                + " "
                + dw.ref()
                + " (grade 1) depends on it"
                + (rdep.row(x).length > 0 && contains(rdep.row(x), rdep.degree(x), d)
                    ? ""
                    : " through other entities"));
      }
      if (more[x]) {
        evidence.add("and more grade-1 entities");
      }
      boolean redundant = w.zones().size() >= 2;
      out.add(
          new Finding(
              type(),
              redundant ? Severity.HIGH : Severity.CRITICAL,
              "Losing " + w.ref() + " stops " + count + " grade-1 services",
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

  private static int add(int[] set, int size, int value) {
    return contains(set, size, value) ? size : append(set, size, value);
  }

  private static int append(int[] set, int size, int value) {
    set[size] = value;
    return size + 1;
  }

  private static boolean contains(int[] set, int size, int value) {
    for (int i = 0; i < size; i++) {
      if (set[i] == value) {
        return true;
      }
    }
    return false;
  }
}
