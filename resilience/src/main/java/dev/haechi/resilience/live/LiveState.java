package dev.haechi.resilience.live;

import dev.haechi.resilience.catalog.Catalog;
import dev.haechi.resilience.catalog.EntityRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reports of one catalog kept between checks, per entity, so that a server re-checking every
 * minute applies only the reports that arrived since instead of re-reading and re-parsing its whole
 * window (issue 14 item 5). Reports are added in arrival order; a check keeps those of the last
 * {@code window} before the check time and up to the allowed skew after it, exactly what a full
 * re-read of the window ({@link #fullCheck}) would see. Not thread-safe.
 */
public final class LiveState {
  private final Catalog catalog;
  private final Duration window;
  private final Duration skew;
  private final Map<EntityRef, List<LiveReport>> byEntity = new TreeMap<>();
  private Instant floor;
  private long size;

  /**
   * @param window how far back a check looks (reports older than {@code asOf - window} are dropped)
   * @param skew how far after the check time a report may be dated and still be used
   */
  public LiveState(Catalog catalog, Duration window, Duration skew) {
    this.catalog = catalog;
    this.window = window;
    this.skew = skew;
  }

  public Catalog catalog() {
    return catalog;
  }

  /** Applies one report (in the order reports arrived). */
  public void add(LiveReport r) {
    if (floor != null && r.time().isBefore(floor)) {
      return; // already out of every window this state can still answer
    }
    byEntity.computeIfAbsent(r.of(), k -> new ArrayList<>()).add(r);
    size++;
  }

  /** Reports held. */
  public long size() {
    return size;
  }

  /**
   * True when this state can answer a check as of {@code asOf}: nothing it would need has been
   * dropped (a check further back than an earlier one needs a full re-read).
   */
  public boolean covers(Instant asOf) {
    return floor == null || !asOf.minus(window).isBefore(floor);
  }

  /**
   * The live check as of {@code asOf} over the reports held, dropping those that fell out of the
   * window for good.
   *
   * @throws IllegalStateException when {@link #covers} is false
   */
  public LiveResult check(Instant asOf, LiveOptions options) {
    if (!covers(asOf)) {
      throw new IllegalStateException("reports before " + floor + " were dropped");
    }
    Instant from = asOf.minus(window);
    Instant to = asOf.plus(skew);
    if (floor == null || from.isAfter(floor)) {
      floor = from;
      size = 0;
      byEntity
          .values()
          .forEach(
              l -> {
                l.removeIf(r -> r.time().isBefore(from));
                size += l.size();
              });
      byEntity.values().removeIf(List::isEmpty);
    }
    List<LiveReport> in = new ArrayList<>();
    for (List<LiveReport> l : byEntity.values()) {
      for (LiveReport r : l) {
        if (!r.time().isAfter(to)) {
          in.add(r);
        }
      }
    }
    return LiveCheck.check(catalog, in, asOf, options);
  }

  /**
   * The reference: read every line again, as of {@code asOf}, keeping the reports dated in {@code
   * [asOf - window, asOf + skew]}, and check them.
   *
   * @param lines {@code {source, line number, text}} in arrival order
   */
  public static LiveResult fullCheck(
      Catalog catalog,
      List<Object[]> lines,
      Instant asOf,
      Duration window,
      Duration skew,
      LiveOptions options) {
    ReportReader reader = new ReportReader(catalog, asOf, skew);
    for (Object[] l : lines) {
      reader.line((String) l[0], (Long) l[1], (String) l[2]);
    }
    List<LiveReport> in = new ArrayList<>();
    for (LiveReport r : reader.batch().reports()) {
      if (!r.time().isBefore(asOf.minus(window))) {
        in.add(r);
      }
    }
    return LiveCheck.check(catalog, in, asOf, options);
  }
}
