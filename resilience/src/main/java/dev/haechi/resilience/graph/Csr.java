package dev.haechi.resilience.graph;

import java.util.Arrays;

/**
 * A compressed sparse row table: the neighbours of row {@code i} are {@code targets()[start()[i]]}
 * up to {@code targets()[start()[i + 1] - 1]}, in the order they were added. Immutable once built;
 * the arrays are shared, not copied, and must not be modified.
 */
public final class Csr {
  private final int[] start;
  private final int[] targets;

  private Csr(int[] start, int[] targets) {
    this.start = start;
    this.targets = targets;
  }

  public int rows() {
    return start.length - 1;
  }

  public int[] start() {
    return start;
  }

  public int[] targets() {
    return targets;
  }

  public int degree(int row) {
    return start[row + 1] - start[row];
  }

  /** A copy of one row's neighbours (for code that is not on a hot path). */
  public int[] row(int row) {
    return Arrays.copyOfRange(targets, start[row], start[row + 1]);
  }

  /** Collects (row, target) pairs in any row order and lays them out by counting sort. */
  static final class Builder {
    private final int rows;
    private int[] from = new int[16];
    private int[] to = new int[16];
    private int size;

    Builder(int rows) {
      this.rows = rows;
    }

    void add(int row, int target) {
      if (size == from.length) {
        from = Arrays.copyOf(from, size * 2);
        to = Arrays.copyOf(to, size * 2);
      }
      from[size] = row;
      to[size] = target;
      size++;
    }

    Csr build() {
      int[] start = new int[rows + 1];
      for (int i = 0; i < size; i++) {
        start[from[i] + 1]++;
      }
      for (int r = 0; r < rows; r++) {
        start[r + 1] += start[r];
      }
      int[] fill = Arrays.copyOf(start, rows);
      int[] targets = new int[size];
      for (int i = 0; i < size; i++) {
        targets[fill[from[i]]++] = to[i];
      }
      return new Csr(start, targets);
    }
  }
}
