package dev.haechi.resilience.risk;

import dev.haechi.core.Finding;
import dev.haechi.core.Severity;
import dev.haechi.resilience.catalog.PowerAsset;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code battery-past-life}: a battery older than its rated life. Age counts from manufacture when
 * the catalog gives it (batteries age on the shelf: calendar ageing), else from installation.
 * Lithium-ion batteries past life are critical (thermal runaway risk grows with age), others high.
 */
public final class BatteryPastLife implements RiskRule {
  @Override
  public String type() {
    return "battery-past-life";
  }

  @Override
  public List<Finding> findings(RiskContext c) {
    List<Finding> out = new ArrayList<>();
    for (PowerAsset a : c.catalog().powerAssets()) {
      LocalDate start = a.manufactured() != null ? a.manufactured() : a.installed();
      if (!a.battery() || a.ratedLifeYears() <= 0 || start == null) {
        continue;
      }
      LocalDate end = start.plusYears(a.ratedLifeYears());
      if (c.asOf().isBefore(end)) {
        continue;
      }
      String from = a.manufactured() != null ? "manufactured" : "installed";
      List<String> evidence = new ArrayList<>();
      evidence.add(a.source().at("spec." + from) + " spec." + from + ": " + start);
      if (a.manufactured() != null && a.installed() != null) {
        evidence.add(a.source().at("spec.installed") + " spec.installed: " + a.installed());
      }
      evidence.add(
          a.source().at("spec.ratedLifeYears")
              + " spec.ratedLifeYears: "
              + a.ratedLifeYears()
              + " (life ended "
              + end
              + ", as of "
              + c.asOf()
              + ")");
      out.add(
          new Finding(
              type(),
              a.lithiumIon() ? Severity.CRITICAL : Severity.HIGH,
              "Battery " + a.name() + " is past its " + a.ratedLifeYears() + "-year rated life",
              Map.of("entity", a.ref().toString()),
              evidence,
              "Replace the battery modules. Until then, keep them out of rooms with grade-1 and"
                  + " grade-2 systems, watch cell temperatures, and never move them with auxiliary"
                  + " power on."));
    }
    return out;
  }
}
