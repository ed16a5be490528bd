package dev.haechi.app.kafka;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** {@link PublishedAlerts} in the store's {@code kafka_published_alert} table. */
@Component
public class JdbcPublishedAlerts implements PublishedAlerts {
  private static final int CHUNK = 500;

  private final JdbcTemplate jdbc;

  public JdbcPublishedAlerts(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Set<String> unpublished(Collection<String> alertKeys) {
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
  public void markPublished(Collection<String> alertKeys) {
    OffsetDateTime now = OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
    for (String key : alertKeys) {
      try {
        jdbc.update(
            "INSERT INTO kafka_published_alert (alert_key, published_at) VALUES (?, ?)", key, now);
      } catch (DuplicateKeyException already) {
        // another server of the group published it too (a rebalance mid-batch): keep the first
      }
    }
  }
}
