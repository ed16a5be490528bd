package dev.haechi.detection.identity;

import dev.haechi.detection.state.LruTable;
import java.time.Duration;
import java.time.Instant;

/**
 * Per-principal disclosure volume against the principal's own trailing baseline: the state behind
 * the enrichment field {@code haechi.disclosure.above_baseline}, a Haechi extension because Sigma
 * correlations compare against static thresholds only ({@code value_sum} with a fixed {@code gte}
 * would be the closest standard approximation, and would flag every heavy but normal principal).
 *
 * <p>Time is cut into buckets of {@link Settings#bucket()} (event time). Each event adds the number
 * of subjects it disclosed ({@code data.subject_ids}) to its principal's current bucket. The
 * baseline is the principal's mean per bucket over the {@link Settings#history()} buckets before
 * the current one (buckets without activity count as zero; buckets before the principal was first
 * seen are not counted). The threshold is {@code max(minimum, factor × baseline)}; {@link #record}
 * answers true on the event that first takes the principal's bucket to it, once per bucket, so one
 * burst raises one alert.
 *
 * <p>Events late by more than a bucket are counted in the current bucket. At most {@link
 * Settings#maxPrincipals()} principals are tracked; the least recently seen is forgotten first (its
 * history restarts), which bounds memory at about {@code maxPrincipals × (2 × history + 6) × 8}
 * bytes; a principal seen in one bucket only (most members) takes no history arrays. Thread-safe
 * (synchronized): events of one stream come from one thread anyway.
 */
public final class DisclosureBaseline {
  /**
   * @param bucket the length of one bucket
   * @param history how many past buckets form the baseline
   * @param factor how many times the baseline counts as far above it
   * @param minimum the least count per bucket that can ever be far above (new principals included)
   * @param maxPrincipals how many principals are tracked at most
   */
  public record Settings(
      Duration bucket, int history, double factor, long minimum, int maxPrincipals) {
    /** 1 h buckets, a 24 h baseline, 10× the baseline and at least 200 subjects in the hour. */
    public static final Settings DEFAULT =
        new Settings(Duration.ofHours(1), 24, 10.0, 200, 100_000);

    public Settings {
      if (bucket.isZero() || bucket.isNegative() || history < 1 || factor <= 0 || minimum < 1) {
        throw new IllegalArgumentException("disclosure baseline settings out of range");
      }
      if (maxPrincipals < 1) {
        throw new IllegalArgumentException("maxPrincipals must be at least 1");
      }
    }
  }

  /** One principal; its history arrays exist only once it was seen in a second bucket. */
  private static final class Principal extends LruTable.Node<String> {
    long[] counts;
    long[] bucketOf;
    final long firstBucket;
    long current;
    long count;
    boolean raised;

    Principal(long bucket) {
      firstBucket = bucket;
      current = bucket;
    }
  }

  private final Settings settings;
  private final long bucketMillis;
  // least recently seen first (LruTable: a LinkedHashMap in access order without entry objects)
  private final LruTable<String, Principal> principals;

  public DisclosureBaseline(Settings settings) {
    this.settings = settings;
    this.bucketMillis = settings.bucket().toMillis();
    this.principals = LruTable.ofStrings(settings.maxPrincipals());
  }

  public Settings settings() {
    return settings;
  }

  /**
   * Adds {@code subjects} disclosed by {@code principal} at {@code at}; true when this takes the
   * principal's current bucket to its threshold for the first time.
   */
  public boolean record(String principal, Instant at, long subjects) {
    return record(principal, at.toEpochMilli(), subjects);
  }

  /** As {@link #record(String, Instant, long)}, with the time in epoch milliseconds. */
  public synchronized boolean record(String principal, long epochMillis, long subjects) {
    long bucket = Math.floorDiv(epochMillis, bucketMillis);
    Principal p = principals.get(principal);
    if (p == null) {
      p = new Principal(bucket);
      principals.put(principal, p);
    }
    if (bucket > p.current) {
      if (p.counts == null) {
        p.counts = new long[settings.history()];
        p.bucketOf = new long[settings.history()];
        java.util.Arrays.fill(p.bucketOf, Long.MIN_VALUE);
      }
      int slot = (int) Math.floorMod(p.current, (long) settings.history());
      p.counts[slot] = p.count;
      p.bucketOf[slot] = p.current;
      p.current = bucket;
      p.count = 0;
      p.raised = false;
    }
    p.count += subjects;
    if (p.raised || p.count < settings.minimum()) {
      return false;
    }
    if (p.count >= threshold(p)) {
      p.raised = true;
      return true;
    }
    return false;
  }

  /**
   * One principal's state as numbers, for a keyed state store that keeps it across failures (the
   * Flink job's keyed state): {@code [firstBucket, current, count, raised (0/1), then the history
   * buckets' counts and bucket numbers, history × 2, when it has any]}; null for a principal not
   * tracked. {@link #restore} takes it back.
   */
  public synchronized long[] export(String principal) {
    Principal p = principals.get(principal);
    if (p == null) {
      return null;
    }
    int h = p.counts == null ? 0 : settings.history();
    long[] out = new long[4 + 2 * h];
    out[0] = p.firstBucket;
    out[1] = p.current;
    out[2] = p.count;
    out[3] = p.raised ? 1 : 0;
    if (h > 0) {
      System.arraycopy(p.counts, 0, out, 4, h);
      System.arraycopy(p.bucketOf, 0, out, 4 + h, h);
    }
    return out;
  }

  /**
   * Replaces the principal's state by one {@link #export} gave (null: forgets the principal).
   *
   * @throws IllegalArgumentException when the state does not fit these settings' history
   */
  public synchronized void restore(String principal, long[] state) {
    if (state == null) {
      principals.remove(principal);
      return;
    }
    int h = (state.length - 4) / 2;
    if (state.length < 4 || (h != 0 && h != settings.history()) || state.length != 4 + 2 * h) {
      throw new IllegalArgumentException(
          "disclosure baseline state of " + state.length + " numbers does not fit these settings");
    }
    Principal p = new Principal(state[0]);
    p.current = state[1];
    p.count = state[2];
    p.raised = state[3] != 0;
    if (h > 0) {
      p.counts = java.util.Arrays.copyOfRange(state, 4, 4 + h);
      p.bucketOf = java.util.Arrays.copyOfRange(state, 4 + h, 4 + 2 * h);
    }
    principals.put(principal, p);
  }

  /** Forgets every principal (a keyed state store holds them between events). */
  public synchronized void clear() {
    principals.clear();
  }

  /** The principal's current threshold, or the minimum for an unknown principal (for tests). */
  public synchronized double threshold(String principal) {
    Principal p = principals.get(principal);
    return p == null ? settings.minimum() : threshold(p);
  }

  private double threshold(Principal p) {
    long from = Math.max(p.firstBucket, p.current - settings.history());
    long buckets = p.current - from;
    double baseline = 0;
    if (buckets > 0 && p.counts != null) {
      long sum = 0;
      for (int i = 0; i < settings.history(); i++) {
        if (p.bucketOf[i] >= from && p.bucketOf[i] < p.current) {
          sum += p.counts[i];
        }
      }
      baseline = (double) sum / buckets;
    }
    return Math.max(settings.minimum(), settings.factor() * baseline);
  }
}
