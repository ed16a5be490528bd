package dev.haechi.exercise.run;

import dev.haechi.exercise.scenario.Expectation;
import dev.haechi.exercise.scenario.InjectType;
import dev.haechi.exercise.scenario.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Expectations and the 0–100 score. Every scored inject (attacks and failures) counts the same; the
 * score is the mean of their points, times 100, rounded:
 *
 * <ul>
 *   <li>{@code prevented}: 1.0
 *   <li>{@code detected}: 1.0 when detected within its {@code detectWithin} expectation (or, with
 *       none, within {@link #DEFAULT_DETECT_WITHIN}); 0.7 when later
 *   <li>{@code logged}: 0.2 (the evidence exists for an investigation, but nobody was told)
 *   <li>{@code missed}: 0
 *   <li>{@code impact}: 0.5 when every restore expectation on it is met (or it has none), else 0
 * </ul>
 *
 * Then each expectation not met costs 5 points (at most down to 0). Identity and response injects
 * are not scored. A scenario without scored injects scores 0 and says so in its notes.
 */
public final class Scoring {
  public static final Duration DEFAULT_DETECT_WITHIN = Duration.ofMinutes(15);
  public static final double PREVENTED = 1.0;
  public static final double DETECTED_IN_TIME = 1.0;
  public static final double DETECTED_LATE = 0.7;
  public static final double LOGGED = 0.2;
  public static final double MISSED = 0.0;
  public static final double IMPACT_RESTORED_IN_TIME = 0.5;
  public static final int UNMET_EXPECTATION_PENALTY = 5;

  private Scoring() {}

  static ExerciseResult score(
      Scenario s,
      List<InjectResult> results,
      long backgroundEvents,
      long attackEvents,
      long alerts,
      Map<String, Long> falsePositives,
      int builds,
      Duration wall,
      List<TimelineEntry> timeline,
      List<String> notes) {
    List<ExpectationResult> expectations = new ArrayList<>();
    for (Expectation e : s.expectations()) {
      expectations.add(judge(e, find(results, e.inject())));
    }
    double sum = 0;
    int n = 0;
    Map<String, Outcome> techniques = new TreeMap<>();
    for (InjectResult r : results) {
      if (r.outcome() == null) {
        continue;
      }
      n++;
      sum += points(r, expectations);
      if (r.inject().technique() != null) {
        techniques.merge(r.inject().technique(), r.outcome(), Outcome::best);
      }
    }
    List<String> allNotes = new ArrayList<>(notes);
    int score;
    if (n == 0) {
      score = 0;
      allNotes.add("no scored injects (attacks or failures): the score is 0");
    } else {
      score = (int) Math.round(100 * sum / n);
      long unmet = expectations.stream().filter(x -> !x.met()).count();
      score = (int) Math.max(0, score - UNMET_EXPECTATION_PENALTY * unmet);
    }
    long fp = falsePositives.values().stream().mapToLong(Long::longValue).sum();
    return new ExerciseResult(
        s,
        score,
        results,
        expectations,
        techniques,
        backgroundEvents,
        attackEvents,
        alerts,
        fp,
        falsePositives,
        builds,
        wall,
        timeline,
        allNotes);
  }

  /** The points an inject earns (0..1). */
  static double points(InjectResult r, List<ExpectationResult> expectations) {
    return switch (r.outcome()) {
      case PREVENTED -> PREVENTED;
      case DETECTED -> {
        Duration limit = DEFAULT_DETECT_WITHIN;
        for (ExpectationResult e : expectations) {
          if (e.expectation().inject().equals(r.inject().id())
              && e.expectation().detectWithin() != null) {
            limit = e.expectation().detectWithin();
          }
        }
        yield r.timeToDetect() != null && r.timeToDetect().compareTo(limit) <= 0
            ? DETECTED_IN_TIME
            : DETECTED_LATE;
      }
      case LOGGED -> LOGGED;
      case MISSED -> MISSED;
      case IMPACT -> {
        boolean ok = r.grade1RestoredAfter() != null;
        for (ExpectationResult e : expectations) {
          if (e.expectation().inject().equals(r.inject().id())
              && e.expectation().restoreGrade() != null
              && !e.met()) {
            ok = false;
          }
        }
        yield ok ? IMPACT_RESTORED_IN_TIME : 0;
      }
    };
  }

  private static InjectResult find(List<InjectResult> results, String id) {
    return results.stream().filter(r -> r.inject().id().equals(id)).findFirst().orElseThrow();
  }

  static ExpectationResult judge(Expectation e, InjectResult r) {
    List<String> why = new ArrayList<>();
    boolean met = true;
    if (e.detectWithin() != null) {
      Duration ttd = r.timeToDetect();
      if (ttd == null) {
        met = false;
        why.add(
            "not detected (outcome "
                + (r.outcome() == null ? "none" : r.outcome().label())
                + "); expected within "
                + ExerciseRunner.fmt(e.detectWithin()));
      } else if (ttd.compareTo(e.detectWithin()) > 0) {
        met = false;
        why.add(
            "detected after "
                + ExerciseRunner.fmt(ttd)
                + " by "
                + r.ruleTitle()
                + ", later than "
                + ExerciseRunner.fmt(e.detectWithin()));
      } else {
        why.add(
            "detected after "
                + ExerciseRunner.fmt(ttd)
                + " by "
                + r.ruleTitle()
                + " (within "
                + ExerciseRunner.fmt(e.detectWithin())
                + ")");
      }
    }
    if (e.restoreGrade() != null) {
      if (r.outcome() == Outcome.PREVENTED) {
        why.add("nothing stopped, so nothing had to be restored");
      } else if (r.grade1RestoredAfter() == null) {
        met = false;
        why.add("no feasible restoration plan: " + r.planNote());
      } else {
        Duration back = restoredAfter(r, e.restoreGrade());
        if (back.compareTo(e.within()) > 0) {
          met = false;
          why.add(
              "grade "
                  + e.restoreGrade()
                  + (e.restoreGrade() > 1 ? " and above" : "")
                  + " back after "
                  + Restoration.hours(back)
                  + " by the plan, later than "
                  + ExerciseRunner.fmt(e.within()));
        } else {
          why.add(
              "grade "
                  + e.restoreGrade()
                  + (e.restoreGrade() > 1 ? " and above" : "")
                  + " back after "
                  + Restoration.hours(back)
                  + " by the plan (within "
                  + ExerciseRunner.fmt(e.within())
                  + ")");
        }
      }
    }
    if (e.outcome() != null) {
      Outcome want = Outcome.valueOf(e.outcome().toUpperCase(java.util.Locale.ROOT));
      if (r.outcome() == null || r.outcome().rank() < want.rank()) {
        met = false;
        why.add(
            "outcome "
                + (r.outcome() == null ? "none" : r.outcome().label())
                + ", expected "
                + want.label()
                + " or better");
      } else {
        why.add("outcome " + r.outcome().label() + " (expected " + want.label() + " or better)");
      }
    }
    return new ExpectationResult(e, met, String.join("; ", why));
  }

  /**
   * For grade 1, the inject's {@code grade1RestoredAfter}; for other grades, the plan's curve
   * cannot say which grade each point is, so the whole plan's end is used (conservative).
   */
  static Duration restoredAfter(InjectResult r, int grade) {
    if (grade == 1 || r.curve().isEmpty()) {
      return r.grade1RestoredAfter();
    }
    return r.curve().get(r.curve().size() - 1).after();
  }

  static boolean isFailure(InjectType t) {
    return t.category() == InjectType.Category.FAILURE;
  }
}
