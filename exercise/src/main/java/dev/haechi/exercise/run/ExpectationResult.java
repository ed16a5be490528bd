package dev.haechi.exercise.run;

import dev.haechi.exercise.scenario.Expectation;

/** An expectation, met or not, and why. */
public record ExpectationResult(Expectation expectation, boolean met, String why) {}
