/**
 * The built-in Sigma rule pack for the Coupang pattern ({@link
 * dev.haechi.detection.builtin.BuiltinRules}): YAML resources under {@code
 * dev/haechi/detection/builtin/}, valid Sigma v2.1 with log source {@code product: haechi, service:
 * gateway}, reading the identity enrichment fields of {@code dev.haechi.detection.identity}.
 */
package dev.haechi.detection.builtin;
