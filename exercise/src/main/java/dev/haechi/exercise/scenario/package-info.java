/** The scenario format (FORMATS.md §6): model, YAML reader and the check against the world. */
package dev.haechi.exercise.scenario;
