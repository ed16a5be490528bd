package dev.haechi.resilience.catalog;

/** One error or warning about a catalog: file, 1-based line (0 when none) and what is wrong. */
public record CatalogProblem(String file, int line, String reason)
    implements Comparable<CatalogProblem> {

  @Override
  public int compareTo(CatalogProblem o) {
    int c = file.compareTo(o.file);
    if (c != 0) {
      return c;
    }
    c = Integer.compare(line, o.line);
    return c != 0 ? c : reason.compareTo(o.reason);
  }

  @Override
  public String toString() {
    return line > 0 ? file + ":" + line + ": " + reason : file + ": " + reason;
  }
}
