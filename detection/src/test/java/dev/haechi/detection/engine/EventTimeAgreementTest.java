package dev.haechi.detection.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The hand-written ISO-8601 reader of {@link EventTime#instant} (issue 18) agrees with its {@code
 * java.time} reference ({@link EventTime#instantReference}) on random times, offsets and fraction
 * lengths, and on random one- and two-character corruptions of them (which it must either read the
 * same way or leave to the reference).
 */
class EventTimeAgreementTest {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final String ALPHABET = "0123456789-:+.TZtz 9";

  @Test
  void fast_reader_agrees_with_java_time_on_random_and_corrupted_times() {
    Random random = new Random(18);
    int fast = 0;
    for (int i = 0; i < 60_000; i++) {
      String text = randomTime(random);
      int corruptions = random.nextInt(4) == 0 ? 1 + random.nextInt(2) : 0;
      StringBuilder b = new StringBuilder(text);
      for (int k = 0; k < corruptions; k++) {
        int at = random.nextInt(b.length());
        switch (random.nextInt(3)) {
          case 0 -> b.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
          case 1 -> b.deleteCharAt(at);
          default -> b.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
      }
      ObjectNode event = MAPPER.createObjectNode().put("@timestamp", b.toString());
      Instant expected = EventTime.instantReference(event);
      assertThat(EventTime.instant(event)).as(b.toString()).isEqualTo(expected);
      if (EventTime.iso(b.toString()) != null) {
        fast++;
      }
      long millis = EventTime.isoEpochMilli(b.toString());
      if (millis != EventTime.NOT_ISO) {
        assertThat(millis).as(b.toString()).isEqualTo(expected.toEpochMilli());
      } else {
        assertThat(EventTime.iso(b.toString())).isNull();
      }
    }
    // most uncorrupted times take the fast path (the test would prove nothing otherwise)
    assertThat(fast).isGreaterThan(30_000);
  }

  @Test
  void edge_dates_agree() {
    for (String s :
        new String[] {
          "2024-02-29T23:59:59.999999999Z",
          "2023-02-29T00:00:00Z",
          "0000-01-01T00:00:00Z",
          "9999-12-31T23:59:59+18:00",
          "2025-06-24T03:12:45-18:00",
          "2025-06-24T03:12:45+18:01",
          "2025-06-24T03:12:45-00:00",
          "2025-06-24T03:12:45.Z",
          "2025-06-24T03:12:45.1234567890Z",
          "2025-06-24T24:00:00Z",
          "2025-06-24T23:59:60Z",
          "1900-03-01T00:00:00Z",
          "2000-03-01T00:00:00+05:30",
          "2025-06-24T03:12:45.\u0661\u0662\u0663Z",
          "2025-06-24T03:12:45.12\uff13Z",
        }) {
      ObjectNode event = MAPPER.createObjectNode().put("@timestamp", s);
      assertThat(EventTime.instant(event)).as(s).isEqualTo(EventTime.instantReference(event));
    }
  }

  private static String randomTime(Random random) {
    long seconds = random.nextLong() % 253_402_300_000L; // years 0000–9999 around the epoch
    if (seconds < -62_167_219_200L) {
      seconds = -seconds;
    }
    int nanos = random.nextInt(1_000_000_000);
    int fraction = random.nextInt(10);
    ZoneOffset offset =
        random.nextBoolean()
            ? ZoneOffset.UTC
            : ZoneOffset.ofTotalSeconds((random.nextInt(18 * 4 * 2 + 1) - 18 * 4) * 900);
    String pattern = "yyyy-MM-dd'T'HH:mm:ss" + (fraction == 0 ? "" : "." + "S".repeat(fraction));
    Instant at = Instant.ofEpochSecond(seconds, nanos);
    String local =
        at.atOffset(offset).toLocalDateTime().format(DateTimeFormatter.ofPattern(pattern));
    String zone = offset.equals(ZoneOffset.UTC) && random.nextBoolean() ? "Z" : offset.getId();
    return local + ("Z".equals(zone) && random.nextBoolean() ? "+00:00" : zone);
  }
}
