package dev.haechi.app.resilience;

/** A new catalog version was stored. */
public record CatalogImported(CatalogVersion version) {}
