package dev.haechi.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A tiny run of the demo-generation benchmark, so that CI proves the benchmark still works. */
class DemoGenerationRunSmokeTest {

  @Test
  void a_tiny_generation_run_reports_a_time_per_run_and_the_bytes_written() throws Exception {
    var result = DemoGenerationRun.run("government", 0.01, 2);
    assertEquals(2, result.seconds().size());
    assertTrue(result.bytes() > 10_000, "the catalog has content: " + result.bytes());
    assertTrue(result.median() >= 0);
  }
}
