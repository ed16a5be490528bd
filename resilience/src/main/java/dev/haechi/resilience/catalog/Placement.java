package dev.haechi.resilience.catalog;

/** One place a component runs or a resource keeps a copy of its data. */
public record Placement(String zone, Role role) {}
