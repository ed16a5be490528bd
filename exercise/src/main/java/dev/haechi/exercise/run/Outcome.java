package dev.haechi.exercise.run;

import java.util.Locale;

/**
 * What an inject came to, best first for attacks: the defence stopped it ({@code prevented}), a
 * rule raised an alert on it ({@code detected}), its events were recorded and differ from normal
 * traffic but no rule fired ({@code logged}), nothing told it from normal traffic ({@code missed});
 * for failures, {@code impact} when something stopped ({@code prevented} when nothing did).
 */
public enum Outcome {
  PREVENTED(4),
  DETECTED(3),
  LOGGED(2),
  MISSED(1),
  IMPACT(0);

  private final int rank;

  Outcome(int rank) {
    this.rank = rank;
  }

  /** Higher is better for the defence. */
  public int rank() {
    return rank;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Outcome best(Outcome a, Outcome b) {
    if (a == null) {
      return b;
    }
    return b == null || a.rank >= b.rank ? a : b;
  }
}
