package dev.haechi.resilience.simulation;

/** How many entities of one grade a scenario stops, destroys, and loses data of. */
public record GradeCount(int stopped, int destroyed, int dataLoss) {}
