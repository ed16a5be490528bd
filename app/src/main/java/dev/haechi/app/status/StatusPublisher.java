package dev.haechi.app.status;

import dev.haechi.app.alerts.AlertStore;
import dev.haechi.core.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Copies every new status-page snapshot to each publish target, in the background: the page and the
 * console never wait on a target. A target that fails is retried with exponential backoff ({@code
 * haechi.status.publish.retry-base}, doubling up to {@code retry-max}); each retry takes the newest
 * snapshot. After {@code haechi.status.publish.alert-after} failures in a row an alert is raised
 * (source {@code status}, rule {@code status.publish-failed}), one per failure streak.
 */
@Component
public class StatusPublisher implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(StatusPublisher.class);

  private final PublishTargetStore targets;
  private final AlertStore alerts;
  private final Duration retryBase;
  private final Duration retryMax;
  private final int alertAfter;
  private final ScheduledExecutorService exec;
  private final ConcurrentHashMap<Long, Run> runs = new ConcurrentHashMap<>();
  private volatile StatusSnapshot latest;

  public StatusPublisher(
      PublishTargetStore targets,
      AlertStore alerts,
      @Value("${haechi.status.publish.retry-base:2s}") String retryBase,
      @Value("${haechi.status.publish.retry-max:5m}") String retryMax,
      @Value("${haechi.status.publish.alert-after:3}") int alertAfter) {
    this.targets = targets;
    this.alerts = alerts;
    this.retryBase = Durations.parse(retryBase);
    this.retryMax = Durations.parse(retryMax);
    this.alertAfter = Math.max(1, alertAfter);
    AtomicInteger n = new AtomicInteger();
    this.exec =
        Executors.newScheduledThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "status-publish-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** One target's publishing state: at most one attempt runs or waits at a time. */
  private static final class Run {
    boolean queued;
    boolean running;
    boolean again;
    Instant streakStart;
  }

  /** The page changed: publish it everywhere. */
  @EventListener
  public void onSnapshot(StatusBoard.Changed event) {
    latest = event.snapshot();
    try {
      for (PublishTarget t : targets.list()) {
        request(t.id());
      }
    } catch (RuntimeException e) {
      // The store being down must not break the page; the next change tries again.
      log.warn("status page publish targets unavailable: {}", e.getMessage());
    }
  }

  /** Whether no attempt is running or waiting for any target. */
  public boolean idle() {
    for (Run r : runs.values()) {
      synchronized (r) {
        if (r.running || r.queued) {
          return false;
        }
      }
    }
    return true;
  }

  /** Publishes the current snapshot to one target now (a new target, or an admin's "publish"). */
  public void publishNow(long targetId) {
    request(targetId);
  }

  private void request(long id) {
    Run r = runs.computeIfAbsent(id, k -> new Run());
    synchronized (r) {
      r.again = true;
      if (r.running || r.queued) {
        return; // the running attempt, or the waiting retry, takes the newest snapshot
      }
      r.queued = true;
    }
    exec.execute(() -> attempt(id, r));
  }

  private void attempt(long id, Run r) {
    synchronized (r) {
      r.queued = false;
      r.running = true;
      r.again = false;
    }
    long retryInMillis = -1;
    try {
      retryInMillis = publishOnce(id, r);
    } catch (RuntimeException e) {
      log.warn("status page publish to target {} failed unexpectedly", id, e);
    } finally {
      synchronized (r) {
        r.running = false;
        if (retryInMillis >= 0) {
          r.queued = true;
          exec.schedule(() -> attempt(id, r), retryInMillis, TimeUnit.MILLISECONDS);
        } else if (r.again) {
          r.queued = true;
          exec.execute(() -> attempt(id, r));
        }
      }
    }
  }

  /** One attempt; returns the delay before a retry, or -1 when none is needed. */
  private long publishOnce(long id, Run r) {
    StatusSnapshot s = latest;
    var found = targets.find(id);
    if (found.isEmpty()) {
      runs.remove(id);
      return -1;
    }
    if (s == null || s.get("/status") == null) {
      return -1; // nothing rendered yet; the first snapshot requests this target again
    }
    PublishTarget t = found.get();
    Instant now = Instant.now();
    try {
      CopyWriter.forTarget(t).write(StaticCopy.of(s, t.cacheSeconds(), t.kind().equals("s3")));
      targets.recordSuccess(id, now, s.etag());
      if (t.consecutiveFailures() > 0) {
        log.info(
            "status page copy '{}' published again after {} failures",
            t.name(),
            t.consecutiveFailures());
      }
      r.streakStart = null;
      return -1;
    } catch (Exception e) {
      String error = describe(e);
      int failures = targets.recordFailure(id, now, error);
      if (r.streakStart == null) {
        r.streakStart = now;
      }
      log.warn("status page copy '{}' not published (failure {}): {}", t.name(), failures, error);
      if (failures == alertAfter) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("target", t.name());
        details.put("kind", t.kind());
        details.put("location", t.location());
        details.put("failures", failures);
        details.put("error", error);
        details.put(
            "lastSuccessAt", t.lastSuccessAt() == null ? null : t.lastSuccessAt().toString());
        alerts.raise(
            "status",
            "status.publish-failed",
            "Status page copy '" + t.name() + "' is not being published: " + error,
            "high",
            "status-publish:" + id + ":" + r.streakStart.toEpochMilli(),
            details);
      }
      long base = retryBase.toMillis();
      long delay = base << Math.min(20, Math.max(0, failures - 1));
      return Math.min(delay, retryMax.toMillis());
    }
  }

  private static String describe(Exception e) {
    String m = e.getMessage();
    String what = e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    return what.length() > 1000 ? what.substring(0, 1000) : what;
  }

  @Override
  public void destroy() {
    exec.shutdownNow();
  }
}
