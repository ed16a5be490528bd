package dev.haechi.app.identity;

import dev.haechi.app.audit.AuditLog;
import dev.haechi.connectors.LiveSourceSpec;
import dev.haechi.core.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The sources continuous Leaver Guard reads on a schedule: one HR roster, account systems (a file
 * or a live LDAP/SCIM source each), and optionally the secrets inventory, the Vault audit log and a
 * JWKS. Locations hold file paths or live source strings, which name environment variables for
 * their secrets and never hold the secrets themselves. Changes are audited.
 */
@Component
public class IdentitySources {
  static final Set<String> KINDS = Set.of("hr", "accounts", "secrets", "vault-audit", "jwks");
  static final Duration MIN_INTERVAL = Duration.ofSeconds(10);

  private final JdbcTemplate jdbc;
  private final AuditLog audit;
  private final ConnectorPolicy policy;

  public IdentitySources(JdbcTemplate jdbc, AuditLog audit, ConnectorPolicy policy) {
    this.jdbc = jdbc;
    this.audit = audit;
    this.policy = policy;
  }

  /**
   * A configured source and how its last read went.
   *
   * @param name the account system's name for {@code accounts}; the kind itself otherwise
   * @param lastStatus {@code ok} or {@code failed}, null before the first read
   * @param lastCount rows read by the last successful read
   */
  public record Source(
      String name,
      String kind,
      String location,
      long intervalSeconds,
      Instant lastRunAt,
      String lastStatus,
      String lastError,
      Long lastCount) {

    boolean dueAt(Instant now) {
      return lastRunAt == null || !lastRunAt.plusSeconds(intervalSeconds).isAfter(now);
    }
  }

  public List<Source> list() {
    return jdbc.query(
        "SELECT * FROM identity_source ORDER BY kind, name",
        (rs, i) ->
            new Source(
                rs.getString("name"),
                rs.getString("kind"),
                rs.getString("location"),
                rs.getLong("interval_seconds"),
                instant(rs.getObject("last_run_at", OffsetDateTime.class)),
                rs.getString("last_status"),
                rs.getString("last_error"),
                rs.getObject("last_count", Long.class)));
  }

  /**
   * Adds or replaces a source.
   *
   * @param system the account system's name (only for {@code accounts})
   * @param every how often to read it, e.g. {@code 15m}; at least 10 s
   * @throws IllegalArgumentException naming the field and the problem
   */
  @org.springframework.transaction.annotation.Transactional
  public Source save(String actor, String kind, String system, String location, String every) {
    if (kind == null || !KINDS.contains(kind)) {
      throw new IllegalArgumentException("kind: one of " + KINDS + ", not '" + kind + "'");
    }
    String name;
    if (kind.equals("accounts")) {
      if (system == null || !system.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
        throw new IllegalArgumentException(
            "system: an account source needs a system name (letters, digits, . _ -)");
      }
      name = system;
    } else {
      if (system != null && !system.isBlank()) {
        throw new IllegalArgumentException("system: only account sources have a system name");
      }
      name = kind;
    }
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException("location: give a file path or a live source");
    }
    if (LiveSourceSpec.isLive(location)) {
      if (!kind.equals("accounts")) {
        throw new IllegalArgumentException("location: only account sources may be live LDAP/SCIM");
      }
      LiveSourceSpec spec = LiveSourceSpec.parse(name, location);
      policy.checkTransport("location", location);
      for (String key : List.of("password-env", "token-env")) {
        String var = spec.settings().get(key);
        if (var != null && !policy.allowedSecretNames().contains(var)) {
          throw new IllegalArgumentException(
              "location: "
                  + key
                  + " "
                  + var
                  + " is not on the admin's allow-list (setting connectors.secret-env-allow)");
        }
      }
    } else {
      policy.confine("location", location);
    }
    Duration interval = Durations.parse(every == null ? "15m" : every);
    if (interval.compareTo(MIN_INTERVAL) < 0) {
      throw new IllegalArgumentException("every: at least 10s");
    }
    OffsetDateTime now = OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
    String before =
        jdbc
            .query(
                "SELECT kind, location, interval_seconds FROM identity_source WHERE name = ?",
                (rs, i) ->
                    "kind="
                        + rs.getString(1)
                        + " location="
                        + noUserInfo(rs.getString(2))
                        + " every="
                        + Durations.format(Duration.ofSeconds(rs.getLong(3))),
                name)
            .stream()
            .findFirst()
            .orElse("(none)");
    jdbc.update("DELETE FROM identity_source WHERE name = ?", name);
    jdbc.update(
        "INSERT INTO identity_source (name, kind, location, interval_seconds, created_by,"
            + " created_at) VALUES (?, ?, ?, ?, ?, ?)",
        name,
        kind,
        location.trim(),
        interval.toSeconds(),
        actor,
        now);
    audit.append(
        actor,
        "identity.source-saved",
        "source:" + name,
        "before: "
            + before
            + " | after: kind="
            + kind
            + " location="
            + noUserInfo(location.trim())
            + " every="
            + Durations.format(interval));
    return list().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  /** A location as audited: credentials in a URL's user-info part are never written down. */
  static String noUserInfo(String location) {
    return location.replaceAll("://[^/@;]*@", "://(user-info removed)@");
  }

  @org.springframework.transaction.annotation.Transactional
  public void delete(String actor, String name) {
    String before =
        jdbc
            .query(
                "SELECT kind, location FROM identity_source WHERE name = ?",
                (rs, i) -> "kind=" + rs.getString(1) + " location=" + noUserInfo(rs.getString(2)),
                name)
            .stream()
            .findFirst()
            .orElse("");
    if (jdbc.update("DELETE FROM identity_source WHERE name = ?", name) == 0) {
      throw new IllegalArgumentException("name: no source '" + name + "'");
    }
    audit.append(actor, "identity.source-deleted", "source:" + name, "before: " + before);
  }

  void recordRead(String name, Instant at, boolean ok, String error, Long count) {
    jdbc.update(
        "UPDATE identity_source SET last_run_at = ?, last_status = ?, last_error = ?,"
            + " last_count = COALESCE(?, last_count) WHERE name = ?",
        OffsetDateTime.ofInstant(at, ZoneOffset.UTC),
        ok ? "ok" : "failed",
        ConnectorPolicy.safeError(error),
        count,
        name);
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
