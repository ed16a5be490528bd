package dev.haechi.app.breach;

import dev.haechi.breach.event.AccessEvent;
import dev.haechi.breach.event.AccessEventReader;
import dev.haechi.breach.event.AccessEventReader.BadLine;
import dev.haechi.breach.store.EventStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The server's side of the access-event store (issue 13 item 1): what {@code POST /api/v1/events}
 * receives is parsed as access events (FORMATS.md §2) and committed to {@code $HAECHI_HOME/events}
 * as one batch, all valid lines or none; lines the store cannot take are named as {@code
 * batch:LINE: reason}. Off with {@code haechi.breach.store-ingested-events=false}.
 */
@Component
public class IngestedEvents {
  /** How many store rejections a response names (all are counted). */
  public static final int REPORTED = 20;

  private final BreachCases cases;
  private final boolean enabled;

  public IngestedEvents(
      BreachCases cases, @Value("${haechi.breach.store-ingested-events:true}") boolean enabled) {
    this.cases = cases;
    this.enabled = enabled;
  }

  /** A parsed batch, ready to commit. */
  public static final class Batch {
    private final List<AccessEvent> events = new ArrayList<>();
    private final List<BadLine> bad = new ArrayList<>();
    private final boolean enabled;
    private long stored;
    private String dataVersion;

    Batch(boolean enabled) {
      this.enabled = enabled;
    }

    public boolean enabled() {
      return enabled;
    }

    /** Events committed (0 until {@link IngestedEvents#commit} ran). */
    public long stored() {
      return stored;
    }

    public long rejected() {
      return bad.size();
    }

    /** The first {@link #REPORTED} lines the store refused, as {@code batch:LINE: reason}. */
    public List<String> rejections() {
      return bad.stream().limit(REPORTED).map(BadLine::toString).toList();
    }

    /** The store's data version after the commit (null when disabled or nothing was stored). */
    public String dataVersion() {
      return dataVersion;
    }
  }

  /** Parses a batch for the store; nothing is written yet. */
  public Batch prepare(String body, String name) throws IOException {
    Batch b = new Batch(enabled);
    if (enabled) {
      try (BufferedReader in = new BufferedReader(new StringReader(body))) {
        AccessEventReader.read(in, name, b.events::add, b.bad);
      }
    }
    return b;
  }

  /** Commits the batch's valid events as one batch of the store (none when it fails). */
  public void commit(Batch b, String actor) {
    commit(b, List.of("api:" + actor));
  }

  /**
   * As {@link #commit(Batch, String)}, the store's batch record naming {@code sources} (the Kafka
   * ingest names the partitions and offsets, see {@link #storedSources()}).
   */
  public void commit(Batch b, List<String> sources) {
    if (!b.enabled || b.events.isEmpty()) {
      return;
    }
    EventStore.ImportResult r;
    try {
      r = cases.store().importEvents(b.events, sources);
    } catch (IOException | RuntimeException e) {
      throw new StoreFailedException(e);
    }
    b.stored = r.stored();
    b.dataVersion = r.dataVersion();
  }

  /** Whether ingested events are stored at all ({@code haechi.breach.store-ingested-events}). */
  public boolean enabled() {
    return enabled;
  }

  /** The sources named by every batch the store committed, oldest first. */
  public List<List<String>> storedSources() {
    try {
      return cases.store().batchSources();
    } catch (IOException | RuntimeException e) {
      throw new StoreFailedException(e);
    }
  }

  /** The store could not commit a batch: nothing of it was stored (HTTP 503, resend it). */
  public static final class StoreFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StoreFailedException(Exception cause) {
      super(
          "the access-event store could not commit this batch, so none of it was stored or"
              + " evaluated; resend it ("
              + cause.getMessage()
              + ")",
          cause);
    }
  }
}
