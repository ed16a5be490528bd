package dev.haechi.app.status;

import java.time.Instant;

/**
 * An external place the public status page is copied to on every change, so that it stays up when
 * the site that runs Haechi does not.
 *
 * @param kind {@code directory} (for any web server) or {@code s3} (an S3-compatible bucket)
 * @param location the directory's absolute path, or {@code s3://bucket;endpoint=...;region=...;
 *     path-style=true;access-key-env=VAR;secret-key-env=VAR} (names of environment variables, never
 *     the keys themselves)
 * @param cacheSeconds how long a CDN or browser may serve a copy without asking again ({@code
 *     Cache-Control: max-age})
 * @param lastSuccessAt when the copy last took a whole snapshot, or null if never
 * @param lastSuccessEtag the snapshot's ETag of that publish
 * @param lastError the last attempt's error, null after a success
 * @param consecutiveFailures failed attempts since the last success
 */
public record PublishTarget(
    long id,
    String name,
    String kind,
    String location,
    int cacheSeconds,
    Instant createdAt,
    String createdBy,
    Instant lastAttemptAt,
    Instant lastSuccessAt,
    String lastSuccessEtag,
    String lastError,
    int consecutiveFailures) {

  /** {@code ok}, {@code failing}, or {@code pending} (not yet tried). */
  public String health() {
    if (consecutiveFailures > 0) {
      return "failing";
    }
    return lastSuccessAt == null ? "pending" : "ok";
  }
}
