package dev.haechi.demo.retailer;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * The planted story, after the 2025 Coupang breach (PRODUCT.md, story 1): the engineer who ran key
 * management joined in November 2022, read the gateway's token-signing key in Vault over two years,
 * exported it twice shortly before leaving on 13 December 2024, and the key — created in 2020,
 * valid for ten years — was never rotated and is still published in the gateway's JWKS.
 */
final class KeyLeaverStory {
  static final ZoneOffset KST = ZoneOffset.ofHours(9);

  /** The day the generated data describes ("today" for reconciliation). */
  static final LocalDate AS_OF = LocalDate.of(2025, 11, 20);

  /** Joiners and leavers are spread over this window. */
  static final LocalDate WINDOW_START = LocalDate.of(2022, 11, 1);

  static final LocalDate WINDOW_END = LocalDate.of(2025, 11, 14);

  static final String LEAVER_GIVEN = "Jae-hyun";
  static final String LEAVER_FAMILY = "Kim";
  static final String LEAVER_USERNAME = "jkim";
  static final String LEAVER_TITLE = "Senior Backend Engineer, Key Management";
  static final LocalDate LEAVER_HIRED = LocalDate.of(2022, 11, 7);
  static final LocalDate LEAVER_LEFT = LocalDate.of(2024, 12, 13);

  static final String LEAD_TITLE = "Engineering Manager, Identity Platform";

  static final String SECRET_ID = "gateway-token-signer";
  static final String KEY_NAME = "token-signer";
  static final String LOCATION = "transit/keys/" + KEY_NAME;
  static final String EXPORT_PATH = "transit/export/signing-key/" + KEY_NAME;
  static final String ISSUER = "gateway";
  static final String KID = "auth-2022-01";
  static final String JWKS_LOCATION = "jwks:" + ISSUER + "#" + KID;
  static final LocalDate KEY_CREATED = LocalDate.of(2020, 3, 2);
  static final String KEY_MAX_AGE = "3650d";

  /** When the leaver exported the key (Korean time, as he worked). */
  static final List<ZonedDateTime> EXPORTS =
      List.of(
          ZonedDateTime.of(2024, 10, 22, 21, 41, 7, 0, KST),
          ZonedDateTime.of(2024, 12, 10, 19, 5, 52, 0, KST));

  private KeyLeaverStory() {}
}
