package dev.haechi.resilience.risk;

import dev.haechi.core.Durations;
import dev.haechi.core.Finding;
import dev.haechi.resilience.catalog.Workload;
import dev.haechi.resilience.graph.CatalogGraph;
import dev.haechi.resilience.graph.Csr;
import dev.haechi.resilience.recovery.EffortRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code rto-unachievable}: bringing an entity back takes longer than its RTO, counting its own
 * restore effort and the longest chain of dependencies that must come back before it.
 *
 * <p>Recovery time {@code R(e) = own(e) + max R(d)} over what {@code e} depends on (dependencies
 * are restored in parallel at best, then {@code e}); {@code own(e)} is its {@code restore-effort}
 * (the planner's default of 8 hours when none is given, flagged in the evidence), or zero when it
 * is placed in two or more zones (a standby or replica takes over) or nowhere. It is the critical
 * path of a loss that takes out each entity's only zone, one crew per entity; crews shared between
 * entities only make it longer. Computed for all entities in one pass in dependency order (the
 * catalog has no cycles).
 */
public final class RtoUnachievable implements RiskRule {
  /**
   * Steps of the chain listed as evidence. A chain is as long as the catalog is deep, so the list
   * is capped (a deep catalog with many late entities would otherwise write depth × entities
   * lines); 50 lists every chain of the demo catalogs (the longest has 9 steps) and readers fold
   * what they do not show.
   */
  static final int CHAIN_SHOWN = 50;

  @Override
  public String type() {
    return "rto-unachievable";
  }

  @Override
  public List<Finding> findings(RiskContext c) {
    CatalogGraph g = c.graph();
    int n = g.workloadCount();
    long[] recovery = new long[n];
    int[] via = new int[n];
    Csr deps = g.dependencies();
    for (int w : dependencyOrder(g)) {
      long longest = 0;
      via[w] = -1;
      for (int k = deps.start()[w]; k < deps.start()[w + 1]; k++) {
        int d = deps.targets()[k];
        if (recovery[d] > longest) {
          longest = recovery[d];
          via[w] = d;
        }
      }
      recovery[w] = own(g.workload(w)) + longest;
    }
    List<Finding> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Workload w = g.workload(i);
      if (w.rto() == null || recovery[i] <= w.rto().getSeconds()) {
        continue;
      }
      List<String> evidence = new ArrayList<>();
      evidence.add(
          w.source().at("haechi.dev/rto") + " haechi.dev/rto: " + Durations.format(w.rto()));
      int steps = 0;
      for (int e = i; e >= 0; e = via[e], steps++) {
        if (steps == CHAIN_SHOWN) {
          int rest = 0;
          for (int r = e; r >= 0; r = via[r]) {
            rest++;
          }
          evidence.add(
              "and "
                  + rest
                  + " more entities further down the chain (the evidence lists "
                  + CHAIN_SHOWN
                  + " steps)");
          break;
        }
        Workload x = g.workload(e);
        long own = own(x);
        evidence.add(
            x.source().at("haechi.dev/restore-effort")
                + " "
                + x.ref()
                + (own > 0
                    ? " restores in "
                        + Durations.format(Duration.ofSeconds(own))
                        + (EffortRule.effortDefaulted(x)
                            ? " (default: no haechi.dev/restore-effort given)"
                            : "")
                    : x.zones().size() >= 2
                        ? " has a standby in another zone"
                        : " (placed nowhere)"));
      }
      out.add(
          new Finding(
              type(),
              RiskContext.severityForGrade(w.grade()),
              w.ref()
                  + " needs "
                  + Durations.format(Duration.ofSeconds(recovery[i]))
                  + " to come back, more than its RTO of "
                  + Durations.format(w.rto()),
              Map.of("entity", w.ref().toString()),
              evidence,
              "Add a standby in another zone for the entities on this chain, shorten their"
                  + " restore (automation, warm spares), or agree a longer RTO."));
    }
    return out;
  }

  private static long own(Workload w) {
    if (w.placements().isEmpty() || w.zones().size() >= 2) {
      return 0;
    }
    // the planner's rule for a missing restore-effort: the documented default, flagged
    return EffortRule.restoreEffort(w).getSeconds();
  }

  /** Workloads ordered so that each comes after everything it depends on (iterative DFS). */
  static int[] dependencyOrder(CatalogGraph g) {
    int n = g.workloadCount();
    Csr deps = g.dependencies();
    int[] order = new int[n];
    int size = 0;
    boolean[] seen = new boolean[n];
    int[] stack = new int[n];
    int[] next = new int[n];
    for (int s = 0; s < n; s++) {
      if (seen[s]) {
        continue;
      }
      int top = 0;
      stack[0] = s;
      next[0] = deps.start()[s];
      seen[s] = true;
      while (top >= 0) {
        int w = stack[top];
        if (next[top] < deps.start()[w + 1]) {
          int d = deps.targets()[next[top]++];
          if (!seen[d]) {
            seen[d] = true;
            top++;
            stack[top] = d;
            next[top] = deps.start()[d];
          }
        } else {
          order[size++] = w;
          top--;
        }
      }
    }
    return order;
  }
}
