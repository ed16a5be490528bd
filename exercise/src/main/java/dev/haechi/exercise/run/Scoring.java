package dev.haechi.exercise.run;

import dev.haechi.exercise.scenario.Expectation;
import dev.haechi.exercise.scenario.InjectType;
import dev.haechi.exercise.scenario.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 *   <li>{@code impact}: up to 0.5 when a restoration plan exists: 0.5 when every restore
 *       expectation on it is met (or it has none); when one is late, 0.5 × the expected time / the
 *       plan's time (a plan at twice the target earns 0.25); 0 when no feasible plan exists. A loss
 *       never earns more than half of what preventing it would: the systems did stop.
 * </ul>
 *
 * Then each expectation not met costs 5 points (at most down to 0). Identity and response injects
 * are not scored. A scenario without scored injects scores 0 and says so in its notes. {@link
 * ExerciseResult#points()} keeps each inject's points and {@link #explain} says the sum in words.
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
    Map<String, Double> points = new LinkedHashMap<>();
    for (InjectResult r : results) {
      if (r.outcome() == null) {
        continue;
      }
      n++;
      double p = points(r, expectations);
      points.put(r.inject().id(), p);
      sum += p;
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
        points,
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
        if (r.grade1RestoredAfter() == null) {
          yield 0; // no feasible restoration plan
        }
        double share = 1;
        for (ExpectationResult e : expectations) {
          Expectation x = e.expectation();
          if (x.inject().equals(r.inject().id()) && x.restoreGrade() != null && !e.met()) {
            long back = restoredAfter(r, x.restoreGrade()).toSeconds();
            long within = x.within().toSeconds();
            share = Math.min(share, back <= 0 ? 0 : Math.min(1, within / (double) back));
          }
        }
        yield IMPACT_RESTORED_IN_TIME * share;
      }
    };
  }

  /**
   * The score's arithmetic in words, e.g. {@code "battery-fire impact 0.24 (grade 1 back after
   * 150.0 h by the plan, expected 72 h) → 100 × 0.24 / 1 = 24; 1 expectation not met −5 → 19"}.
   */
  public static String explain(ExerciseResult r) {
    if (r.points().isEmpty()) {
      return "no scored injects (attacks or failures), so the score is 0";
    }
    StringBuilder b = new StringBuilder();
    double sum = 0;
    for (Map.Entry<String, Double> e : r.points().entrySet()) {
      InjectResult i = r.inject(e.getKey());
      if (b.length() > 0) {
        b.append(", ");
      }
      b.append(e.getKey())
          .append(' ')
          .append(i.outcome().label())
          .append(' ')
          .append(num(e.getValue()));
      sum += e.getValue();
    }
    int n = r.points().size();
    long base = Math.round(100 * sum / n);
    b.append(" → 100 × ")
        .append(num(sum))
        .append(" / ")
        .append(n)
        .append(n == 1 ? " scored inject = " : " scored injects = ")
        .append(base);
    long unmet = r.expectations().stream().filter(x -> !x.met()).count();
    if (unmet > 0) {
      b.append("; ")
          .append(unmet)
          .append(unmet == 1 ? " expectation" : " expectations")
          .append(" not met −")
          .append(UNMET_EXPECTATION_PENALTY * unmet)
          .append(" → ")
          .append(r.score());
    }
    return b.toString();
  }

  /** The weights in one sentence, for readers of a result. */
  public static final String WEIGHTS =
      "Each attack or failure inject earns points: prevented 1, detected within its expected time"
          + " (default 15 minutes) 1 and later 0.7, logged 0.2, missed 0; a failure that stopped"
          + " systems up to 0.5 (0.5 when the plan brings them back within the expected time,"
          + " scaled down by how late it is, 0 with no plan). The score is 100 × the mean, minus 5"
          + " per expectation not met.";

  private static String num(double v) {
    String t = String.format(java.util.Locale.ROOT, "%.2f", v);
    t = t.replaceAll("0+$", "");
    return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
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
