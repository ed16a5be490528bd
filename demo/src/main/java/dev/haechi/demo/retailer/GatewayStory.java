package dev.haechi.demo.retailer;

import java.time.Instant;

/**
 * What the gateway events tell (issue 4, item 6): two weeks of shoppers and back-office staff on
 * the retailer's API gateway, and — from the first forged request on 24 June 2025, six months after
 * the key leaver left — an attacker presenting tokens signed with the leaver's exported key {@code
 * auth-2022-01}, which the gateway still accepts because the key is still published in {@code
 * jwks/gateway.json}, although the gateway itself has signed with {@code auth-2025-01} since that
 * key was introduced.
 *
 * <p>The window starts a week before the attack so that a detector has a baseline for every
 * principal; the first forged request is the example of FORMATS.md §2.
 */
final class GatewayStory {
  /** The token issuer, named as its JWKS file is ({@code jwks/gateway.json}). */
  static final String ISSUER = KeyLeaverStory.ISSUER;

  /** The key the gateway signs every genuine token with. */
  static final String ACTIVE_KID = "auth-2025-01";

  /** The leaver's key: still published, no longer used by the gateway. */
  static final String RETIRED_KID = KeyLeaverStory.KID;

  static final Instant WINDOW_START = Instant.parse("2025-06-17T00:00:00Z");
  static final Instant WINDOW_END = Instant.parse("2025-07-01T00:00:00Z");

  /** The first forged request: FORMATS.md §2's example, verbatim. */
  static final Instant FIRST_FORGED = Instant.parse("2025-06-24T03:12:45.123Z");

  static final String FIRST_FORGED_SOURCE = "203.0.113.9";
  static final int FIRST_FORGED_MEMBER = 1_000_234;

  /** Member IDs are the decimal numbers from here on, one per member, without gaps. */
  static final int FIRST_MEMBER_ID = 1_000_000;

  /** The relative path of the event file in the retailer folder. */
  static final String FILE = "events/gateway.jsonl";

  private GatewayStory() {}
}
