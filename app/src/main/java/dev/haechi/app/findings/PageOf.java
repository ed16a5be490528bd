package dev.haechi.app.findings;

import java.util.List;

/** One page of a longer list: {@code total} is the length of the whole list. */
public record PageOf<T>(List<T> items, int page, int size, long total) {
  public int pages() {
    return size == 0 ? 0 : (int) ((total + size - 1) / size);
  }
}
