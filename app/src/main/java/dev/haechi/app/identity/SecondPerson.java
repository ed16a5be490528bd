package dev.haechi.app.identity;

import dev.haechi.app.settings.Setting;
import dev.haechi.app.settings.SettingsStore;
import dev.haechi.core.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Two people means two people (issue 12, item 6): the second person of a two-person rule must be
 * someone else, and not someone the first made or changed (or who made or changed the first) within
 * the cool-down ({@code identity.approval-cool-down}, default 7 days). Otherwise one admin could
 * create a second admin account, or promote an accomplice, and approve their own actions with it.
 *
 * <p>Who made or changed whom is read from the audit chain ({@code user.created}, {@code
 * user.changed}, {@code user.password-changed}), which is keyed and checkpointed, so it cannot be
 * edited to hide the link.
 */
@Component
public class SecondPerson {
  private static final List<String> USER_CHANGES =
      List.of("user.created", "user.changed", "user.password-changed");

  private final JdbcTemplate jdbc;
  private final SettingsStore settings;

  public SecondPerson(JdbcTemplate jdbc, SettingsStore settings) {
    this.jdbc = jdbc;
    this.settings = settings;
  }

  /**
   * Checks that {@code second} may count as the second person after {@code first}.
   *
   * @param what what is approved, for the message (e.g. {@code plan 4})
   * @throws IllegalArgumentException saying why not
   */
  public void check(String first, String second, String what) {
    if (first.equals(second)) {
      throw new IllegalArgumentException(
          what + " was requested by " + first + ": a second person must approve it");
    }
    Duration coolDown = Durations.parse(settings.get(Setting.APPROVAL_COOL_DOWN));
    if (coolDown.isZero()) {
      return;
    }
    if (changedWithin(second, first, coolDown) || changedWithin(first, second, coolDown)) {
      throw new IllegalArgumentException(
          what
              + ": "
              + second
              + " cannot be the second person for "
              + first
              + ": one of them created or changed the other's account within the last "
              + Durations.format(coolDown)
              + " (identity.approval-cool-down); another admin must approve");
    }
  }

  /** True when {@code actor} created or changed {@code user}'s account within the window. */
  private boolean changedWithin(String actor, String user, Duration window) {
    OffsetDateTime since = OffsetDateTime.ofInstant(Instant.now().minus(window), ZoneOffset.UTC);
    List<String> actors =
        jdbc.queryForList(
            "SELECT actor FROM audit_log WHERE target = ? AND action IN (?, ?, ?) AND"
                + " occurred_at >= ?",
            String.class,
            "user:" + user,
            USER_CHANGES.get(0),
            USER_CHANGES.get(1),
            USER_CHANGES.get(2),
            since);
    // An actor is the username, or "username (token:prefix)" for a change made with a token.
    return actors.stream().anyMatch(a -> a.equals(actor) || a.startsWith(actor + " (token:"));
  }
}
