package dev.haechi.detection.engine;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import tools.jackson.databind.JsonNode;

/**
 * Reads an event's time: ECS {@code @timestamp}, evtx_dump's {@code
 * Event.System.TimeCreated.#attributes.SystemTime}, or a top-level {@code timestamp}.
 */
public final class EventTime {
  private EventTime() {}

  /** The time as written, or null. */
  public static String text(JsonNode root) {
    JsonNode t = root.get("@timestamp");
    if (t == null) {
      JsonNode e = root.get("Event");
      if (e != null) {
        t = e.path("System").path("TimeCreated").path("#attributes").get("SystemTime");
      }
    }
    if (t == null) {
      t = root.get("timestamp");
    }
    return t == null || t.isNull() || t.isContainer() ? null : t.asString();
  }

  /**
   * The time as an instant (offset-less times are taken as UTC), or null if absent or unreadable.
   */
  public static Instant instant(JsonNode root) {
    String s = text(root);
    if (s == null) {
      return null;
    }
    String iso =
        s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
    try {
      return OffsetDateTime.parse(iso).toInstant();
    } catch (DateTimeParseException e) {
      // fall through
    }
    try {
      return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // fall through
    }
    try {
      return Instant.ofEpochMilli(Long.parseLong(s.trim()));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
