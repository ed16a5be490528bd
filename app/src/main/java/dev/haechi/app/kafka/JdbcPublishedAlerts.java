package dev.haechi.app.kafka;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@link PublishedAlerts} in the store: the outbox {@code kafka_alert_outbox} and the published
 * keys {@code kafka_published_alert}.
 */
@Component
public class JdbcPublishedAlerts implements PublishedAlerts {
  private static final int CHUNK = 500;

  private final JdbcTemplate jdbc;

  public JdbcPublishedAlerts(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void enqueue(String group, List<KafkaBatchIngest.StoredAlert> alerts) {
    Map<String, KafkaBatchIngest.StoredAlert> byKey = new LinkedHashMap<>();
    for (KafkaBatchIngest.StoredAlert a : alerts) {
      byKey.putIfAbsent(a.alertKey(), a);
    }
    if (byKey.isEmpty()) {
      return;
    }
    Set<String> todo = unpublished(byKey.keySet());
    List<Object[]> rows = new ArrayList<>();
    for (KafkaBatchIngest.StoredAlert a : byKey.values()) {
      if (todo.contains(a.alertKey())) {
        rows.add(new Object[] {group, a.alertKey(), a.json()});
      }
    }
    if (!rows.isEmpty()) {
      jdbc.batchUpdate(
          "INSERT INTO kafka_alert_outbox (group_id, alert_key, message) VALUES (?, ?, ?)", rows);
    }
  }

  @Override
  public List<KafkaBatchIngest.StoredAlert> pending(String group) {
    Map<String, KafkaBatchIngest.StoredAlert> byKey = new LinkedHashMap<>();
    jdbc.query(
        "SELECT alert_key, message FROM kafka_alert_outbox WHERE group_id = ? ORDER BY id",
        rs -> {
          byKey.putIfAbsent(
              rs.getString(1), new KafkaBatchIngest.StoredAlert(rs.getString(1), rs.getString(2)));
        },
        group);
    if (byKey.isEmpty()) {
      return List.of();
    }
    Set<String> todo = unpublished(byKey.keySet());
    return byKey.values().stream().filter(a -> todo.contains(a.alertKey())).toList();
  }

  Set<String> unpublished(Collection<String> alertKeys) {
    Set<String> todo = new LinkedHashSet<>(alertKeys);
    List<String> all = List.copyOf(todo);
    for (int i = 0; i < all.size(); i += CHUNK) {
      List<String> part = all.subList(i, Math.min(all.size(), i + CHUNK));
      String marks = String.join(",", java.util.Collections.nCopies(part.size(), "?"));
      todo.removeAll(
          jdbc.queryForList(
              "SELECT alert_key FROM kafka_published_alert WHERE alert_key IN (" + marks + ")",
              String.class,
              part.toArray()));
    }
    return todo;
  }

  @Override
  public void markPublished(String group, Collection<String> alertKeys) {
    OffsetDateTime now = OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
    for (String key : alertKeys) {
      try {
        jdbc.update(
            "INSERT INTO kafka_published_alert (alert_key, published_at) VALUES (?, ?)", key, now);
      } catch (DuplicateKeyException already) {
        // another server of the group published it too (a rebalance mid-batch): keep the first
      }
      jdbc.update(
          "DELETE FROM kafka_alert_outbox WHERE group_id = ? AND alert_key = ?", group, key);
    }
  }
}
