package dev.haechi.resilience.simulation;

/** What a scenario loses: a zone, a whole site, or one power or cooling asset. */
public enum LossKind {
  ZONE,
  SITE,
  ASSET
}
