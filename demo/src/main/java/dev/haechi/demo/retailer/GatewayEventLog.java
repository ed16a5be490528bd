package dev.haechi.demo.retailer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The gateway events as they are drawn, in draw order; {@link #sorted} puts them in time order,
 * ties broken by draw order, so that the file is the same for the same draws.
 */
final class GatewayEventLog {
  static final String[] NONE = {};

  private final List<GatewayEvent> events = new ArrayList<>();

  int size() {
    return events.size();
  }

  /** A request without a token (a login). */
  void add(
      long millis,
      String action,
      String method,
      String path,
      int status,
      String userId,
      String role,
      String ip,
      String country,
      String[] subjects,
      String[] categories) {
    add(
        millis,
        action,
        method,
        path,
        status,
        userId,
        role,
        ip,
        country,
        null,
        null,
        0,
        0,
        subjects,
        categories);
  }

  /** A request that presented a token signed with {@code kid}. */
  void add(
      long millis,
      String action,
      String method,
      String path,
      int status,
      String userId,
      String role,
      String ip,
      String country,
      String kid,
      String sub,
      long iat,
      long exp,
      String[] subjects,
      String[] categories) {
    if (millis < GatewayStory.WINDOW_START.toEpochMilli()
        || millis >= GatewayStory.WINDOW_END.toEpochMilli()) {
      return;
    }
    events.add(
        new GatewayEvent(
            millis,
            events.size(),
            action,
            method,
            path,
            status,
            userId,
            role,
            ip,
            country,
            kid,
            sub,
            iat,
            exp,
            subjects,
            categories));
  }

  /**
   * The events by time, ties in draw order. Design note: sorting one primitive key per event, (time
   * since the window start) × 2³² + draw index, is several times faster than sorting the objects
   * with a comparator, which chases a pointer per comparison; the window (weeks of milliseconds)
   * fits in 31 bits.
   */
  GatewayEvent[] sorted() {
    long start = GatewayStory.WINDOW_START.toEpochMilli();
    long[] keys = new long[events.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = (events.get(i).millis() - start) << 32 | i;
    }
    Arrays.parallelSort(keys);
    GatewayEvent[] array = new GatewayEvent[keys.length];
    for (int i = 0; i < keys.length; i++) {
      array[i] = events.get((int) keys[i]);
    }
    return array;
  }
}
