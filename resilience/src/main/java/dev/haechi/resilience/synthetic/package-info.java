/** Generators of random, valid catalogs for property tests and benchmarks. */
package dev.haechi.resilience.synthetic;
