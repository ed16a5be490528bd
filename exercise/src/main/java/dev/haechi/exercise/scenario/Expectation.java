package dev.haechi.exercise.scenario;

import java.time.Duration;

/**
 * An expectation about one inject (FORMATS.md §6 {@code expect}): detected within a time ({@code
 * detectWithin}), grade N restored within a time ({@code restoreGrade} + {@code within}), or an
 * outcome at least as good as the one named ({@code outcome}, a Haechi extension).
 *
 * @param path where it is in the document, for messages
 */
public record Expectation(
    String inject,
    Duration detectWithin,
    Integer restoreGrade,
    Duration within,
    String outcome,
    String path,
    int line) {}
