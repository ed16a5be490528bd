package dev.haechi.app.security;

import dev.haechi.app.audit.AuditLog;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * API tokens for automation. A token is shown once when it is made; the store keeps only its
 * SHA-256 hash (tokens carry 256 random bits, so a fast hash is enough, unlike passwords) and a
 * short prefix to recognise it by.
 */
@Component
public class ApiTokenStore {
  static final String TOKEN_PREFIX = "hct_";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A token as listed: never the secret. */
  public record TokenInfo(
      long id,
      String name,
      String prefix,
      String username,
      Role role,
      Instant createdAt,
      Instant expiresAt,
      Instant lastUsedAt,
      boolean revoked) {}

  /** A token just made: {@code secret} is shown to the user once and never stored. */
  public record IssuedToken(TokenInfo info, String secret) {}

  /** Who a valid token acts as. */
  public record TokenPrincipal(String username, Role role, String prefix) {}

  private final JdbcTemplate jdbc;
  private final AuditLog audit;
  private final UserStore users;

  public ApiTokenStore(JdbcTemplate jdbc, AuditLog audit, UserStore users) {
    this.jdbc = jdbc;
    this.audit = audit;
    this.users = users;
  }

  /**
   * Makes a token for {@code username} with at most that user's role.
   *
   * @throws IllegalArgumentException when the role is above the user's or the name is blank
   */
  @Transactional
  public IssuedToken issue(String username, String name, Role role, Instant expiresAt) {
    if (name == null || name.isBlank() || name.length() > 200) {
      throw new IllegalArgumentException("name: give the token a name of 1 to 200 characters");
    }
    AppUser user =
        users
            .find(username)
            .orElseThrow(
                () -> new IllegalArgumentException("username: no user '" + username + "'"));
    if (!user.role().includes(role)) {
      throw new IllegalArgumentException(
          "role: a " + user.role().label() + " cannot issue a token with role " + role.label());
    }
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String secret = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    String prefix = secret.substring(0, 10);
    Instant now = Instant.now();
    jdbc.update(
        "INSERT INTO api_token (name, token_prefix, token_hash, username, role, created_at,"
            + " expires_at, revoked) VALUES (?, ?, ?, ?, ?, ?, ?, FALSE)",
        name,
        prefix,
        sha256(secret),
        username,
        role.label(),
        utc(now),
        expiresAt == null ? null : utc(expiresAt));
    audit.append(
        username, "token.issued", "token:" + prefix, "name=" + name + " role=" + role.label());
    TokenInfo info =
        list(username).stream().filter(t -> t.prefix().equals(prefix)).findFirst().orElseThrow();
    return new IssuedToken(info, secret);
  }

  public List<TokenInfo> list(String username) {
    return jdbc.query(
        "SELECT * FROM api_token WHERE username = ? ORDER BY id",
        (rs, i) ->
            new TokenInfo(
                rs.getLong("id"),
                rs.getString("name"),
                rs.getString("token_prefix"),
                rs.getString("username"),
                Role.parse(rs.getString("role")),
                instant(rs.getObject("created_at", OffsetDateTime.class)),
                instant(rs.getObject("expires_at", OffsetDateTime.class)),
                instant(rs.getObject("last_used_at", OffsetDateTime.class)),
                rs.getBoolean("revoked")),
        username);
  }

  @Transactional
  public void revoke(String actor, String username, long id) {
    int n =
        jdbc.update(
            "UPDATE api_token SET revoked = TRUE WHERE id = ? AND username = ?", id, username);
    if (n == 0) {
      throw new IllegalArgumentException("id: no token " + id + " of user '" + username + "'");
    }
    audit.append(actor, "token.revoked", "token:" + id, "owner=" + username);
  }

  /**
   * The principal a presented token acts as, when it is known, not revoked, not expired and its
   * user is still enabled. The role is the lower of the token's and the user's current role.
   */
  public Optional<TokenPrincipal> authenticate(String presented) {
    if (presented == null || !presented.startsWith(TOKEN_PREFIX)) {
      return Optional.empty();
    }
    String hash = sha256(presented);
    List<TokenPrincipal> found =
        jdbc.query(
            "SELECT t.username, t.role, t.token_prefix, u.role AS user_role FROM api_token t"
                + " JOIN app_user u ON u.username = t.username"
                + " WHERE t.token_hash = ? AND t.revoked = FALSE AND u.enabled = TRUE"
                + " AND (t.expires_at IS NULL OR t.expires_at > ?)",
            (rs, i) -> {
              Role tokenRole = Role.parse(rs.getString("role"));
              Role userRole = Role.parse(rs.getString("user_role"));
              Role effective = userRole.includes(tokenRole) ? tokenRole : userRole;
              return new TokenPrincipal(
                  rs.getString("username"), effective, rs.getString("token_prefix"));
            },
            hash,
            utc(Instant.now()));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    jdbc.update(
        "UPDATE api_token SET last_used_at = ? WHERE token_hash = ?", utc(Instant.now()), hash);
    return Optional.of(found.get(0));
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static OffsetDateTime utc(Instant i) {
    return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
