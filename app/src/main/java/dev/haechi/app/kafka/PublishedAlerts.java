package dev.haechi.app.kafka;

import java.util.Collection;
import java.util.List;

/**
 * The alerts a consumer group still has to publish (an outbox written in the batch's transaction)
 * and those already published to the alerts topic (durably, in the store), so that each alert is
 * published once, whether or not the batch that raised it is read again.
 */
public interface PublishedAlerts {
  /**
   * Adds alerts of a batch to publish (call inside the batch's transaction); those already
   * published are left out.
   */
  void enqueue(String group, List<KafkaBatchIngest.StoredAlert> alerts);

  /** The group's alerts to publish, oldest first, each key once, none published already. */
  List<KafkaBatchIngest.StoredAlert> pending(String group);

  /** Records that these alerts were acknowledged by the broker and empties them from the outbox. */
  void markPublished(String group, Collection<String> alertKeys);
}
