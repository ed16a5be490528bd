package dev.haechi.exercise.scenario;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A scenario (FORMATS.md §6), read and structurally checked by {@link ScenarioReader}; its
 * references to people, keys, zones and assets are checked against the world by {@code
 * dev.haechi.exercise.run.World}.
 *
 * @param source the document's name in messages (a file name, or {@code builtin:NAME})
 * @param world where the organisation's files are
 * @param rules extra Sigma rule files or folders ({@code spec.rules}, a Haechi extension), beside
 *     the built-in pack
 * @param reference what really happened ({@code spec.reference}, a Haechi extension): the report
 *     sets the run beside it; null when absent
 * @param plannerTimeLimit how long the restoration planner searches per failure inject ({@code
 *     spec.planner.timeLimit}, default 5s)
 */
public record Scenario(
    String name,
    String title,
    String source,
    WorldSpec world,
    Instant start,
    Duration duration,
    long seed,
    Background background,
    List<Inject> injects,
    List<Expectation> expectations,
    List<Path> rules,
    Reference reference,
    Duration plannerTimeLimit) {

  public Scenario {
    Objects.requireNonNull(name, "name");
    injects = List.copyOf(injects);
    expectations = List.copyOf(expectations);
    rules = List.copyOf(rules);
  }

  public Instant end() {
    return start.plus(duration);
  }

  /** The inject with this id, or null. */
  public Inject inject(String id) {
    for (Inject i : injects) {
      if (i.id().equals(id)) {
        return i;
      }
    }
    return null;
  }

  /** A copy with another background rate (the benchmark scales the background this way). */
  public Scenario withBackgroundRate(double perSecond) {
    return new Scenario(
        name,
        title,
        source,
        world,
        start,
        duration,
        seed,
        new Background(perSecond, background.countries(), background.kid()),
        injects,
        expectations,
        rules,
        reference,
        plannerTimeLimit);
  }

  /**
   * @param identity an identity directory (FORMATS.md §1.4)
   * @param catalog a resilience catalog directory, or null
   * @param membersFrom first existing member ID ({@code members.from}), or null for the identity
   *     directory's member file
   * @param membersTo last existing member ID, inclusive
   */
  public record WorldSpec(Path identity, Path catalog, Long membersFrom, Long membersTo) {}

  /**
   * Benign gateway traffic: members reading their own profile, orders, addresses and payment
   * methods with tokens of the active key.
   *
   * @param ratePerSecond requests per simulated second (0 = none)
   * @param countries where members are (ISO alpha-2)
   * @param kid the key background tokens are signed with, or null for the world's active key
   */
  public record Background(double ratePerSecond, List<String> countries, String kid) {
    public Background {
      countries = List.copyOf(countries);
    }
  }

  /**
   * What really happened, for the report.
   *
   * @param dwell how long the real attack went unnoticed, or null
   * @param systems how many systems the real restoration counted, or 0
   * @param curve points of the real restoration curve
   * @param note where the figures come from
   */
  public record Reference(Duration dwell, int systems, List<CurvePoint> curve, String note) {
    public Reference {
      curve = List.copyOf(curve);
    }
  }

  /** {@code restored} of the reference's systems were back {@code after} the event. */
  public record CurvePoint(Duration after, int restored) {}
}
