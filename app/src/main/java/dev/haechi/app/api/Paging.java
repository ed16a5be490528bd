package dev.haechi.app.api;

/** Checks page parameters: pages count from 0, sizes from 1 to 500. */
final class Paging {
  static final int MAX_SIZE = 500;

  private Paging() {}

  static void check(int page, int size) {
    if (page < 0) {
      throw new IllegalArgumentException("page: must be 0 or more");
    }
    if (size < 1 || size > MAX_SIZE) {
      throw new IllegalArgumentException("size: must be between 1 and " + MAX_SIZE);
    }
  }
}
