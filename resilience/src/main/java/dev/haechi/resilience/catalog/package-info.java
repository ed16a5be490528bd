/**
 * The resilience catalog (FORMATS.md §3): Backstage entities with Haechi annotations and Haechi's
 * physical kinds, read by {@link dev.haechi.resilience.catalog.CatalogLoader} into an immutable,
 * validated {@link dev.haechi.resilience.catalog.Catalog}.
 */
package dev.haechi.resilience.catalog;
