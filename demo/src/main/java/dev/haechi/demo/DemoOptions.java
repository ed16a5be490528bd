package dev.haechi.demo;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * What to generate: a seed, a scale (1.0 = the sizes of the incidents, 0.01 for tests) and which
 * organisations. The same options always give byte-identical files.
 *
 * @param seed seeds every random choice
 * @param scale grows or shrinks both organisations; must lie in [{@value #MIN_SCALE}, {@value
 *     #MAX_SCALE}]. Small scales keep a floor of people and systems so that every planted fact is
 *     still there.
 * @param organisations names from {@link DemoOrganisations#ORGANISATIONS}; kept sorted
 */
public record DemoOptions(long seed, double scale, Set<String> organisations) {
  /** The smallest accepted scale. */
  public static final double MIN_SCALE = 0.001;

  /** The largest accepted scale (about a million employees). */
  public static final double MAX_SCALE = 10.0;

  /** The seed used when none is given. */
  public static final long DEFAULT_SEED = 20251126L;

  /**
   * @throws IllegalArgumentException with a one-line reason when the scale is out of range or an
   *     organisation is unknown
   */
  public DemoOptions {
    if (!Double.isFinite(scale) || scale < MIN_SCALE || scale > MAX_SCALE) {
      throw new IllegalArgumentException(
          "demo scale must be between " + MIN_SCALE + " and " + MAX_SCALE + ", got " + scale);
    }
    if (organisations == null || organisations.isEmpty()) {
      throw new IllegalArgumentException(
          "name at least one demo organisation: " + DemoOrganisations.ORGANISATIONS);
    }
    TreeSet<String> sorted = new TreeSet<>();
    for (String name : organisations) {
      if (!DemoOrganisations.ORGANISATIONS.contains(name)) {
        throw new IllegalArgumentException(
            "unknown demo organisation '"
                + name
                + "' (known: "
                + String.join(", ", DemoOrganisations.ORGANISATIONS)
                + ")");
      }
      sorted.add(name);
    }
    organisations = Collections.unmodifiableSet(sorted);
  }

  /** Both organisations at full size with the default seed. */
  public static DemoOptions defaults() {
    return new DemoOptions(DEFAULT_SEED, 1.0, Set.copyOf(DemoOrganisations.ORGANISATIONS));
  }

  /** Both organisations with the given seed and scale. */
  public static DemoOptions of(long seed, double scale) {
    return new DemoOptions(seed, scale, Set.copyOf(DemoOrganisations.ORGANISATIONS));
  }
}
