/**
 * Live resilience (FORMATS.md §3.1): what backup tools and databases report, as it happens, read
 * from JSON Lines ({@link dev.haechi.resilience.live.ReportReader}) or turned from the tools' own
 * output by adapters ({@link dev.haechi.resilience.live.PgBackRestInfo}, {@link
 * dev.haechi.resilience.live.ResticSnapshots}), and checked against the catalog's RPOs, intervals
 * and restore-test ages ({@link dev.haechi.resilience.live.LiveCheck}).
 */
package dev.haechi.resilience.live;
