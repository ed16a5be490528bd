package dev.haechi.app.kafka;

import java.util.Collection;
import java.util.Set;

/** Which alerts have already been published to the alerts topic (durably, in the store). */
public interface PublishedAlerts {
  /** Those of {@code alertKeys} not published yet. */
  Set<String> unpublished(Collection<String> alertKeys);

  /** Records that these alerts were acknowledged by the broker. */
  void markPublished(Collection<String> alertKeys);
}
