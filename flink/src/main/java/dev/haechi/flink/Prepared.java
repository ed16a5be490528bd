package dev.haechi.flink;

import dev.haechi.detection.correlation.CorrelationEngine;
import dev.haechi.detection.engine.EventTime;
import dev.haechi.detection.event.EvtxDumpShape;
import dev.haechi.flink.Records.EventRecord;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads what the job needs before the detection stage, once per event at the source: the key (the
 * principal whose disclosure baseline the event counts in: the engine's order {@code user.id},
 * {@code user.name}, {@code token.sub}; events without one, or not JSON, are spread over 64 keys by
 * position since nothing keyed depends on them) and the event time (for timestamps and watermarks;
 * {@link Long#MIN_VALUE} without one).
 */
public final class Prepared {
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();
  private static final String[] FIELDS = {"user.id", "user.name", "token.sub"};

  private Prepared() {}

  public static EventRecord of(long seq, String text) {
    EventRecord e = new EventRecord(seq, text);
    e.key = "#" + Math.floorMod(seq, 64);
    e.time = Long.MIN_VALUE;
    try {
      JsonNode node = MAPPER.readTree(text);
      if (node != null && node.isObject()) {
        for (String f : FIELDS) {
          List<String> v = CorrelationEngine.plain(node).values(f);
          if (!v.isEmpty()) {
            e.key = "p:" + v.get(0);
            break;
          }
        }
        Instant t = EventTime.instant(EvtxDumpShape.normalize(node));
        if (t != null) {
          e.time = t.toEpochMilli();
        }
      }
    } catch (RuntimeException ex) {
      // not JSON (or an unreadable time): the detection stage rejects it or leaves it untimed
    }
    return e;
  }
}
