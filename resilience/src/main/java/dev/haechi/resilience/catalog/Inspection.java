package dev.haechi.resilience.catalog;

import java.time.LocalDate;

/** The last inspection of a power asset. */
public record Inspection(LocalDate date, String result) {}
