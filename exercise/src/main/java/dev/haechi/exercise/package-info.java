/**
 * Exercise: scenarios (FORMATS.md §6) run against an organisation's own identity directory and
 * catalog, with attack, identity, response and failure injects; the production detection engine and
 * the resilience simulator and planner decide what happens; results are scored honestly. Plain
 * Java; see {@code exercise/README.md}.
 */
package dev.haechi.exercise;
