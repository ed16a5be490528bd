package dev.haechi.exercise.run;

import java.time.Instant;

/** A rule that fired on an inject's events: when first, how often. */
public record RuleFiring(String ruleId, String title, String level, Instant first, long alerts) {}
