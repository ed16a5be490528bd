package dev.haechi.detection.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.detection.engine.EventTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The fast event-time reader agrees with {@link EventTime} (its reference). */
class IsoMillisTest {
  static final JsonMapper MAPPER = JsonMapper.builder().build();

  @Property(tries = 500)
  void fast_time_agrees_with_event_time(
      @ForAll @LongRange(min = -2_000_000_000_000L, max = 8_000_000_000_000L) long millis,
      @ForAll @IntRange(min = 0, max = 9) int fractionDigits,
      @ForAll @IntRange(min = -18 * 4, max = 18 * 4) int quarterHours,
      @ForAll boolean zulu) {
    ZoneOffset offset = zulu ? ZoneOffset.UTC : ZoneOffset.ofTotalSeconds(quarterHours * 900);
    String pattern =
        "yyyy-MM-dd'T'HH:mm:ss" + (fractionDigits == 0 ? "" : "." + "S".repeat(fractionDigits));
    String text =
        Instant.ofEpochMilli(millis).atOffset(offset).format(DateTimeFormatter.ofPattern(pattern))
            + (zulu ? "Z" : offset.getId().equals("Z") ? "+00:00" : offset.getId());
    var event = MAPPER.readTree("{\"@timestamp\":\"" + text + "\"}");
    Instant reference = EventTime.instant(event);
    assertThat(IsoMillis.of(event)).as(text).isEqualTo(reference.toEpochMilli());
  }

  @Test
  void other_shapes_fall_back_to_event_time_or_none() {
    assertThat(IsoMillis.parse("2025-02-30T00:00:00Z")).isEqualTo(IsoMillis.NONE);
    assertThat(IsoMillis.parse("2025-06-24 03:12:45Z")).isEqualTo(IsoMillis.NONE);
    var spaced = MAPPER.readTree("{\"@timestamp\":\"2025-06-24 03:12:45\"}");
    assertThat(IsoMillis.of(spaced)).isEqualTo(EventTime.instant(spaced).toEpochMilli());
    assertThat(IsoMillis.of(MAPPER.readTree("{\"a\":1}"))).isEqualTo(IsoMillis.NONE);
  }

  /**
   * Edges where this reader and {@link EventTime} once differed (two copies of the reader): digits
   * of other scripts in the fraction ({@code Character.isDigit} took them) and offsets past ±18:00.
   */
  @Test
  void agrees_with_event_time_on_non_ascii_digits_and_out_of_range_offsets() {
    for (String text :
        new String[] {
          "2025-06-24T03:12:45.\u0661\u0662\u0663Z",
          "2025-06-24T03:12:45.1\u0662Z",
          "2025-06-24T03:12:45+18:01",
          "2025-06-24T03:12:45-18:30",
          "2025-06-24T03:12:45+18:00",
        }) {
      var event = MAPPER.createObjectNode().put("@timestamp", text);
      Instant reference = EventTime.instant(event);
      assertThat(IsoMillis.of(event))
          .as(text)
          .isEqualTo(reference == null ? IsoMillis.NONE : reference.toEpochMilli());
    }
  }
}
