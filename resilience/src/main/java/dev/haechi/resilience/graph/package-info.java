/** The catalog compiled into int-indexed arrays and CSR adjacency for fast simulation and rules. */
package dev.haechi.resilience.graph;
