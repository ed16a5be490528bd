package dev.haechi.app.detection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The batch keys ({@code Idempotency-Key}) of {@code POST /api/v1/events} that were already
 * evaluated ({@code ingest_batch_key}): a batch sent again with the same key, say because the
 * server was killed before it answered, is neither evaluated nor stored again. A key is the
 * sender's (two users' keys never collide) and is remembered for {@code
 * haechi.ingest.batch-key-retention} (default 7 days).
 */
@Component
public class IngestBatchKeys {
  /** What a key may look like: 1 to 200 printable characters without blanks. */
  static final Pattern KEY = Pattern.compile("[!-~]{1,200}");

  /** The access-event store's batch source naming a keyed batch: {@code api-batch:ACTOR:KEY}. */
  public static final String STORE_LABEL = "api-batch:";

  private final JdbcTemplate jdbc;
  private final Duration retention;
  private volatile Instant lastPrune = Instant.EPOCH;

  public IngestBatchKeys(
      JdbcTemplate jdbc, @Value("${haechi.ingest.batch-key-retention:7d}") Duration retention) {
    this.jdbc = jdbc;
    this.retention = retention;
  }

  /** A batch key already evaluated: its body's SHA-256, and whether the store has it too. */
  public record Seen(String bodySha256, Instant evaluatedAt, boolean stored) {}

  /**
   * The key as sent, checked.
   *
   * @throws IllegalArgumentException naming the header when it is blank or not a key
   */
  public static String check(String key) {
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException(
          "Idempotency-Key: 1 to 200 printable characters without blanks");
    }
    return key;
  }

  public Optional<Seen> find(String actor, String key) {
    List<Seen> rows =
        jdbc.query(
            "SELECT body_sha256, evaluated_at, stored_at FROM ingest_batch_key WHERE actor = ? AND"
                + " batch_key = ?",
            (rs, i) ->
                new Seen(
                    rs.getString(1),
                    rs.getObject(2, OffsetDateTime.class).toInstant(),
                    rs.getObject(3) != null),
            actor,
            key);
    return rows.stream().findFirst();
  }

  /**
   * Records the key as evaluated: called inside the transaction that stores the batch's alerts, so
   * the key exists exactly when they do. A second delivery of the same key racing this one fails
   * here on the primary key (its transaction rolls back).
   */
  public void evaluated(String actor, String key, String bodySha256) {
    jdbc.update(
        "INSERT INTO ingest_batch_key (actor, batch_key, body_sha256, evaluated_at) VALUES (?, ?,"
            + " ?, ?)",
        actor,
        key,
        bodySha256,
        now());
  }

  /** Records that the access-event store holds the batch, and forgets keys past retention. */
  public void stored(String actor, String key) {
    jdbc.update(
        "UPDATE ingest_batch_key SET stored_at = ? WHERE actor = ? AND batch_key = ?",
        now(),
        actor,
        key);
    Instant at = Instant.now();
    if (Duration.between(lastPrune, at).toHours() >= 1) {
      lastPrune = at;
      jdbc.update(
          "DELETE FROM ingest_batch_key WHERE evaluated_at < ?",
          OffsetDateTime.ofInstant(at.minus(retention), ZoneOffset.UTC));
    }
  }

  /** The store label of a keyed batch. */
  public static String storeLabel(String actor, String key) {
    return STORE_LABEL
        + java.net.URLEncoder.encode(actor, StandardCharsets.UTF_8)
        + ":"
        + java.net.URLEncoder.encode(key, StandardCharsets.UTF_8);
  }

  public static String sha256(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
  }
}
