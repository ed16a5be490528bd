package dev.haechi.breach.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.breach.event.AccessEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Where {@link ParquetFileWriter} starts its row groups in key-sorted rows. */
class RowGroupCutsTest {

  private static AccessEvent row(String kid) {
    return new AccessEvent(
        0, null, null, null, null, null, null, null, null, null, kid, null, null, null, null,
        List.of(), List.of());
  }

  private static AccessEvent[] runs(int... lengthsAndKeys) {
    List<AccessEvent> out = new ArrayList<>();
    for (int k = 0; k < lengthsAndKeys.length; k++) {
      AccessEvent row = row("k" + String.format("%05d", k)); // one object per key: cheap
      for (int i = 0; i < lengthsAndKeys[k]; i++) {
        out.add(row);
      }
    }
    return out.toArray(AccessEvent[]::new);
  }

  @Test
  void a_small_key_before_a_large_one_gets_its_own_group() {
    AccessEvent[] rows = runs(250, 400_000);
    int[] cuts = ParquetFileWriter.rowGroups(rows, 0, rows.length);
    // 250 leaked-key rows alone, then the large key in groups of at most ROW_GROUP_ROWS
    assertThat(cuts).startsWith(0, 250, 250 + ParquetFileWriter.ROW_GROUP_ROWS);
    assertThat(cuts[cuts.length - 1]).isEqualTo(rows.length);
    assertThat(cuts)
        .hasSize(
            2
                + (400_000 + ParquetFileWriter.ROW_GROUP_ROWS - 1)
                    / ParquetFileWriter.ROW_GROUP_ROWS);
  }

  @Test
  void random_runs_keep_groups_bounded_and_large_runs_pure() {
    Random r = new Random(13);
    for (int round = 0; round < 60; round++) {
      int keys = 1 + r.nextInt(30);
      int[] len = new int[keys];
      for (int k = 0; k < keys; k++) {
        len[k] =
            switch (r.nextInt(4)) {
              case 0 -> 1 + r.nextInt(20);
              case 1 -> 1 + r.nextInt(3000);
              case 2 -> ParquetFileWriter.MIN_GROUP_ROWS + r.nextInt(10);
              default -> 1 + r.nextInt(150_000);
            };
      }
      AccessEvent[] rows = runs(len);
      if (r.nextBoolean()) { // trailing null keys, as the writer sorts them last
        List<AccessEvent> l = new ArrayList<>(List.of(rows));
        AccessEvent none = row(null);
        for (int i = r.nextInt(5000); i > 0; i--) {
          l.add(none);
        }
        rows = l.toArray(AccessEvent[]::new);
      }
      int from = rows.length == 0 ? 0 : r.nextInt(Math.min(rows.length, 100));
      int[] cuts = ParquetFileWriter.rowGroups(rows, from, rows.length);
      assertThat(cuts[0]).isEqualTo(from);
      assertThat(cuts[cuts.length - 1]).isEqualTo(rows.length);
      int small = 0;
      for (int g = 0; g + 1 < cuts.length; g++) {
        int a = cuts[g];
        int b = cuts[g + 1];
        assertThat(b).isGreaterThan(a);
        assertThat(b - a).isLessThanOrEqualTo(ParquetFileWriter.ROW_GROUP_ROWS);
        if (b - a < ParquetFileWriter.MIN_GROUP_ROWS) {
          small++;
        }
        // a group mixing keys never holds a key run of MIN_GROUP_ROWS or more that starts in it
        // (such a run starts its own group)
        if (rows[a] != rows[b - 1]) { // sorted by key: mixed when the ends differ
          for (int i = a + 1; i < b; i++) {
            if (rows[i] != rows[i - 1]) {
              int j = i;
              while (j < rows.length && Objects.equals(rows[j].kid(), rows[i].kid())) {
                j++;
              }
              assertThat(j - i).isLessThan(ParquetFileWriter.MIN_GROUP_ROWS);
            }
          }
        }
      }
      // small groups: at most one before each large run or key change, never a swarm
      assertThat(small).isLessThanOrEqualTo(2 * keys + 2);
    }
  }
}
