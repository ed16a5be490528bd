package dev.haechi.resilience.catalog;

/** The two Backstage kinds that Haechi places in zones and simulates. */
public enum WorkloadKind {
  COMPONENT,
  RESOURCE;

  public String refKind() {
    return this == COMPONENT ? "component" : "resource";
  }
}
