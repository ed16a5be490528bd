package dev.haechi.resilience.catalog;

import dev.haechi.core.InputException;
import java.util.List;

/**
 * A catalog that failed to load, with every problem found (not only the first). The inherited
 * source and line are those of the first problem; {@link #problems()} holds them all, sorted by
 * file and line.
 */
public class CatalogException extends InputException {
  private static final int SHOWN = 50;
  private final transient List<CatalogProblem> problems;

  public CatalogException(List<CatalogProblem> problems) {
    super(problems.get(0).file(), problems.get(0).line(), describe(problems));
    this.problems = List.copyOf(problems);
  }

  private static String describe(List<CatalogProblem> problems) {
    StringBuilder b = new StringBuilder(problems.get(0).reason());
    if (problems.size() > 1) {
      b.append(" (and ").append(problems.size() - 1).append(" more problems:");
      problems.stream()
          .skip(1)
          .limit(SHOWN)
          .forEach(p -> b.append(System.lineSeparator()).append("  ").append(p));
      if (problems.size() > SHOWN + 1) {
        b.append(System.lineSeparator()).append("  …");
      }
      b.append(")");
    }
    return b.toString();
  }

  public List<CatalogProblem> problems() {
    return problems;
  }
}
