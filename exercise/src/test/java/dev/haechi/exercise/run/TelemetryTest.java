package dev.haechi.exercise.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The background's fast path (shared parts, cached timestamps) builds exactly the events of the
 * simple reference, {@link Telemetry#gateway}: randomised over members, actions, kids and times.
 */
class TelemetryTest {
  static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void shared_part_events_equal_the_reference_events() {
    SplittableRandom rnd = new SplittableRandom(20261207L);
    List<String> countries = List.of("KR", "JP", "US");
    Telemetry.MemberRequests fast =
        new Telemetry.MemberRequests(
            ExerciseRunner.MEMBER_ACTIONS,
            ExerciseRunner::memberIp,
            id -> countries.get((int) (id % countries.size())));
    long millis = Instant.parse("2025-06-24T00:00:00Z").toEpochMilli();
    for (int i = 0; i < 50_000; i++) {
      millis += rnd.nextInt(3) == 0 ? 0 : rnd.nextLong(5_000); // same millisecond, same second, …
      long id = 100_000 + rnd.nextLong(2_000); // members repeat, so their parts are reused
      int a = rnd.nextInt(ExerciseRunner.MEMBER_ACTIONS.length);
      String kid = rnd.nextInt(10) == 0 ? null : rnd.nextBoolean() ? "auth-2022-01" : "k2";
      String[] shape = ExerciseRunner.MEMBER_ACTIONS[a];
      String sid = Long.toString(id);
      JsonNode reference =
          Telemetry.gateway(
              millis,
              shape[0],
              String.format(shape[1], sid),
              200,
              sid,
              ExerciseRunner.memberIp(id),
              countries.get((int) (id % countries.size())),
              kid,
              sid,
              List.of(sid),
              List.of(shape[2].split(",")));
      JsonNode built = fast.event(millis, a, id, kid);
      assertThat(built).as("event %d", i).isEqualTo(reference);
      // the same text, field order included
      assertThat(JSON.writeValueAsString(built)).isEqualTo(JSON.writeValueAsString(reference));
    }
  }

  @Test
  void cached_timestamps_equal_instant_to_string() {
    SplittableRandom rnd = new SplittableRandom(7);
    Telemetry.Timestamps t = new Telemetry.Timestamps();
    long[] fixed = {
      0,
      1,
      999,
      1000,
      1001,
      -1,
      -999,
      -1000,
      -1001,
      253402300799999L,
      253402300800000L,
      -62167219200000L,
      -62167219200001L
    };
    for (long m : fixed) {
      assertThat(t.text(m)).as("%d", m).isEqualTo(Instant.ofEpochMilli(m).toString());
    }
    long m = 1_750_000_000_000L;
    for (int i = 0; i < 200_000; i++) {
      m += rnd.nextInt(4) == 0 ? -rnd.nextLong(3_000) : rnd.nextLong(1_500);
      if (rnd.nextInt(1000) == 0) {
        m = rnd.nextLong(-62167219200000L, 253402300799999L);
      }
      assertThat(t.text(m)).as("%d", m).isEqualTo(Instant.ofEpochMilli(m).toString());
    }
    // the date arithmetic over the whole range and past both ends (leap days, centuries, eras)
    for (int i = 0; i < 100_000; i++) {
      long r =
          i % 2 == 0
              ? rnd.nextLong(-62167219200000L - 100_000_000L, 253402300799999L + 100_000_000L)
              : 951_782_400_000L + rnd.nextLong(-5_000_000_000L, 5_000_000_000L); // 2000-02-29
      assertThat(new Telemetry.Timestamps().text(r))
          .as("%d", r)
          .isEqualTo(Instant.ofEpochMilli(r).toString());
      assertThat(t.text(r)).as("%d", r).isEqualTo(Instant.ofEpochMilli(r).toString());
    }
  }
}
