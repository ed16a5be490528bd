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
}
