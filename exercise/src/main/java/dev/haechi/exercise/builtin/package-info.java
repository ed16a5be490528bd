/** The built-in scenarios: replays of the two 2025 incidents against the demo organisations. */
package dev.haechi.exercise.builtin;
