package dev.haechi.app.console;

import dev.haechi.core.Durations;
import dev.haechi.resilience.catalog.Catalog;
import dev.haechi.resilience.catalog.EntityRef;
import dev.haechi.resilience.catalog.PowerAsset;
import dev.haechi.resilience.catalog.Workload;
import dev.haechi.resilience.catalog.Zone;
import dev.haechi.resilience.recovery.Crew;
import dev.haechi.resilience.recovery.RestorationProblem;
import dev.haechi.resilience.recovery.RestorationTask;
import dev.haechi.resilience.simulation.DataLoss;
import dev.haechi.resilience.simulation.SimulationResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A fire drill's result as the console shows it, counted the way the restoration counts (issue 17
 * item 6): a <em>system</em> is a component or resource of the catalog; a system <em>stopped</em>
 * when it no longer runs anywhere and so needs restoring (the restoration plans exactly these, and
 * the incident text quotes the same number); a stopped system that <em>burned</em> must be rebuilt,
 * not only restarted; a system that lost a copy to the fire but keeps running on a surviving one is
 * counted apart and needs no restoration. Backups and power assets are counted apart too.
 */
public record FireDrill(
    String zone,
    String zoneLabel,
    String event,
    int stopped,
    int burnedStopped,
    int burnedStillRunning,
    int backupsBurned,
    int assetsBurned,
    int dataLostForGood,
    List<GradeRow> grades,
    List<LostData> lost,
    List<String> publicServices,
    List<String> rebuilds) {

  /** One grade's counts; grade 0 is "ungraded". */
  public record GradeRow(
      int grade, String label, int stopped, int burned, int dataLost, int lostForGood) {}

  /**
   * Data a system loses: in words, and the raw FORMATS.md value for exports. {@code publicServices}
   * are the public services that lose it: the system's own public name, or those of the systems
   * that depend on it, directly or through others (a database has no public name of its own; the
   * service it stores data for has).
   */
  public record LostData(
      String system,
      int grade,
      List<String> publicServices,
      String lost,
      String words,
      boolean forGood) {
    /** The public services in one line ("정부24, 홈택스"), empty when none. */
    public String publicName() {
      return String.join(", ", publicServices);
    }
  }

  /**
   * The drill of losing {@code zone} to {@code event} ({@code fire}, {@code power}, {@code
   * cooling}).
   */
  public static FireDrill of(
      Catalog catalog, String zone, String zoneLabel, String event, SimulationResult outcome) {
    RestorationProblem problem = RestorationProblem.fromSimulation(catalog, outcome, Crew.count(1));
    Set<String> burned = new HashSet<>(outcome.destroyed());
    int[] stopped = new int[5];
    int[] burnedByGrade = new int[5];
    int[] lostByGrade = new int[5];
    int[] forGoodByGrade = new int[5];
    int burnedStopped = 0;
    for (RestorationTask t : problem.tasks()) {
      int g = clamp(t.grade());
      stopped[g]++;
      if (burned.contains(t.system())) {
        burnedByGrade[g]++;
        burnedStopped++;
      }
    }
    List<LostData> lost = new ArrayList<>();
    Map<EntityRef, List<Workload>> dependents = dependents(catalog);
    for (DataLoss d : outcome.dataLoss()) {
      Workload w = workload(catalog, d.entity());
      int grade = w == null ? 0 : w.grade();
      int g = clamp(grade);
      lostByGrade[g]++;
      if (d.lostForGood()) {
        forGoodByGrade[g]++;
      }
      lost.add(
          new LostData(
              d.entity(),
              grade,
              w == null ? List.of() : publicServices(w, dependents),
              d.lost(),
              words(d),
              d.lostForGood()));
    }
    // what is lost for good first, then the most important systems, then the longest losses
    lost.sort(
        java.util.Comparator.comparing((LostData l) -> !l.forGood())
            .thenComparing(l -> l.grade() == 0 ? 9 : l.grade())
            .thenComparing(LostData::system));
    List<GradeRow> rows = new ArrayList<>();
    for (int g = 1; g <= 4; g++) {
      rows.add(
          new GradeRow(
              g, "grade " + g, stopped[g], burnedByGrade[g], lostByGrade[g], forGoodByGrade[g]));
    }
    rows.add(
        new GradeRow(
            0, "ungraded", stopped[0], burnedByGrade[0], lostByGrade[0], forGoodByGrade[0]));
    var s = outcome.summary();
    return new FireDrill(
        zone,
        zoneLabel,
        event,
        problem.tasks().size(),
        burnedStopped,
        problem.rebuilds().size(),
        s.destroyedBackups(),
        s.destroyedAssets(),
        s.dataLostForGood(),
        rows,
        lost,
        List.copyOf(problem.publicServices().keySet()),
        problem.rebuilds());
  }

  /** What the event is called in a sentence: "Fire", "Power loss", "Cooling loss". */
  public String eventName() {
    return eventName(event);
  }

  public static String eventName(String event) {
    return switch (event == null ? "fire" : event) {
      case "power" -> "Power loss";
      case "cooling" -> "Cooling loss";
      default -> "Fire";
    };
  }

  /** "Fire in dj-5f-r7", "Power loss in site daejeon": a loss in words. */
  public static String lossLabel(String event, List<String> lost) {
    List<String> where = new ArrayList<>();
    for (String l : lost) {
      where.add(l.startsWith("zone:") ? l.substring(5) : l.replaceFirst(":", " "));
    }
    return eventName(event) + " in " + String.join(", ", where);
  }

  /** The drill's button for the event: "Set on fire", "Cut the power", "Cut the cooling". */
  public static String action(String event) {
    return switch (event == null ? "fire" : event) {
      case "power" -> "Cut the power";
      case "cooling" -> "Cut the cooling";
      default -> "Set on fire";
    };
  }

  /** The grade-1 row's stopped count (the figure people compare across pages). */
  public int gradeOneStopped() {
    return grades.get(0).stopped();
  }

  /**
   * A zone in words for the drill's list: site, zone, its kind, and what stands in it that people
   * look for (a battery room: "battery room: ups-dj-5f (Li-ion, installed 2014)").
   */
  public static String zoneLabel(Catalog catalog, Zone z) {
    StringBuilder b = new StringBuilder();
    b.append(z.site()).append(" / ").append(z.name());
    if (z.type() != null && !z.type().isBlank()) {
      b.append(" (").append(z.type()).append(')');
    }
    List<String> batteries = new ArrayList<>();
    for (PowerAsset a : catalog.powerAssets()) {
      if (z.name().equals(a.zone()) && a.battery()) {
        batteries.add(
            a.name()
                + (a.lithiumIon() ? ", lithium-ion" : "")
                + (a.installed() == null ? "" : ", installed " + a.installed().getYear()));
      }
    }
    if (!batteries.isEmpty()) {
      b.append(" — battery room: ").append(String.join("; ", batteries));
    }
    return b.toString();
  }

  /** True when a lithium-ion battery stands in the zone named {@code zone}. */
  public static boolean lithiumRoom(Catalog catalog, Object zone) {
    String name = zone instanceof Zone z ? z.name() : String.valueOf(zone);
    return catalog.powerAssets().stream()
        .anyMatch(a -> name.equals(a.zone()) && a.battery() && a.lithiumIon());
  }

  /** True when a battery stands in the zone. */
  public static boolean batteryRoom(Catalog catalog, Zone z) {
    return catalog.powerAssets().stream().anyMatch(a -> z.name().equals(a.zone()) && a.battery());
  }

  /** "all of it: no copy survives", "the last 6 h", "unknown: ...". */
  static String words(DataLoss d) {
    if (d.lostForGood()) {
      return "everything: no replica or backup survives";
    }
    if (d.unknown()) {
      return "unknown: the only surviving copies are backups that never reported a success";
    }
    try {
      Duration lost = Durations.parse(d.lost());
      return "the last " + new ConsoleFormat().duration(lost) + " of changes";
    } catch (RuntimeException e) {
      return d.lost();
    }
  }

  /** Every workload's direct dependents (what depends on it). */
  static Map<EntityRef, List<Workload>> dependents(Catalog catalog) {
    Map<EntityRef, List<Workload>> m = new java.util.HashMap<>();
    for (Workload w : catalog.workloads()) {
      for (EntityRef d : w.dependsOn()) {
        m.computeIfAbsent(d, k -> new ArrayList<>()).add(w);
      }
    }
    return m;
  }

  /**
   * The public services that lose {@code w}'s data: its own public name, else those of the
   * workloads that depend on it, transitively (nearest first is not needed: sorted by name).
   */
  static List<String> publicServices(Workload w, Map<EntityRef, List<Workload>> dependents) {
    if (w.publicName() != null && !w.publicName().isBlank()) {
      return List.of(w.publicName());
    }
    java.util.SortedSet<String> names = new java.util.TreeSet<>();
    Set<EntityRef> seen = new HashSet<>();
    java.util.ArrayDeque<Workload> queue = new java.util.ArrayDeque<>();
    seen.add(w.ref());
    queue.add(w);
    while (!queue.isEmpty()) {
      for (Workload up : dependents.getOrDefault(queue.poll().ref(), List.of())) {
        if (!seen.add(up.ref())) {
          continue;
        }
        if (up.publicName() != null && !up.publicName().isBlank()) {
          names.add(up.publicName()); // a public service: what depends on it is not this data's
        } else {
          queue.add(up);
        }
      }
    }
    return List.copyOf(names);
  }

  private static Workload workload(Catalog catalog, String ref) {
    try {
      return catalog.workload(EntityRef.parse(ref, null, EntityRef.DEFAULT_NAMESPACE)).orElse(null);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static int clamp(int grade) {
    return grade >= 1 && grade <= 4 ? grade : 0;
  }

  /** The grade rows as a map for the chart: label → [stopped, burned, data lost]. */
  public Map<String, int[]> chart() {
    Map<String, int[]> m = new LinkedHashMap<>();
    for (GradeRow r : grades) {
      m.put(r.label(), new int[] {r.stopped(), r.burned(), r.dataLost()});
    }
    return m;
  }
}
