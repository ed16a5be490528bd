/**
 * The government: a resilience catalog (FORMATS.md §3) of three data-centre sites, 700-odd graded
 * systems with their databases, replicas and backups, and — in Daejeon's 5th-floor server room,
 * which runs most grade-1 systems — a Li-ion UPS battery past its rated life, out of warranty, with
 * a replacement recommendation still open, as in the NIRS fire of 26 September 2025.
 */
package dev.haechi.demo.government;
