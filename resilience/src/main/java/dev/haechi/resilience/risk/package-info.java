/**
 * Risk findings: one {@link dev.haechi.resilience.risk.RiskRule} per finding type, run together by
 * {@link dev.haechi.resilience.risk.RiskAssessment}.
 */
package dev.haechi.resilience.risk;
