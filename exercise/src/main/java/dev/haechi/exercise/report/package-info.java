/**
 * What a run is written as: result JSON (FORMATS.md §6), ATT&CK Navigator layer, after-action
 * report.
 */
package dev.haechi.exercise.report;
