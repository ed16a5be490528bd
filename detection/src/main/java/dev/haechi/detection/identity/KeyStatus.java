package dev.haechi.detection.identity;

import java.util.Locale;

/**
 * What is known about a token-signing key, by {@code kid}: the value of the enrichment field {@code
 * haechi.token.key_status}.
 */
public enum KeyStatus {
  /** Published by its issuer and held only by current custodians. */
  ACTIVE,
  /** No longer to be trusted: the issuer stopped publishing it, or it was marked retired. */
  RETIRED,
  /** A person who held the key material has left and the key was not rotated since. */
  CUSTODIAN_LEFT,
  /** A {@code kid} the identity context does not know. */
  UNKNOWN;

  /** The word used in events, rules and files: {@code active}, {@code custodian-left}, … */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses a {@link #label()} case-insensitively; null when it is none of them. */
  public static KeyStatus parseOrNull(String text) {
    for (KeyStatus s : values()) {
      if (s.label().equalsIgnoreCase(text.trim())) {
        return s;
      }
    }
    return null;
  }

  /** True for the statuses a verifier must no longer accept. */
  public boolean untrusted() {
    return this == RETIRED || this == CUSTODIAN_LEFT;
  }
}
