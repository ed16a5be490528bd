package dev.haechi.resilience.catalog;

/** A catalog that loaded, with what the loader skipped and warned about. */
public record LoadedCatalog(Catalog catalog, LoadReport report) {}
