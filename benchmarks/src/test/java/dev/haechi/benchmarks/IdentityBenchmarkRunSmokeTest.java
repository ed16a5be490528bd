package dev.haechi.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A tiny run of the identity benchmark, so that CI proves the generator and the run still work. */
class IdentityBenchmarkRunSmokeTest {

  @Test
  void a_tiny_synthetic_directory_is_read_and_reconciled_with_findings() throws Exception {
    var r = IdentityBenchmarkRun.run(200, 300, 20, 2_000, null);
    assertEquals(200, r.people());
    assertEquals(3_000, r.accounts());
    assertEquals(2_000, r.vaultLines());
    assertTrue(r.findings() > 0, "leavers with enabled accounts are found: " + r.findings());
  }

  @Test
  void the_reconcile_run_reconciles_a_written_directory_round_after_round(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    IdentityBenchmarkRun.write(dir, 100, 150, 10, 1_000);
    var out = new java.io.ByteArrayOutputStream();
    var old = System.out;
    System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      IdentityReconcileRun.main(new String[] {dir.toString(), "2"});
    } finally {
      System.setOut(old);
    }
    String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(text.contains("round 1: ") && text.contains("round 2: "), text);
    var first = java.util.regex.Pattern.compile("round 1: (\\d+) findings").matcher(text);
    assertTrue(first.find() && Integer.parseInt(first.group(1)) > 0, text);
    assertTrue(text.contains("round 2: " + first.group(1) + " findings"), text);
  }
}
