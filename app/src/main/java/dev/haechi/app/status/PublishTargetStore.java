package dev.haechi.app.status;

import dev.haechi.app.audit.AuditLog;
import dev.haechi.app.settings.Setting;
import dev.haechi.app.settings.SettingsStore;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/**
 * The status page's publish targets in the store. Adding and removing one is for admins and
 * audited; each publish attempt's outcome is recorded on the target (shown in the console).
 */
@Component
public class PublishTargetStore {
  private final JdbcTemplate jdbc;
  private final AuditLog audit;
  private final SettingsStore settings;

  public PublishTargetStore(JdbcTemplate jdbc, AuditLog audit, SettingsStore settings) {
    this.jdbc = jdbc;
    this.audit = audit;
    this.settings = settings;
  }

  public List<PublishTarget> list() {
    return jdbc.query("SELECT * FROM status_publish_target ORDER BY name", this::row);
  }

  public Optional<PublishTarget> find(long id) {
    return jdbc.query("SELECT * FROM status_publish_target WHERE id = ?", this::row, id).stream()
        .findFirst();
  }

  public PublishTarget get(long id) {
    return find(id).orElseThrow(() -> new IllegalArgumentException("id: no publish target " + id));
  }

  /**
   * Adds a target after checking it; audited.
   *
   * @throws IllegalArgumentException naming the field and the problem
   */
  public PublishTarget add(
      String actor, String name, String kind, String location, Integer cacheSeconds) {
    String n = name == null ? "" : name.trim();
    if (!n.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
      throw new IllegalArgumentException(
          "name: letters, digits, '.', '_' or '-', at most 100, not '" + n + "'");
    }
    String k = kind == null ? "" : kind.trim();
    String loc = location == null ? "" : location.trim();
    switch (k) {
      case "directory" -> checkDirectory(loc);
      case "s3" -> checkS3(S3Location.parse(loc));
      default -> throw new IllegalArgumentException("kind: directory or s3, not '" + k + "'");
    }
    int cache = cacheSeconds == null ? 30 : cacheSeconds;
    if (cache < 0 || cache > 86_400) {
      throw new IllegalArgumentException("cacheSeconds: 0 to 86400, not " + cache);
    }
    var keys = new GeneratedKeyHolder();
    try {
      jdbc.update(
          c -> {
            var ps =
                c.prepareStatement(
                    "INSERT INTO status_publish_target (name, kind, location, cache_seconds,"
                        + " created_at, created_by, consecutive_failures) VALUES (?, ?, ?, ?, ?,"
                        + " ?, 0)",
                    new String[] {"id"});
            ps.setString(1, n);
            ps.setString(2, k);
            ps.setString(3, loc);
            ps.setInt(4, cache);
            ps.setObject(5, now());
            ps.setString(6, actor);
            return ps;
          },
          keys);
    } catch (DuplicateKeyException e) {
      throw new IllegalArgumentException("name: a publish target '" + n + "' exists");
    }
    long id = keys.getKey().longValue();
    audit.append(
        actor,
        "status.target.added",
        "status-target:" + id,
        n + " " + k + " " + loc + " max-age=" + cache);
    return get(id);
  }

  /** Removes a target; audited. Its copy stays where it is. */
  public void remove(String actor, long id) {
    PublishTarget t = get(id);
    jdbc.update("DELETE FROM status_publish_target WHERE id = ?", id);
    audit.append(
        actor, "status.target.removed", "status-target:" + id, t.name() + " " + t.location());
  }

  void recordSuccess(long id, Instant at, String etag) {
    OffsetDateTime t = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    jdbc.update(
        "UPDATE status_publish_target SET last_attempt_at = ?, last_success_at = ?,"
            + " last_success_etag = ?, last_error = NULL, consecutive_failures = 0 WHERE id = ?",
        t,
        t,
        etag,
        id);
  }

  /** Records a failed attempt; returns the failures since the last success. */
  int recordFailure(long id, Instant at, String error) {
    String e = error == null ? "unknown error" : error;
    jdbc.update(
        "UPDATE status_publish_target SET last_attempt_at = ?, last_error = ?,"
            + " consecutive_failures = consecutive_failures + 1 WHERE id = ?",
        OffsetDateTime.ofInstant(at, ZoneOffset.UTC),
        e.length() > 2000 ? e.substring(0, 2000) : e,
        id);
    return find(id).map(PublishTarget::consecutiveFailures).orElse(0);
  }

  private static void checkDirectory(String loc) {
    if (loc.isEmpty()) {
      throw new IllegalArgumentException("location: the directory's absolute path");
    }
    Path p = Path.of(loc);
    if (!p.isAbsolute() || !p.normalize().equals(p) || loc.contains("..")) {
      throw new IllegalArgumentException(
          "location: an absolute path without '..', not '" + loc + "'");
    }
    if (p.getParent() == null) {
      throw new IllegalArgumentException("location: not the file system's root");
    }
  }

  private void checkS3(S3Location s3) {
    if (s3.endpoint() != null && "http".equals(s3.endpoint().getScheme())) {
      List<String> allowed =
          Arrays.stream(settings.get(Setting.CONNECTOR_CLEARTEXT_HOSTS).split(","))
              .map(String::trim)
              .toList();
      String host = s3.endpoint().getHost();
      if (!allowed.contains(host)) {
        throw new IllegalArgumentException(
            "location: endpoint "
                + s3.endpoint()
                + " is cleartext; use https, or let an admin allow "
                + host
                + " in connectors.cleartext-hosts");
      }
    }
    List<String> envAllowed =
        Arrays.stream(settings.get(Setting.CONNECTOR_SECRET_ENV_ALLOW).split(","))
            .map(String::trim)
            .toList();
    for (String var : new String[] {s3.accessKeyEnv(), s3.secretKeyEnv()}) {
      if (var != null && (Setting.forbiddenSecretName(var) || !envAllowed.contains(var))) {
        throw new IllegalArgumentException(
            "location: environment variable "
                + var
                + " is not in connectors.secret-env-allow (or holds Haechi's own secret)");
      }
    }
  }

  private PublishTarget row(ResultSet rs, int i) throws SQLException {
    return new PublishTarget(
        rs.getLong("id"),
        rs.getString("name"),
        rs.getString("kind"),
        rs.getString("location"),
        rs.getInt("cache_seconds"),
        instant(rs, "created_at"),
        rs.getString("created_by"),
        instant(rs, "last_attempt_at"),
        instant(rs, "last_success_at"),
        rs.getString("last_success_etag"),
        rs.getString("last_error"),
        rs.getInt("consecutive_failures"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
  }
}
