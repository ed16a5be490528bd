package dev.haechi.resilience.risk;

import dev.haechi.core.Finding;
import dev.haechi.core.Severity;
import dev.haechi.resilience.catalog.PowerAsset;
import dev.haechi.resilience.catalog.Recommendation;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code recommendation-open}: a maintainer's or inspector's recommendation on a power asset, made
 * on or before the assessment date and not done. A recommended replacement is high, anything else
 * medium.
 */
public final class RecommendationOpen implements RiskRule {
  @Override
  public String type() {
    return "recommendation-open";
  }

  @Override
  public List<Finding> findings(RiskContext c) {
    List<Finding> out = new ArrayList<>();
    for (PowerAsset a : c.catalog().powerAssets()) {
      for (Recommendation r : a.recommendations()) {
        if (!r.open() || (r.date() != null && r.date().isAfter(c.asOf()))) {
          continue;
        }
        String action = r.action() == null ? "action" : r.action();
        boolean replace = action.toLowerCase(Locale.ROOT).contains("replace");
        String age =
            r.date() == null
                ? ""
                : " (" + ChronoUnit.DAYS.between(r.date(), c.asOf()) + " days open)";
        out.add(
            new Finding(
                type(),
                replace ? Severity.HIGH : Severity.MEDIUM,
                "Recommendation to " + action + " " + a.name() + " is still open" + age,
                Map.of("entity", a.ref().toString()),
                List.of(
                    a.source().file()
                        + ":"
                        + r.line()
                        + " recommendation "
                        + action
                        + " by "
                        + (r.by() == null ? "unknown" : r.by())
                        + " on "
                        + r.date()
                        + ", status "
                        + r.status()),
                "Carry out the recommendation (" + action + ") or record why it was rejected."));
      }
    }
    return out;
  }
}
