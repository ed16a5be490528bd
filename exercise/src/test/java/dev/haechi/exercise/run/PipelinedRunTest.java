package dev.haechi.exercise.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.exercise.DemoWorlds;
import dev.haechi.exercise.SmallWorldAccess;
import dev.haechi.exercise.builtin.BuiltinScenarios;
import dev.haechi.exercise.report.AfterActionReport;
import dev.haechi.exercise.report.ResultJson;
import dev.haechi.exercise.scenario.Scenario;
import dev.haechi.exercise.scenario.ScenarioReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * The two-thread run (telemetry and the engine's per-event stage on a second thread) against the
 * one-thread run it speeds up: the same result JSON (wall time aside), the same after-action
 * report, the same timeline and progress calls in the same order, on the Coupang replay and on a
 * scenario whose key rotation and leaver recompile the engine mid-stream (events prepared by the
 * replaced engine must be prepared again).
 */
class PipelinedRunTest {
  @TempDir Path dir;

  @Test
  void coupang_gives_the_same_result_on_two_threads_as_on_one() {
    Scenario s = BuiltinScenarios.load("coupang-2025", DemoWorlds.get()).withBackgroundRate(2);
    sameOnBoth(ExerciseRunner.prepare(s));
  }

  @Test
  void world_changes_mid_stream_give_the_same_result_on_two_threads_as_on_one() throws Exception {
    SmallWorldAccess.write(dir);
    String scenario =
        SmallWorldAccess.scenario()
            .replace(
                "    - {id: burn, at: 30h, type: fire, with: {zone: hq-b1-server, crews: 2}}\n",
                "    - {id: leave, at: 1d, type: terminate, with: {person: di}}\n")
            .replace("    - {inject: burn, restoreGrade: 1, within: 72h}\n", "")
            .replace("rate: 1/s", "rate: 3/s");
    assertThat(scenario).contains("id: leave").doesNotContain("burn");
    Path file = dir.resolve("drill.yaml");
    Files.writeString(file, scenario);
    ExerciseRunner.Prepared p = ExerciseRunner.prepare(ScenarioReader.read(file));
    ExerciseResult one = sameOnBoth(p);
    assertThat(one.injects()).hasSize(6);
    // the export comes at the moment di leaves: only the recompiled engine knows they left
    assertThat(one.injects().get(4).outcome()).isEqualTo(Outcome.DETECTED);
  }

  private static ExerciseResult sameOnBoth(ExerciseRunner.Prepared p) {
    Recorder r1 = new Recorder();
    ExerciseResult one = p.run(r1, false);
    Recorder r2 = new Recorder();
    ExerciseResult two = p.run(r2, true);
    assertThat(one.alerts()).isPositive();
    assertThat(json(two)).isEqualTo(json(one));
    assertThat(AfterActionReport.markdown(two)).isEqualTo(AfterActionReport.markdown(one));
    assertThat(r2.calls).isEqualTo(r1.calls);
    assertThat(r1.calls.size()).isGreaterThan(20);
    return one;
  }

  private static String json(ExerciseResult r) {
    ObjectNode j = ResultJson.of(r);
    ((ObjectNode) j.get("counts")).put("wall_seconds", 0.0);
    return j.toString();
  }

  /** Every listener call, in order. */
  static final class Recorder implements ExerciseListener {
    final List<String> calls = new ArrayList<>();

    @Override
    public void progress(Instant simulated, double fraction, long events, long alerts) {
      calls.add("progress " + simulated + " " + fraction + " " + events + " " + alerts);
    }

    @Override
    public void timeline(Instant simulated, String kind, String text) {
      calls.add("timeline " + simulated + " " + kind + " " + text);
    }
  }
}
