/**
 * Stage 1: Sigma YAML → rule model (detection, correlation and filter rules), with load reports.
 */
package dev.haechi.detection.rules;
