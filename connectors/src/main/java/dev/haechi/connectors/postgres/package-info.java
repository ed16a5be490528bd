/**
 * PostgreSQL as a live source for the resilience check (issue 14): {@link
 * dev.haechi.connectors.postgres.PgReplicationCollector} polls a primary's {@code
 * pg_stat_replication} and writes FORMATS.md §3.1 replication lines for its streaming standbys.
 */
package dev.haechi.connectors.postgres;
