package dev.haechi.resilience.simulation;

import dev.haechi.core.InputException;
import java.util.Locale;

/**
 * What happens to what is lost (FORMATS.md §3): a fire (or flood) destroys everything placed in the
 * zone and every backup kept there; a loss of power or cooling stops it and destroys nothing.
 */
public enum Event {
  FIRE,
  POWER,
  COOLING;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code fire}, {@code power} or {@code cooling}.
   *
   * @throws InputException naming the accepted values
   */
  public static Event parse(String text) {
    for (Event e : values()) {
      if (e.label().equalsIgnoreCase(text.trim())) {
        return e;
      }
    }
    throw new InputException("--event", 0, "'" + text + "' must be fire, power or cooling");
  }
}
