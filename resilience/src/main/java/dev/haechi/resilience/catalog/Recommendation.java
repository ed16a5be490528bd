package dev.haechi.resilience.catalog;

import java.time.LocalDate;
import java.util.Locale;

/**
 * A maintainer's or inspector's recommendation on a power asset, and whether it was carried out.
 */
public record Recommendation(LocalDate date, String by, String action, String status, int line) {

  /** True unless the status says it was done, closed or rejected. */
  public boolean open() {
    String s = status == null ? "open" : status.toLowerCase(Locale.ROOT);
    return !(s.equals("done")
        || s.equals("closed")
        || s.equals("rejected")
        || s.equals("resolved"));
  }
}
