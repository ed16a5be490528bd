package dev.haechi.detection.identity;

import java.util.List;

/**
 * The names of the enrichment fields a rule may test when the engine is compiled with an {@link
 * IdentityContext} ({@link IdentityAwareEngine}). They are computed per event, lazily, only when
 * some loaded rule reads them; an event whose inputs are missing has no such field (so {@code
 * |exists: false} holds and a value test does not).
 *
 * <table>
 *   <caption>Enrichment fields</caption>
 *   <tr><th>field</th><th>value</th><th>computed from</th></tr>
 *   <tr><td>{@code haechi.user.exists}</td><td>{@code true} / {@code false}; absent when the
 *       context knows no user IDs</td><td>{@code token.sub} and {@code user.id}: false if any
 *       present one is neither a known user ID nor a roster name</td></tr>
 *   <tr><td>{@code haechi.user.hr_status}</td><td>{@code active} / {@code terminated} / {@code
 *       unknown}</td><td>the first of {@code user.name}, {@code user.id}, {@code token.sub},
 *       {@code user.email} that names someone on the roster, judged on the event's UTC date. A
 *       value that is a known member ID is a customer and never looked up on the roster (customers
 *       and employees are different populations), also for the two fields below</td></tr>
 *   <tr><td>{@code haechi.user.privileged}</td><td>{@code true} / {@code false}</td><td>any of
 *       the same principal fields is privileged</td></tr>
 *   <tr><td>{@code haechi.token.key_status}</td><td>{@code active} / {@code retired} / {@code
 *       custodian-left} / {@code unknown}</td><td>{@code token.kid}, at the event's time</td></tr>
 *   <tr><td>{@code haechi.token.issued_after_distrust}</td><td>{@code true} / {@code false};
 *       absent without {@code token.iat}, for a key the context does not know or trusts, and when
 *       the moment the distrust began is not known (a retired key with no retirement
 *       time)</td><td>{@code token.iat} (epoch seconds; a number of 10<sup>11</sup> or more is
 *       read as milliseconds) against the start of the key's status ({@link SigningKey#since()}:
 *       the custodian's leaving day, the retirement time): true when the token was issued at or
 *       after it, even though the key may still be the issuer's signing key</td></tr>
 *   <tr><td>{@code haechi.source.country_new}</td><td>{@code true} / {@code false}; absent when
 *       the principal's usual countries are not known</td><td>{@code source.geo.country_iso_code}
 *       against the first principal field whose usual countries are known</td></tr>
 *   <tr><td>{@code haechi.disclosure.above_baseline}</td><td>{@code true} on the event that first
 *       takes the principal's disclosures in the current bucket to its threshold, else {@code
 *       false}</td><td>{@code data.subject_ids} per principal ({@code user.id}, else {@code
 *       user.name}, else {@code token.sub}) against its trailing baseline ({@link
 *       DisclosureBaseline})</td></tr>
 * </table>
 */
public final class EnrichmentFields {
  public static final String USER_EXISTS = "haechi.user.exists";
  public static final String USER_HR_STATUS = "haechi.user.hr_status";
  public static final String USER_PRIVILEGED = "haechi.user.privileged";
  public static final String TOKEN_KEY_STATUS = "haechi.token.key_status";
  public static final String TOKEN_ISSUED_AFTER_DISTRUST = "haechi.token.issued_after_distrust";
  public static final String SOURCE_COUNTRY_NEW = "haechi.source.country_new";
  public static final String DISCLOSURE_ABOVE_BASELINE = "haechi.disclosure.above_baseline";

  /** Every enrichment field name. */
  public static final List<String> ALL =
      List.of(
          USER_EXISTS,
          USER_HR_STATUS,
          USER_PRIVILEGED,
          TOKEN_KEY_STATUS,
          TOKEN_ISSUED_AFTER_DISTRUST,
          SOURCE_COUNTRY_NEW,
          DISCLOSURE_ABOVE_BASELINE);

  private EnrichmentFields() {}
}
