/**
 * Identity-aware detection: what Leaver Guard knows, made visible to Sigma rules.
 *
 * <ul>
 *   <li>{@link dev.haechi.detection.identity.IdentityContext}: a plain value (known user IDs as
 *       ranges and a bit set, the roster with leaving dates, key status by {@code kid}, privileged
 *       principals, usual countries), built with its builder or by {@link
 *       dev.haechi.detection.identity.LeaverGuardIdentity} from the identity files (FORMATS.md
 *       §1.4), a Leaver Guard reconciliation and a member ID file ({@link
 *       dev.haechi.detection.identity.MemberIdFile}).
 *   <li>Enrichment fields ({@link dev.haechi.detection.identity.EnrichmentFields}), computed per
 *       event only when a rule reads them, through the engine's derived-field hook:
 *       <table>
 *         <caption>Enrichment fields</caption>
 *         <tr><th>field</th><th>values</th></tr>
 *         <tr><td>{@code haechi.user.exists}</td><td>true / false (absent: no user IDs known)</td></tr>
 *         <tr><td>{@code haechi.user.hr_status}</td><td>active / terminated / unknown</td></tr>
 *         <tr><td>{@code haechi.user.privileged}</td><td>true / false</td></tr>
 *         <tr><td>{@code haechi.token.key_status}</td><td>active / retired / custodian-left /
 *             unknown</td></tr>
 *         <tr><td>{@code haechi.source.country_new}</td><td>true / false (absent: no baseline)</td></tr>
 *         <tr><td>{@code haechi.disclosure.above_baseline}</td><td>true once per principal and
 *             bucket when its disclosures reach the threshold</td></tr>
 *       </table>
 *   <li>Placeholders for {@code |expand} ({@link
 *       dev.haechi.detection.identity.IdentityPlaceholders}): {@code %terminated_users%}, {@code
 *       %privileged_users%}, {@code %retired_kids%}, {@code %custodian_left_kids%}, {@code
 *       %untrusted_kids%}, {@code %active_kids%}.
 *   <li>{@link dev.haechi.detection.identity.IdentityAwareEngine#compile}: the engine with both.
 * </ul>
 */
package dev.haechi.detection.identity;
