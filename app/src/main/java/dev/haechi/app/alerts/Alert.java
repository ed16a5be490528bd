package dev.haechi.app.alerts;

import java.time.Instant;
import java.util.Map;

/**
 * Something that needs a person now: a leaver who still holds access past the grace period, a
 * detection rule that fired. One alert per {@code dedupKey}; repeats raise {@code occurrences}.
 *
 * @param source {@code identity} or {@code detection}
 * @param ruleId what raised it (a finding type or a Sigma rule id)
 * @param alertKey deterministic: the hex SHA-256 of source and deduplication key (for detection
 *     alerts: rule, principal and window start), the same wherever the alert is raised
 * @param status {@code open}, {@code acknowledged} or {@code closed}
 * @param delivery webhook delivery: {@code none} (no webhook set), {@code pending}, {@code
 *     delivered} or {@code failed} (after the last try)
 */
public record Alert(
    long id,
    String source,
    String ruleId,
    String title,
    String severity,
    String dedupKey,
    String alertKey,
    Instant firstSeen,
    Instant lastSeen,
    long occurrences,
    String status,
    Map<String, Object> details,
    String delivery,
    String deliveryError) {}
