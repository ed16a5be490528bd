/**
 * Breach response engine: the access-event store ({@code store}), scoping of what a compromised
 * key, principal or address disclosed ({@code scope}), legal hold ({@code hold}) and the 72-hour
 * notification clock with its notice drafts ({@code notice}). Plain Java; the store embeds DuckDB
 * as a library and writes Hive-partitioned Parquet that Trino or Spark read in place.
 */
package dev.haechi.breach;
