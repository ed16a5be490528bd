package dev.haechi.identity.correlation;

import java.util.List;

/**
 * The outcome of correlating accounts to people: one link per linked account and one case per
 * ambiguous account, both in account order. An account in neither has no owner.
 */
public record Correlation(List<AccountLink> links, List<CorrelationCase> cases) {

  public Correlation {
    links = List.copyOf(links);
    cases = List.copyOf(cases);
  }
}
