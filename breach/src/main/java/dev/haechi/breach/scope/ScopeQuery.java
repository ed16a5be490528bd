package dev.haechi.breach.scope;

import dev.haechi.core.InputException;
import java.time.Instant;
import java.util.List;

/**
 * What a scoping asks (FORMATS.md §5): the access events of one compromised principal — signed with
 * a key, made by a user, or from addresses — in the half-open window {@code [from, to)}.
 *
 * @param values the key ID, the user ID, or the source addresses (any of them)
 * @param from inclusive start, or {@code null} for the beginning of the store
 * @param to exclusive end, or {@code null} for its end
 * @param alert the alert the selector was taken from, if any (recorded, not queried)
 */
public record ScopeQuery(
    Selector selector, List<String> values, Instant from, Instant to, String alert) {

  /** The field that identifies the compromised principal. */
  public enum Selector {
    KID("token.kid", "kid"),
    PRINCIPAL("user.id", "principal"),
    SOURCE_IP("source.ip", "source_ip");

    private final String field;
    private final String option;

    Selector(String field, String option) {
      this.field = field;
      this.option = option;
    }

    /** The event field (FORMATS.md §2). */
    public String field() {
      return field;
    }

    /** The name in the query record and the CLI option without dashes. */
    public String option() {
      return option;
    }
  }

  public ScopeQuery {
    if (selector == null || values == null || values.isEmpty()) {
      throw new InputException(
          "scope", 0, "no selector: give --kid, --principal, --source-ip or --alert");
    }
    for (String v : values) {
      if (v == null || v.isBlank()) {
        throw new InputException("scope", 0, selector.option() + ": empty value");
      }
    }
    values = List.copyOf(values);
    from = from == null ? null : from.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    to = to == null ? null : to.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    if (from != null && to != null && !from.isBefore(to)) {
      throw new InputException(
          "scope",
          0,
          "inverted or empty window: --from "
              + from
              + " is not before --to "
              + to
              + " (the window is [from, to))");
    }
  }

  public static ScopeQuery of(Selector selector, List<String> values, Instant from, Instant to) {
    return new ScopeQuery(selector, values, from, to, null);
  }

  /** True when the event instant {@code micros} lies in {@code [from, to)}. */
  public boolean inWindow(long micros) {
    return (from == null || micros >= ScopeResult.micros(from))
        && (to == null || micros < ScopeResult.micros(to));
  }
}
