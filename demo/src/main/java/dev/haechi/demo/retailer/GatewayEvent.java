package dev.haechi.demo.retailer;

import dev.haechi.demo.output.JsonText;

/**
 * One gateway access event (FORMATS.md §2): ECS fields ({@code @timestamp}, {@code event.*}, {@code
 * service.name}, {@code user.id}, {@code user.roles}, {@code source.ip}, {@code
 * source.geo.country_iso_code}, {@code url.path}, {@code http.*}), the verified token the request
 * presented ({@code token.kid/sub/iss/iat/exp}; absent on a login, which presents a password) and
 * whose personal data the response disclosed ({@code data.subject_ids}, {@code data.categories}).
 *
 * @param millis the request time, epoch milliseconds (UTC)
 * @param seq the order in which the generator drew it, which breaks ties between equal times
 * @param kid the token's key ID, or null when the request presented no token
 * @param iat the token's issued-at, epoch seconds (RFC 7519 §4.1.6)
 * @param exp the token's expiry, epoch seconds (RFC 7519 §4.1.4)
 */
record GatewayEvent(
    long millis,
    int seq,
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

  boolean forged() {
    return GatewayStory.RETIRED_KID.equals(kid);
  }

  /** Appends the event as one JSON object, without a line end. */
  void appendTo(StringBuilder out, Timestamps timestamps) {
    out.append("{\"@timestamp\":\"");
    timestamps.append(out, millis);
    out.append("\",\"event\":{\"category\":[\"web\"],\"action\":");
    JsonText.quote(out, action);
    out.append(",\"outcome\":\"").append(status < 400 ? "success" : "failure");
    out.append("\"},\"service\":{\"name\":\"gateway\"},\"user\":{\"id\":");
    JsonText.quote(out, userId);
    out.append(",\"roles\":[");
    JsonText.quote(out, role);
    out.append("]},\"source\":{\"ip\":");
    JsonText.quote(out, ip);
    out.append(",\"geo\":{\"country_iso_code\":");
    JsonText.quote(out, country);
    out.append("}},\"url\":{\"path\":");
    JsonText.quote(out, path);
    out.append("},\"http\":{\"request\":{\"method\":\"").append(method);
    out.append("\"},\"response\":{\"status_code\":").append(status).append("}}");
    if (kid != null) {
      out.append(",\"token\":{\"kid\":");
      JsonText.quote(out, kid);
      out.append(",\"sub\":");
      JsonText.quote(out, sub);
      out.append(",\"iss\":");
      JsonText.quote(out, GatewayStory.ISSUER);
      out.append(",\"iat\":").append(iat).append(",\"exp\":").append(exp).append('}');
    }
    out.append(",\"data\":{\"subject_ids\":");
    array(out, subjects);
    out.append(",\"categories\":");
    array(out, categories);
    out.append("}}");
  }

  private static void array(StringBuilder out, String[] values) {
    out.append('[');
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      JsonText.quote(out, values[i]);
    }
    out.append(']');
  }

  /**
   * Formats epoch milliseconds as ISO-8601 UTC with exactly three fraction digits ({@code
   * 2025-06-24T03:12:45.123Z}); {@link java.time.Instant#toString} drops a zero fraction.
   */
  static final class Timestamps {
    private long day = Long.MIN_VALUE;
    private String datePrefix;

    void append(StringBuilder out, long millis) {
      long d = Math.floorDiv(millis, 86_400_000L);
      if (d != day) {
        day = d;
        datePrefix = java.time.LocalDate.ofEpochDay(d) + "T";
      }
      int ms = (int) (millis - d * 86_400_000L);
      out.append(datePrefix);
      two(out, ms / 3_600_000);
      out.append(':');
      two(out, ms / 60_000 % 60);
      out.append(':');
      two(out, ms / 1000 % 60);
      out.append('.');
      int frac = ms % 1000;
      out.append((char) ('0' + frac / 100)).append((char) ('0' + frac / 10 % 10));
      out.append((char) ('0' + frac % 10)).append('Z');
    }

    private static void two(StringBuilder out, int v) {
      out.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }
  }
}
