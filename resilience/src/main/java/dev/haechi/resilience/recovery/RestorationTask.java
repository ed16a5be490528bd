package dev.haechi.resilience.recovery;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One system to bring back.
 *
 * @param system the catalog reference, e.g. {@code component:default/gov24}; unique in a problem
 * @param grade 1 (essential) to 4, or 0 when ungraded (weighted as grade 4)
 * @param effort crew time, whole minutes; null when no way to bring it back is known (the plan is
 *     then infeasible, see {@link Infeasibility.Kind#NO_REBUILD_PATH})
 * @param rto recovery time objective counted from the event, or null
 * @param predecessors systems (tasks of the same problem) that must be back before this one starts
 * @param site the site it is restored at, or null
 * @param skill what kind of work it is (catalog {@code spec.type}), or null
 * @param publicName its name on the public status page, or null when not public
 */
public record RestorationTask(
    String system,
    int grade,
    Duration effort,
    Duration rto,
    List<String> predecessors,
    String site,
    String skill,
    String publicName,
    EffortBasis basis) {

  /** Weight of a grade in the weighted completion time: grade 1 counts ten times grade 2, etc. */
  public static long weightOf(int grade) {
    switch (grade) {
      case 1:
        return 1000;
      case 2:
        return 100;
      case 3:
        return 10;
      default:
        return 1;
    }
  }

  public RestorationTask {
    Objects.requireNonNull(system, "system");
    predecessors = List.copyOf(predecessors);
    Objects.requireNonNull(basis, "basis");
  }

  /** A task with only the fields a scheduler needs; for tests and hand-made problems. */
  public static RestorationTask of(
      String system, int grade, long effortMinutes, Long rtoMinutes, List<String> predecessors) {
    return new RestorationTask(
        system,
        grade,
        Duration.ofMinutes(effortMinutes),
        rtoMinutes == null ? null : Duration.ofMinutes(rtoMinutes),
        predecessors,
        null,
        null,
        null,
        EffortBasis.GIVEN);
  }

  /** {@link #weightOf(int)} of its grade. */
  public long weight() {
    return weightOf(grade);
  }
}
