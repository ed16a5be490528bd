package dev.haechi.detection.pipeline;

import dev.haechi.detection.rules.LogSource;

/**
 * pySigma's {@code logsource} rule condition: every attribute it names must equal the rule's
 * (case-insensitively); attributes it leaves out match anything.
 */
public record LogSourceMatch(String category, String product, String service) {
  public boolean matches(LogSource ls) {
    return same(category, ls.category())
        && same(product, ls.product())
        && same(service, ls.service());
  }

  private static boolean same(String wanted, String actual) {
    return wanted == null || (actual != null && wanted.equalsIgnoreCase(actual));
  }
}
