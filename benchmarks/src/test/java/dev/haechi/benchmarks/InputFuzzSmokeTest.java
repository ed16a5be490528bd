package dev.haechi.benchmarks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * A short run of every fuzz target (300 mutated inputs each, fixed seed): each reader accepts an
 * input or refuses it with an InputException naming the source, never anything else.
 */
class InputFuzzSmokeTest {

  @Test
  void every_reader_accepts_or_refuses_mutated_input_with_a_reason() throws Exception {
    StringBuilder failures = new StringBuilder();
    for (var t : InputFuzz.targets(Files.createTempDirectory("haechi-fuzz-smoke"))) {
      var o = InputFuzz.fuzz(t, 20261127L, 300, 60_000);
      assertTrue(o.inputs() > 0, t.name() + " ran no input");
      o.failures().forEach(f -> failures.append(t.name()).append(": ").append(f).append('\n'));
    }
    assertTrue(failures.isEmpty(), failures.toString());
  }
}
