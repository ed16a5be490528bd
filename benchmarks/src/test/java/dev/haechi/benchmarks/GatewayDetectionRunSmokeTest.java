package dev.haechi.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A tiny run of workload (a), so that CI proves the generator, the pack and the run still work. */
class GatewayDetectionRunSmokeTest {

  @Test
  void the_small_retailers_gateway_events_raise_the_forged_token_alert_from_the_first_forgery()
      throws Exception {
    var r = GatewayDetectionRun.run(0.01, null, null, false);
    assertTrue(r.events() > 1000, "events: " + r.events());
    assertTrue(r.forgedAlerts() > 0, "forged-token alerts: " + r.forgedAlerts());
    assertEquals(
        java.time.Instant.parse("2025-06-24T03:12:45.123Z"),
        java.time.Instant.parse(r.firstForged()));
  }
}
