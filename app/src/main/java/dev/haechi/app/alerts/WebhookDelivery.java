package dev.haechi.app.alerts;

import dev.haechi.app.settings.Setting;
import dev.haechi.app.settings.SettingsStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts new alerts to {@code alerts.webhook-url} as JSON, one request per alert, on one background
 * thread so that a slow receiver never holds up detection or reconciliation. A failed post is
 * retried on the next pass (every {@code haechi.alerts.retry-every}, default 15 s) up to {@link
 * #MAX_TRIES} times, then marked {@code failed} with the reason; the URL (it may carry a token) is
 * never logged.
 */
@Component
public class WebhookDelivery implements DisposableBean {
  static final int MAX_TRIES = 5;
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDelivery.class);

  private final AlertStore alerts;
  private final SettingsStore settings;
  private final JsonMapper json;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "haechi-webhook");
            t.setDaemon(true);
            return t;
          });
  private final AtomicBoolean queued = new AtomicBoolean();

  public WebhookDelivery(AlertStore alerts, SettingsStore settings, JsonMapper json) {
    this.alerts = alerts;
    this.settings = settings;
    this.json = json;
  }

  /** Asks for a delivery pass soon (after new alerts); at most one pass waits at a time. */
  public void nudge() {
    if (queued.compareAndSet(false, true)) {
      worker.execute(
          () -> {
            queued.set(false);
            deliverPending();
          });
    }
  }

  @Scheduled(
      fixedDelayString = "${haechi.alerts.retry-every:15s}",
      initialDelayString = "${haechi.alerts.retry-every:15s}")
  void retry() {
    nudge();
  }

  /** Posts every pending alert once; returns how many were delivered. */
  public int deliverPending() {
    String url = settings.get(Setting.ALERT_WEBHOOK_URL).trim();
    if (url.isEmpty()) {
      return 0;
    }
    int delivered = 0;
    for (Alert a : alerts.pendingDelivery(100)) {
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Haechi")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body(a))))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() / 100 == 2) {
          alerts.delivered(a.id());
          delivered++;
        } else {
          alerts.deliveryFailed(a.id(), "the webhook answered " + r.statusCode(), MAX_TRIES);
        }
      } catch (IOException | IllegalArgumentException e) {
        alerts.deliveryFailed(a.id(), "cannot post: " + e.getClass().getSimpleName(), MAX_TRIES);
        LOG.warn("alert {} not delivered to the webhook: {}", a.id(), e.getClass().getSimpleName());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return delivered;
      }
    }
    return delivered;
  }

  /** What the receiver gets: the alert without internal delivery state. */
  static Map<String, Object> body(Alert a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.id());
    m.put("key", a.alertKey()); // deterministic: lets the receiver drop a redelivery
    m.put("source", a.source());
    m.put("rule", a.ruleId());
    m.put("title", a.title());
    m.put("severity", a.severity());
    m.put("firstSeen", a.firstSeen().toString());
    m.put("occurrences", a.occurrences());
    m.put("details", a.details());
    return m;
  }

  @Override
  public void destroy() {
    worker.shutdownNow();
  }
}
