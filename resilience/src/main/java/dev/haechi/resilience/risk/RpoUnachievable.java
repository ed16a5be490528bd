package dev.haechi.resilience.risk;

import dev.haechi.core.Durations;
import dev.haechi.core.Finding;
import dev.haechi.resilience.catalog.Backup;
import dev.haechi.resilience.catalog.Placement;
import dev.haechi.resilience.catalog.Role;
import dev.haechi.resilience.catalog.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code rpo-unachievable}: after the worst single-zone fire among the zones the entity is placed
 * in, the newest surviving copy is older than the RPO, or no copy survives at all.
 *
 * <p>A surviving copy lacks: nothing for a primary, active/standby or sync replica; the replica lag
 * for an async replica; for a backup, its interval (the worst moment is just before the next run)
 * or, when the last success is older than that as of the assessment date, the time since it.
 */
public final class RpoUnachievable implements RiskRule {
  @Override
  public String type() {
    return "rpo-unachievable";
  }

  @Override
  public List<Finding> findings(RiskContext c) {
    List<Finding> out = new ArrayList<>();
    long asOf = c.asOfInstant().getEpochSecond();
    for (Workload w : c.catalog().workloads()) {
      if (w.rpo() == null || w.placements().isEmpty() || !c.catalog().holdsData(w)) {
        continue;
      }
      List<Backup> backups = c.catalog().backupsOf(w.ref());
      String worstZone = null;
      long worst = -2; // -1 = nothing survives
      String worstCopy = null;
      for (String zone : w.zones()) {
        long best = Long.MAX_VALUE;
        String bestCopy = null;
        for (Placement p : w.placements()) {
          if (!p.zone().equals(zone)) {
            long loss = p.role() == Role.REPLICA_ASYNC ? w.replicaLag().getSeconds() : 0;
            if (loss < best) {
              best = loss;
              bestCopy =
                  w.source().at("haechi.dev/placement")
                      + " "
                      + p.role().label()
                      + " in zone "
                      + p.zone();
            }
          }
        }
        for (Backup b : backups) {
          if (b.zone().equals(zone)) {
            continue;
          }
          long loss = exposure(b, asOf);
          if (loss >= 0 && loss < best) {
            best = loss;
            bestCopy =
                b.source().at("spec.interval")
                    + " backup "
                    + b.name()
                    + " in zone "
                    + b.zone()
                    + (b.interval() == null ? "" : ", interval " + Durations.format(b.interval()))
                    + (b.lastSuccess() == null ? "" : ", last success " + b.lastSuccess());
          }
        }
        long loss = best == Long.MAX_VALUE ? -1 : best;
        boolean worse = worst == -2 || (loss == -1 && worst != -1) || (worst >= 0 && loss > worst);
        if (worse) {
          worst = loss;
          worstZone = zone;
          worstCopy = bestCopy;
        }
      }
      long rpo = w.rpo().getSeconds();
      if (worst >= 0 && worst <= rpo) {
        continue;
      }
      List<String> evidence = new ArrayList<>();
      evidence.add(
          w.source().at("haechi.dev/rpo") + " haechi.dev/rpo: " + Durations.format(w.rpo()));
      evidence.add(
          w.source().at("haechi.dev/placement")
              + " a fire in zone "
              + worstZone
              + " is the worst case");
      String title;
      if (worst < 0) {
        evidence.add("no replica or backup outside zone " + worstZone + " survives it");
        title =
            w.ref()
                + " loses all its data in a fire in zone "
                + worstZone
                + " (RPO "
                + Durations.format(w.rpo())
                + ")";
      } else {
        evidence.add(
            worstCopy
                + " is the newest surviving copy, up to "
                + Durations.format(Duration.ofSeconds(worst))
                + " old");
        title =
            w.ref()
                + " can lose "
                + Durations.format(Duration.ofSeconds(worst))
                + " of data in a fire in zone "
                + worstZone
                + ", more than its RPO of "
                + Durations.format(w.rpo());
      }
      out.add(
          new Finding(
              type(),
              RiskContext.severityForGrade(w.grade()),
              title,
              Map.of("entity", w.ref().toString(), "zone", worstZone),
              evidence,
              "Back up at least every "
                  + Durations.format(w.rpo())
                  + " to another zone (or site), or keep a replica there (sync for RPO 0);"
                  + " otherwise agree a longer RPO."));
    }
    return out;
  }

  /** Data a backup can lack as of the assessment; -1 when unknown. */
  static long exposure(Backup b, long asOf) {
    long interval = b.interval() == null ? -1 : b.interval().getSeconds();
    long since =
        b.lastSuccess() == null ? -1 : Math.max(0, asOf - b.lastSuccess().getEpochSecond());
    return Math.max(interval, since);
  }
}
