package dev.haechi.app.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Starts the {@link KafkaIngest} when {@code haechi.kafka.enabled=true} (off by default), once the
 * server is ready, and stops it with the server. Settings (README, DEPLOY.md): {@code
 * haechi.kafka.bootstrap-servers}, {@code haechi.kafka.topics}, {@code haechi.kafka.group-id}
 * ({@code haechi}), {@code haechi.kafka.alerts-topic} ({@code haechi-alerts}), {@code
 * haechi.kafka.dead-letter-topic} ({@code haechi-dead-letter}), {@code
 * haechi.kafka.max-poll-records} (500), {@code haechi.kafka.retry-backoff} (5s), and any Kafka
 * client setting as {@code haechi.kafka.client.NAME} (TLS, SASL).
 */
@Component
public class KafkaIngestService implements DisposableBean {
  private final boolean enabled;
  private final Environment env;
  private final KafkaBatchIngest ingest;
  private final PublishedAlerts published;
  private final ObjectProvider<KafkaIngest.Checkpoint> checkpoint;
  private volatile KafkaIngest running;

  public KafkaIngestService(
      @Value("${haechi.kafka.enabled:false}") boolean enabled,
      Environment env,
      KafkaBatchIngest ingest,
      PublishedAlerts published,
      ObjectProvider<KafkaIngest.Checkpoint> checkpoint) {
    this.enabled = enabled;
    this.env = env;
    this.ingest = ingest;
    this.published = published;
    this.checkpoint = checkpoint;
    if (enabled) {
      settings(); // a setting that is wrong stops the server at start, naming it
    }
  }

  /** The settings, read from {@code haechi.kafka.*}. */
  public KafkaIngestSettings settings() {
    Binder binder = Binder.get(env);
    Map<String, String> client =
        binder
            .bind("haechi.kafka.client", Bindable.mapOf(String.class, String.class))
            .orElse(Map.of());
    return new KafkaIngestSettings(
        env.getProperty("haechi.kafka.bootstrap-servers", ""),
        List.of(env.getProperty("haechi.kafka.topics", "").split(",")).stream()
            .map(String::trim)
            .toList(),
        env.getProperty("haechi.kafka.group-id", "haechi"),
        env.getProperty("haechi.kafka.alerts-topic", "haechi-alerts"),
        env.getProperty("haechi.kafka.dead-letter-topic", "haechi-dead-letter"),
        env.getProperty("haechi.kafka.max-poll-records", Integer.class, 500),
        env.getProperty("haechi.kafka.retry-backoff", Duration.class, Duration.ofSeconds(5)),
        client);
  }

  @EventListener(ApplicationReadyEvent.class)
  public synchronized void start() {
    if (enabled && running == null) {
      running =
          new KafkaIngest(
                  settings(),
                  ingest,
                  published,
                  checkpoint.getIfAvailable(() -> KafkaIngest.Checkpoint.NONE))
              .start();
    }
  }

  /** The running ingest, or null when Kafka ingest is off. */
  public KafkaIngest ingest() {
    return running;
  }

  @Override
  public synchronized void destroy() {
    KafkaIngest r = running;
    running = null;
    if (r != null) {
      r.close();
    }
  }
}
