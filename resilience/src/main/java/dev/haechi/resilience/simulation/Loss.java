package dev.haechi.resilience.simulation;

import dev.haechi.core.InputException;
import java.util.Locale;
import java.util.Objects;

/**
 * One thing lost in a scenario, written {@code zone:NAME}, {@code site:NAME} or {@code asset:NAME}.
 */
public record Loss(LossKind kind, String name) {
  public Loss {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
  }

  /**
   * Parses the command-line form {@code KIND:NAME}.
   *
   * @throws InputException naming the text and the accepted kinds
   */
  public static Loss parse(String text) {
    int colon = text.indexOf(':');
    if (colon > 0 && colon < text.length() - 1) {
      String kind = text.substring(0, colon).toLowerCase(Locale.ROOT);
      String name = text.substring(colon + 1);
      switch (kind) {
        case "zone":
          return new Loss(LossKind.ZONE, name);
        case "site":
          return new Loss(LossKind.SITE, name);
        case "asset":
        case "powerasset":
          return new Loss(LossKind.ASSET, name);
        default:
          break;
      }
    }
    throw new InputException(
        "--lose", 0, "'" + text + "' must be zone:NAME, site:NAME or asset:NAME");
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(Locale.ROOT) + ":" + name;
  }
}
