package dev.haechi.resilience.risk;

import dev.haechi.core.Finding;
import dev.haechi.core.Severity;
import dev.haechi.resilience.catalog.Catalog;
import dev.haechi.resilience.graph.CatalogGraph;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds what would turn a fire or outage into a disaster, as of a date: the ten resilience finding
 * types of FORMATS.md §4, one {@link RiskRule} each. Findings are ordered most severe first, then
 * by type in {@link #RULES} order, then by the entity they are about.
 */
public final class RiskAssessment {
  /** Every rule, in the order FORMATS.md lists the finding types. */
  public static final List<RiskRule> RULES =
      List.of(
          new BatteryPastLife(),
          new BatteryPastWarranty(),
          new RecommendationOpen(),
          new BatterySharesZoneWithCritical(),
          new NoBackup(),
          new BackupColocated(),
          new RpoUnachievable(),
          new RtoUnachievable(),
          new SingleZoneCritical(),
          new DependencySpof());

  private RiskAssessment() {}

  public static AssessmentResult assess(Catalog catalog, LocalDate asOf) {
    return assess(CatalogGraph.compile(catalog), asOf);
  }

  public static AssessmentResult assess(CatalogGraph graph, LocalDate asOf) {
    RiskContext context = new RiskContext(graph, asOf);
    List<Finding> findings = new ArrayList<>();
    Map<String, Integer> typeOrder = new LinkedHashMap<>();
    Map<String, Integer> byType = new LinkedHashMap<>();
    for (RiskRule rule : RULES) {
      typeOrder.put(rule.type(), typeOrder.size());
      List<Finding> found = rule.findings(context);
      byType.put(rule.type(), found.size());
      findings.addAll(found);
    }
    findings.sort(
        Comparator.comparing(Finding::severity)
            .thenComparing(f -> typeOrder.get(f.type()))
            .thenComparing(f -> f.subject().getOrDefault("entity", "")));
    Map<String, Integer> bySeverity = new LinkedHashMap<>();
    for (Severity s : Severity.values()) {
      bySeverity.put(s.label(), 0);
    }
    for (Finding f : findings) {
      bySeverity.merge(f.severity().label(), 1, Integer::sum);
    }
    Catalog c = graph.catalog();
    AssessmentSummary summary =
        new AssessmentSummary(
            asOf,
            findings.size(),
            bySeverity,
            byType,
            c.workloads().size(),
            c.zones().size(),
            c.sites().size(),
            c.powerAssets().size(),
            c.backups().size());
    return new AssessmentResult(findings, summary);
  }
}
