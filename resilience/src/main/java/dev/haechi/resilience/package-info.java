/**
 * The resilience engine: a catalog of sites, zones, power assets, systems, data and backups ({@code
 * catalog}), compiled for speed ({@code graph}), risk findings as of a date ({@code risk}), and
 * disaster simulation with a worst-case ranking ({@code simulation}). Plain Java: it takes data and
 * returns results; storage, HTTP and the command line live elsewhere.
 */
package dev.haechi.resilience;
