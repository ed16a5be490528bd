package dev.haechi.identity.model;

import java.time.Duration;
import java.util.Locale;

/** What a secret is (FORMATS.md §1.3); decides the default rotation policy. */
public enum SecretKind {
  SIGNING_KEY,
  API_KEY,
  ACCESS_KEY,
  SSH_KEY,
  PASSWORD,
  CERTIFICATE,
  OTHER;

  /** The inventory word, e.g. {@code signing-key}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The default {@code max_age}: 365 days for signing keys, 90 days otherwise. */
  public Duration defaultMaxAge() {
    return this == SIGNING_KEY ? Duration.ofDays(365) : Duration.ofDays(90);
  }

  /** Parses an inventory word; null when unknown. */
  public static SecretKind parseOrNull(String text) {
    for (SecretKind k : values()) {
      if (k.label().equalsIgnoreCase(text.trim())) {
        return k;
      }
    }
    return null;
  }
}
