package dev.haechi.app.security;

import dev.haechi.app.audit.AuditLog;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The users of Haechi; every change is audited in the same transaction. */
@Component
public class UserStore implements UserDetailsService {
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{2,100}");
  static final int MIN_PASSWORD_LENGTH = 12;

  private static final RowMapper<AppUser> ROW =
      (rs, i) ->
          new AppUser(
              rs.getLong("id"),
              rs.getString("username"),
              rs.getString("password_hash"),
              Role.parse(rs.getString("role")),
              rs.getBoolean("enabled"),
              rs.getString("source"),
              rs.getObject("created_at", OffsetDateTime.class).toInstant());

  private final JdbcTemplate jdbc;
  private final PasswordEncoder encoder;
  private final AuditLog audit;

  public UserStore(JdbcTemplate jdbc, PasswordEncoder encoder, AuditLog audit) {
    this.jdbc = jdbc;
    this.encoder = encoder;
    this.audit = audit;
  }

  @Override
  public UserDetails loadUserByUsername(String username) {
    AppUser u = find(username).orElseThrow(() -> new UsernameNotFoundException("no such user"));
    if (u.passwordHash() == null) {
      throw new UsernameNotFoundException("user signs in through OIDC");
    }
    return User.withUsername(u.username())
        .password(u.passwordHash())
        .authorities(u.role().authority())
        .disabled(!u.enabled())
        .build();
  }

  public Optional<AppUser> find(String username) {
    return jdbc.query("SELECT * FROM app_user WHERE username = ?", ROW, username).stream()
        .findFirst();
  }

  public List<AppUser> list() {
    return jdbc.query("SELECT * FROM app_user ORDER BY username", ROW);
  }

  public long count() {
    Long n = jdbc.queryForObject("SELECT COUNT(*) FROM app_user", Long.class);
    return n == null ? 0 : n;
  }

  /**
   * Creates a local user.
   *
   * @throws IllegalArgumentException naming the field that is wrong
   */
  @Transactional
  public AppUser createLocal(String actor, String username, String password, Role role) {
    checkUsername(username);
    checkPassword(password);
    if (find(username).isPresent()) {
      throw new IllegalArgumentException("username: '" + username + "' is already taken");
    }
    insert(username, encoder.encode(password), role, "local");
    audit.append(actor, "user.created", "user:" + username, "role=" + role.label());
    return find(username).orElseThrow();
  }

  /** Creates the local record of a user who signed in through OIDC for the first time. */
  @Transactional
  public AppUser createOidc(String username, Role role) {
    insert(username, null, role, "oidc");
    audit.append("system", "user.created", "user:" + username, "source=oidc role=" + role.label());
    return find(username).orElseThrow();
  }

  /** The user bound to this identity provider's issuer and subject, if any. */
  public Optional<AppUser> findByOidc(String issuer, String subject) {
    return jdbc
        .query(
            "SELECT * FROM app_user WHERE source = 'oidc' AND oidc_issuer = ? AND oidc_subject = ?",
            ROW,
            issuer,
            subject)
        .stream()
        .findFirst();
  }

  /** Whether an OIDC user already carries an issuer and subject binding. */
  public boolean oidcBound(String username) {
    Integer n =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM app_user WHERE username = ? AND oidc_subject IS NOT NULL",
            Integer.class,
            username);
    return n != null && n > 0;
  }

  /** Binds an OIDC user (new, or made before bindings existed) to an issuer and subject. */
  @Transactional
  public void bindOidc(String username, String issuer, String subject) {
    jdbc.update(
        "UPDATE app_user SET oidc_issuer = ?, oidc_subject = ? WHERE username = ?"
            + " AND source = 'oidc' AND oidc_subject IS NULL",
        issuer,
        subject,
        username);
    audit.append("system", "user.oidc-bound", "user:" + username, "issuer=" + issuer);
  }

  @Transactional
  public AppUser update(String actor, String username, Role role, Boolean enabled) {
    AppUser u =
        find(username)
            .orElseThrow(
                () -> new IllegalArgumentException("username: no user '" + username + "'"));
    Role newRole = role == null ? u.role() : role;
    boolean newEnabled = enabled == null ? u.enabled() : enabled;
    if (u.role() == Role.ADMIN && (newRole != Role.ADMIN || !newEnabled) && activeAdmins() <= 1) {
      throw new IllegalArgumentException(
          "role: '" + username + "' is the last enabled admin; create another admin first");
    }
    boolean endsSessions = newRole != u.role() || newEnabled != u.enabled();
    jdbc.update(
        "UPDATE app_user SET role = ?, enabled = ?, session_epoch = session_epoch + ?"
            + " WHERE username = ?",
        newRole.label(),
        newEnabled,
        endsSessions ? 1 : 0,
        username);
    audit.append(
        actor,
        "user.changed",
        "user:" + username,
        "role="
            + u.role().label()
            + "->"
            + newRole.label()
            + " enabled="
            + u.enabled()
            + "->"
            + newEnabled);
    return find(username).orElseThrow();
  }

  /**
   * Changes a local user's password after checking their current one, and ends every session signed
   * in under the old password (the caller keeps its own by taking the returned epoch).
   *
   * @return the user's new session epoch
   * @throws IllegalArgumentException when the current password is wrong or the new one too short
   */
  @Transactional
  public long changeOwnPassword(
      String actor, String username, String currentPassword, String newPassword) {
    AppUser u =
        find(username)
            .filter(x -> x.passwordHash() != null)
            .orElseThrow(
                () -> new IllegalArgumentException("username: no local user '" + username + "'"));
    if (currentPassword == null || !encoder.matches(currentPassword, u.passwordHash())) {
      audit.append(actor, "user.password-change-refused", "user:" + username, "wrong current");
      throw new IllegalArgumentException("current-password: is not your current password");
    }
    changePassword(actor, username, newPassword);
    return sessionEpoch(username);
  }

  /** The counter that ends a user's sessions when raised; -1 when the user does not exist. */
  public long sessionEpoch(String username) {
    return jdbc
        .query(
            "SELECT session_epoch FROM app_user WHERE username = ?",
            (rs, i) -> rs.getLong(1),
            username)
        .stream()
        .findFirst()
        .orElse(-1L);
  }

  @Transactional
  public void changePassword(String actor, String username, String newPassword) {
    checkPassword(newPassword);
    int n =
        jdbc.update(
            "UPDATE app_user SET password_hash = ?, session_epoch = session_epoch + 1"
                + " WHERE username = ? AND source = 'local'",
            encoder.encode(newPassword),
            username);
    if (n == 0) {
      throw new IllegalArgumentException("username: no local user '" + username + "'");
    }
    audit.append(actor, "user.password-changed", "user:" + username, "");
  }

  private long activeAdmins() {
    Long n =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM app_user WHERE role = 'admin' AND enabled = TRUE", Long.class);
    return n == null ? 0 : n;
  }

  private void insert(String username, String hash, Role role, String source) {
    jdbc.update(
        "INSERT INTO app_user (username, password_hash, role, enabled, source, created_at)"
            + " VALUES (?, ?, ?, TRUE, ?, ?)",
        username,
        hash,
        role.label(),
        source,
        OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC));
  }

  static void checkUsername(String username) {
    if (username == null || !USERNAME.matcher(username).matches()) {
      throw new IllegalArgumentException("username: must be 2 to 100 letters, digits or . _ @ -");
    }
  }

  static void checkPassword(String password) {
    if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
      throw new IllegalArgumentException(
          "password: must be at least " + MIN_PASSWORD_LENGTH + " characters");
    }
  }
}
