package dev.haechi.demo.retailer;

import java.time.LocalDate;
import java.util.List;

/**
 * One row of secrets.csv (FORMATS.md §1.3).
 *
 * @param maxAge empty for the default policy
 * @param custodians employee IDs
 * @param owner the system whose workload reads it (its Kubernetes namespace)
 */
record Secret(
    String secretId,
    String kind,
    String system,
    String location,
    LocalDate created,
    LocalDate lastRotated,
    String maxAge,
    List<String> custodians) {

  boolean transit() {
    return location.startsWith("transit/keys/");
  }

  /** Where Vault keeps it: the first of the row's {@code ;}-separated locations. */
  String vaultLocation() {
    int semi = location.indexOf(';');
    return semi < 0 ? location : location.substring(0, semi);
  }

  /** The policy in days: the explicit max_age, else 365 for signing keys and 90 otherwise. */
  int maxAgeDays() {
    if (!maxAge.isEmpty()) {
      return Integer.parseInt(maxAge.substring(0, maxAge.length() - 1));
    }
    return kind.equals("signing-key") ? 365 : 90;
  }
}
