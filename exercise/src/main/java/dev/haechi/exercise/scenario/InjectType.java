package dev.haechi.exercise.scenario;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The inject types of FORMATS.md §6, the {@code with} keys each accepts and the ATT&CK technique an
 * attack inject is tagged with when the scenario names none.
 */
public enum InjectType {
  FORGED_TOKEN_REQUESTS(
      Category.ATTACK,
      "T1606",
      Set.of("kid", "count", "every", "countries", "nonexistent-share", "sub", "ip", "action"),
      Set.of("kid")),
  ENUMERATION(
      Category.ATTACK,
      "T1119",
      Set.of("kid", "count", "every", "countries", "from", "ip", "sub"),
      Set.of("kid")),
  BULK_DISCLOSURE(
      Category.ATTACK,
      "T1213",
      Set.of("principal", "kid", "count", "every", "per-request", "countries", "ip"),
      Set.of("principal")),
  VAULT_EXPORT(Category.ATTACK, "T1555", Set.of("person", "path", "ip"), Set.of("person", "path")),
  TERMINATE(Category.IDENTITY, null, Set.of("person"), Set.of("person")),
  ROTATE_KEY(Category.RESPONSE, null, Set.of("kid", "new-kid"), Set.of("kid")),
  FIRE(Category.FAILURE, null, Set.of("zone", "asset", "crews"), Set.of()),
  POWER_LOSS(Category.FAILURE, null, Set.of("zone", "asset", "crews"), Set.of()),
  COOLING_LOSS(Category.FAILURE, null, Set.of("zone", "asset", "crews"), Set.of());

  /** What an inject does to the exercise. */
  public enum Category {
    /** Makes telemetry an attacker would make; scored by what detection made of it. */
    ATTACK,
    /** Changes who is on the roster from then on; not scored. */
    IDENTITY,
    /** A defender's action that changes the world from then on; not scored. */
    RESPONSE,
    /** Loses a zone or power/cooling asset; scored by what stopped and how fast it comes back. */
    FAILURE
  }

  private final Category category;
  private final String defaultTechnique;
  private final Set<String> keys;
  private final Set<String> required;

  InjectType(Category category, String defaultTechnique, Set<String> keys, Set<String> required) {
    this.category = category;
    this.defaultTechnique = defaultTechnique;
    this.keys = keys;
    this.required = required;
  }

  /** The name in scenario files: {@code forged-token-requests}, {@code power-loss}, … */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public Category category() {
    return category;
  }

  public boolean scored() {
    return category == Category.ATTACK || category == Category.FAILURE;
  }

  public String defaultTechnique() {
    return defaultTechnique;
  }

  /** The {@code with} keys this type accepts. */
  public Set<String> keys() {
    return keys;
  }

  /** The {@code with} keys this type needs. */
  public Set<String> required() {
    return required;
  }

  /** Every label, in declaration order, for messages. */
  public static List<String> labels() {
    return java.util.Arrays.stream(values()).map(InjectType::label).toList();
  }

  /** The type with this label, or null. */
  public static InjectType parseOrNull(String label) {
    for (InjectType t : values()) {
      if (t.label().equals(label)) {
        return t;
      }
    }
    return null;
  }
}
