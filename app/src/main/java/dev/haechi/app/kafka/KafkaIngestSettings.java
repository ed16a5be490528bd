package dev.haechi.app.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How the server reads events from Kafka and where it writes alerts and dead letters.
 *
 * @param bootstrapServers {@code host:port,...}
 * @param topics the event topics (JSON Lines: one event, a JSON object, per record value)
 * @param groupId the consumer group; servers of one group share the topics' partitions
 * @param alertsTopic where each new alert is published once, keyed by its alert key
 * @param deadLetterTopic where records that are not events go, with the reason and source offset
 * @param maxPollRecords the largest batch read and committed at once
 * @param retryBackoff how long to wait before retrying a batch that could not be finished (engine
 *     busy, database or broker unavailable)
 * @param client further Kafka client settings for consumer and producer (TLS, SASL, ...)
 */
public record KafkaIngestSettings(
    String bootstrapServers,
    List<String> topics,
    String groupId,
    String alertsTopic,
    String deadLetterTopic,
    int maxPollRecords,
    Duration retryBackoff,
    Map<String, String> client) {
  public KafkaIngestSettings {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException(
          "haechi.kafka.bootstrap-servers: required when haechi.kafka.enabled=true");
    }
    topics = topics == null ? List.of() : topics.stream().filter(t -> !t.isBlank()).toList();
    if (topics.isEmpty()) {
      throw new IllegalArgumentException(
          "haechi.kafka.topics: name at least one event topic when haechi.kafka.enabled=true");
    }
    if (groupId == null || groupId.isBlank()) {
      throw new IllegalArgumentException("haechi.kafka.group-id: must not be empty");
    }
    if (alertsTopic == null || alertsTopic.isBlank()) {
      throw new IllegalArgumentException("haechi.kafka.alerts-topic: must not be empty");
    }
    if (deadLetterTopic == null || deadLetterTopic.isBlank()) {
      throw new IllegalArgumentException("haechi.kafka.dead-letter-topic: must not be empty");
    }
    if (topics.contains(alertsTopic) || topics.contains(deadLetterTopic)) {
      throw new IllegalArgumentException(
          "haechi.kafka.topics: must not include the alerts or dead-letter topic");
    }
    if (maxPollRecords < 1) {
      throw new IllegalArgumentException(
          "haechi.kafka.max-poll-records: must be at least 1, was " + maxPollRecords);
    }
    client = client == null ? Map.of() : Map.copyOf(client);
  }
}
