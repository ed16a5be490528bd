package dev.haechi.identity.model;

/**
 * Where a record came from: a file (as the user named it, relative to the identity directory when
 * read from one) and its 1-based line, or line 0 for a whole document or a live source. Rendered as
 * {@code file:line}, the form finding evidence uses.
 */
public record SourceRef(String file, long line) {

  @Override
  public String toString() {
    return line > 0 ? file + ":" + line : file;
  }
}
