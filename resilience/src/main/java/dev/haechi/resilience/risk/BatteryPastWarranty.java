package dev.haechi.resilience.risk;

import dev.haechi.core.Finding;
import dev.haechi.core.Severity;
import dev.haechi.resilience.catalog.PowerAsset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code battery-past-warranty}: a battery whose warranty ended before the assessment date. */
public final class BatteryPastWarranty implements RiskRule {
  @Override
  public String type() {
    return "battery-past-warranty";
  }

  @Override
  public List<Finding> findings(RiskContext c) {
    List<Finding> out = new ArrayList<>();
    for (PowerAsset a : c.catalog().powerAssets()) {
      if (!a.battery() || a.warrantyEnd() == null || !c.asOf().isAfter(a.warrantyEnd())) {
        continue;
      }
      out.add(
          new Finding(
              type(),
              a.lithiumIon() ? Severity.HIGH : Severity.MEDIUM,
              "Battery " + a.name() + " is out of warranty since " + a.warrantyEnd(),
              Map.of("entity", a.ref().toString()),
              List.of(
                  a.source().at("spec.warrantyEnd")
                      + " spec.warrantyEnd: "
                      + a.warrantyEnd()
                      + " (as of "
                      + c.asOf()
                      + ")"),
              "Replace the battery or put it under a maintenance contract that covers cell"
                  + " failures; an unwarranted battery is rarely monitored by its maker."));
    }
    return out;
  }
}
