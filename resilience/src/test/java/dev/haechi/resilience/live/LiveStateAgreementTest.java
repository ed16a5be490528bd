package dev.haechi.resilience.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * Issue 14 item 5: the server keeps each catalog's reports between checks and applies only new
 * ones. On random report sequences, posted in random batches and checked at random (mostly
 * advancing, sometimes repeated) instants, the incremental state's answer equals a full re-read of
 * every line as of that instant.
 */
class LiveStateAgreementTest {
  static final Duration WINDOW = Duration.ofDays(20);
  static final Instant START = Instant.parse("2026-05-01T00:00:00Z");

  @Property(tries = 60)
  void incremental_state_equals_a_full_re_evaluation(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    LiveState state = new LiveState(LiveCheckTest.CAT, WINDOW, ReportReader.DEFAULT_SKEW);
    List<Object[]> all = new ArrayList<>();
    Instant asOf = START;
    long n = 0;
    for (int step = 0; step < 25; step++) {
      // a batch of lines around the current time (some late, some a little ahead, some bad)
      ReportReader reader =
          new ReportReader(LiveCheckTest.CAT, Instant.parse("9999-01-01T00:00:00Z"), Duration.ZERO);
      for (int i = 0, k = random.nextInt(8); i < k; i++) {
        String line = randomLine(random, asOf);
        n++;
        all.add(new Object[] {"r.jsonl", n, line});
        reader.line("r.jsonl", n, line);
      }
      reader.batch().reports().forEach(state::add);
      int move = random.nextInt(10);
      asOf =
          move < 2
              ? asOf
              : move < 9
                  ? asOf.plus(Duration.ofMinutes(1 + random.nextInt(24 * 60)))
                  : asOf.plus(Duration.ofDays(1 + random.nextInt(15)));
      assertThat(state.covers(asOf)).isTrue();
      LiveResult incremental = state.check(asOf, LiveOptions.DEFAULTS);
      LiveResult full =
          LiveState.fullCheck(
              LiveCheckTest.CAT,
              all,
              asOf,
              WINDOW,
              ReportReader.DEFAULT_SKEW,
              LiveOptions.DEFAULTS);
      assertThat(incremental).as("step %d as of %s", step, asOf).isEqualTo(full);
    }
    // a check further back than the window kept cannot be answered from the state
    assertThat(state.covers(asOf.minus(WINDOW).minus(Duration.ofDays(1)))).isFalse();
  }

  static String randomLine(SplittableRandom random, Instant around) {
    Instant t = around.minus(Duration.ofMinutes(random.nextInt(3 * 24 * 60) - 10));
    String[] entities = {
      "resource:default/fare-db", "resource:default/docs", "resource:default/quiet"
    };
    String[] backups = {"fare-db-nightly", "docs-daily", "quiet-daily"};
    int kind = random.nextInt(20);
    if (kind == 0) {
      return "{not json";
    }
    if (kind == 1) {
      return "{\"time\":\""
          + t
          + "\",\"kind\":\"backup\",\"backup\":\"nope\",\"status\":\"success\"}";
    }
    if (kind < 9) {
      return "{\"time\":\""
          + t
          + "\",\"kind\":\"replication\",\"of\":\"resource:default/fare-db\",\"zone\":\"z2\",\"lag\":\""
          + random.nextInt(900)
          + "s\"}";
    }
    int b = random.nextInt(backups.length);
    String status = random.nextInt(4) == 0 ? "failed" : "success";
    if (kind < 16) {
      return "{\"time\":\""
          + t
          + "\",\"kind\":\"backup\",\"of\":\""
          + entities[b]
          + "\",\"backup\":\""
          + backups[b]
          + "\",\"status\":\""
          + status
          + "\"}";
    }
    return "{\"time\":\""
        + t
        + "\",\"kind\":\"restore-test\",\"backup\":\""
        + backups[b]
        + "\",\"status\":\""
        + status
        + "\"}";
  }
}
