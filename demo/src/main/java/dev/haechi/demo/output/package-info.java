/**
 * Streaming writers shared by both organisations: a folder that remembers what was written, RFC
 * 4180 CSV rows, JSON string escaping and seeded random streams. Nothing here builds a whole file
 * in memory.
 */
package dev.haechi.demo.output;
