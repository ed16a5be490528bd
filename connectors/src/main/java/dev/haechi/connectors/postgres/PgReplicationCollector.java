package dev.haechi.connectors.postgres;

import dev.haechi.connectors.ConnectorException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Polls a PostgreSQL primary's {@code pg_stat_replication} and turns each known streaming standby
 * into a FORMATS.md §3.1 {@code replication} line: how far the copy of a catalog entity kept in a
 * zone trails its primary.
 *
 * <p>The lag of one standby, as of the primary's clock at the poll:
 *
 * <ol>
 *   <li>0 when the standby has replayed everything the primary has written ({@code replay_lsn >=
 *       pg_current_wal_lsn()}): an idle primary has nothing to lose, whatever {@code replay_lag}
 *       last said (PostgreSQL keeps the last measured value after a burst);
 *   <li>else {@code replay_lag}, PostgreSQL's own measure of how long ago the oldest WAL the
 *       standby has not replayed was flushed on the primary (it grows while replay is paused);
 *   <li>else, when PostgreSQL has no measure yet, the collector's own: the time since the first of
 *       its earlier polls at which the primary had written WAL the standby has still not replayed
 *       (coarse: to the poll interval, and too high by at most one interval).
 * </ol>
 *
 * Replay, not receipt, is measured: a standby whose replay is paused (or stuck on a conflict) has
 * the WAL on disk but must replay it before it can serve, so its lag counts against the RPO.
 *
 * <p>A configured standby missing from {@code pg_stat_replication} yields no line: the live check
 * turns its silence into {@code report-stale}. It is listed in {@link Poll#missing}.
 *
 * <p>The account needs the {@code pg_monitor} role (or superuser) to see the lag columns.
 */
public final class PgReplicationCollector implements AutoCloseable {
  /** Which catalog entity and zone the standby with this {@code application_name} is a copy of. */
  public record Standby(String applicationName, String of, String zone) {
    public Standby {
      Objects.requireNonNull(applicationName, "applicationName");
      Objects.requireNonNull(of, "of");
      Objects.requireNonNull(zone, "zone");
    }

    /**
     * Reads {@code APPLICATION_NAME=KIND:NS/NAME@ZONE}, e.g. {@code
     * dr1=resource:default/fare-db@dr-1f-r1}.
     *
     * @throws IllegalArgumentException naming the text and the expected form
     */
    public static Standby parse(String text) {
      int eq = text.indexOf('=');
      int at = text.lastIndexOf('@');
      if (eq <= 0 || at <= eq + 1 || at == text.length() - 1) {
        throw new IllegalArgumentException(
            "standby '"
                + text
                + "': expected APPLICATION_NAME=ENTITY@ZONE, e.g."
                + " dr1=resource:default/fare-db@dr-1f-r1");
      }
      return new Standby(
          text.substring(0, eq).trim(),
          text.substring(eq + 1, at).trim(),
          text.substring(at + 1).trim());
    }
  }

  /**
   * One standby's state at one poll.
   *
   * @param lagSource {@code caught-up}, {@code replay_lag} or {@code collector} (rule 1, 2 or 3)
   * @param bytesBehind WAL bytes written on the primary and not yet replayed on the standby
   */
  public record Sample(
      Instant time,
      Standby standby,
      Duration lag,
      String lagSource,
      long bytesBehind,
      String state,
      String syncState) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The FORMATS.md §3.1 line (with the PostgreSQL details as added fields). */
    public String toJsonLine() {
      ObjectNode n = JSON.createObjectNode();
      n.put("time", time.toString());
      n.put("kind", "replication");
      n.put("of", standby.of());
      n.put("zone", standby.zone());
      n.put("lag", seconds(lag));
      n.put("source", "pg_stat_replication");
      n.put("standby", standby.applicationName());
      n.put("state", state);
      n.put("sync", syncState);
      n.put("bytesBehind", bytesBehind);
      n.put("lagFrom", lagSource);
      return JSON.writeValueAsString(n);
    }

    static String seconds(Duration d) {
      if (d.isZero()) {
        return "0";
      }
      return BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString()
          + "s";
    }
  }

  /** What one poll saw: a sample per connected known standby, and the known ones not connected. */
  public record Poll(Instant time, List<Sample> samples, List<Standby> missing) {}

  private static final String QUERY =
      "SELECT clock_timestamp() AS now, pg_current_wal_lsn() AS primary_lsn,"
          + " r.application_name, r.state, r.sync_state,"
          + " EXTRACT(EPOCH FROM r.replay_lag) AS replay_lag_s,"
          + " pg_wal_lsn_diff(pg_current_wal_lsn(), r.replay_lsn) AS behind"
          + " FROM (SELECT 1) one LEFT JOIN pg_stat_replication r ON true";

  private record Mark(Instant time, BigDecimal lsn) {}

  private final String url;
  private final Properties properties;
  private final Map<String, Standby> standbys = new LinkedHashMap<>();
  private final Deque<Mark> marks = new ArrayDeque<>();
  private Connection connection;

  /**
   * @param jdbcUrl the primary, e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres}
   * @param properties {@code user}, {@code password} and other driver properties (may be empty)
   */
  public PgReplicationCollector(String jdbcUrl, Properties properties, List<Standby> standbys) {
    this.url = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    this.properties = properties == null ? new Properties() : properties;
    for (Standby s : standbys) {
      if (this.standbys.put(s.applicationName(), s) != null) {
        throw new IllegalArgumentException("standby '" + s.applicationName() + "' is named twice");
      }
    }
  }

  /**
   * Reads {@code pg_stat_replication} once.
   *
   * @throws ConnectorException naming the primary when it cannot be read (nothing is returned)
   */
  public Poll poll() {
    try {
      return read();
    } catch (SQLException e) {
      closeQuietly();
      int q = url.indexOf('?');
      throw new ConnectorException(
          q < 0 ? url : url.substring(0, q),
          "pg_stat_replication could not be read: " + e.getMessage(),
          e);
    }
  }

  private Poll read() throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection = DriverManager.getConnection(url, properties);
      connection.setAutoCommit(true);
    }
    List<Sample> samples = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    Instant now = null;
    BigDecimal primaryLsn = null;
    try (PreparedStatement st = connection.prepareStatement(QUERY);
        ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        now = rs.getObject("now", java.time.OffsetDateTime.class).toInstant();
        primaryLsn = lsnNumber(rs.getString("primary_lsn"));
        String app = rs.getString("application_name");
        Standby standby = app == null ? null : standbys.get(app);
        if (standby == null || !seen.add(app)) {
          continue; // not a standby we map to a catalog entity (or a second walsender of it)
        }
        BigDecimal behind = rs.getBigDecimal("behind");
        BigDecimal replayLag = rs.getBigDecimal("replay_lag_s");
        String state = rs.getString("state");
        String sync = rs.getString("sync_state");
        long behindBytes = behind == null ? -1 : Math.max(0, behind.longValue());
        Duration lag;
        String from;
        if (behind != null && behind.signum() <= 0) {
          lag = Duration.ZERO;
          from = "caught-up";
        } else if (replayLag != null) {
          lag = Duration.ofMillis(replayLag.movePointRight(3).longValue());
          from = "replay_lag";
        } else {
          lag = ownEstimate(now, primaryLsn, behind);
          from = "collector";
          if (lag == null) {
            continue; // behind by an unknown time: no sample rather than a made-up one
          }
        }
        samples.add(new Sample(now, standby, lag, from, behindBytes, state, sync));
      }
    }
    if (now != null) {
      marks.addLast(new Mark(now, primaryLsn));
      while (marks.size() > 10_000) {
        marks.removeFirst();
      }
    }
    List<Standby> missing = new ArrayList<>();
    for (Standby s : standbys.values()) {
      if (!seen.contains(s.applicationName())) {
        missing.add(s);
      }
    }
    return new Poll(now == null ? Instant.now() : now, List.copyOf(samples), List.copyOf(missing));
  }

  /** Time since the first earlier poll whose primary LSN the standby has not replayed. */
  private Duration ownEstimate(Instant now, BigDecimal primaryLsn, BigDecimal behind) {
    if (behind == null || primaryLsn == null) {
      return null;
    }
    BigDecimal replayed = primaryLsn.subtract(behind);
    for (Mark m : marks) {
      if (m.lsn().compareTo(replayed) > 0) {
        return Duration.between(m.time(), now);
      }
    }
    return null;
  }

  /** {@code 0/3015FB0} as one number. */
  static BigDecimal lsnNumber(String lsn) {
    if (lsn == null) {
      return null;
    }
    int slash = lsn.indexOf('/');
    long hi = Long.parseLong(lsn.substring(0, slash), 16);
    long lo = Long.parseLong(lsn.substring(slash + 1), 16);
    return BigDecimal.valueOf(hi)
        .multiply(BigDecimal.valueOf(1L << 32))
        .add(BigDecimal.valueOf(lo));
  }

  private void closeQuietly() {
    try {
      if (connection != null) {
        connection.close();
      }
    } catch (SQLException ignored) {
      // the connection is being dropped because it failed
    }
    connection = null;
  }

  @Override
  public void close() {
    closeQuietly();
  }
}
