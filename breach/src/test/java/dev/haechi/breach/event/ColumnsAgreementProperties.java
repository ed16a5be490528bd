package dev.haechi.breach.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.breach.event.AccessEventReader.BadLine;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The import's columnar path — {@link ByteEventParser} writing straight into {@link EventColumns}
 * blocks on several threads, the blocks appended into one chunk as the store's batch does — holds
 * exactly the reference reader's events ({@link AccessEventReader}) and names the same bad lines,
 * on random files of plain, odd and corrupted lines; also when the dictionaries are tiny or full
 * (values then kept with their rows, the other representation the writer reads).
 */
class ColumnsAgreementProperties {

  @Property(tries = 80)
  void the_columns_hold_the_reference_events(@ForAll long seed) throws IOException {
    Random r = new Random(seed);
    byte[] file = ByteParserAgreementProperties.file(r, false);
    List<AccessEvent> refEvents = new ArrayList<>();
    List<BadLine> refBad = new ArrayList<>();
    Object ref = ByteParserAgreementProperties.reference(file);
    assertThat(ref).isInstanceOf(List.class);
    @SuppressWarnings("unchecked")
    List<Object> parts = (List<Object>) ref;
    @SuppressWarnings("unchecked")
    List<AccessEvent> expected = (List<AccessEvent>) parts.get(0);
    refEvents.addAll(expected);
    @SuppressWarnings("unchecked")
    List<BadLine> expectedBad = (List<BadLine>) parts.get(1);
    refBad.addAll(expectedBad);

    EventColumns.Dictionaries dicts =
        switch (r.nextInt(3)) {
          case 0 -> new EventColumns.Dictionaries();
          case 1 -> new EventColumns.Dictionaries(r.nextInt(4), 1 << 20);
          default -> new EventColumns.Dictionaries(1 << 10, r.nextInt(64));
        };
    EventColumns chunk = new EventColumns(dicts, 1 + r.nextInt(64));
    List<EventColumns> blocks = new ArrayList<>();
    List<BadLine> bad = new ArrayList<>();
    long[] lastRead = {0};
    ByteAccessEventReader.readColumns(
        new ByteArrayInputStream(file),
        "f.jsonl",
        dicts,
        block -> {
          blocks.add(block);
          // split each block in two appends, as a chunk boundary does
          int cut = r.nextInt(block.rows() + 1);
          chunk.append(block, 0, cut);
          chunk.append(block, cut, block.rows());
        },
        bad,
        1 + r.nextInt(3),
        16 + r.nextInt(r.nextBoolean() ? 200 : 8000),
        read -> {
          assertThat(read).isGreaterThanOrEqualTo(lastRead[0]);
          lastRead[0] = read;
        });
    assertThat(chunk.events()).isEqualTo(refEvents);
    assertThat(bad).isEqualTo(refBad);
    assertThat(lastRead[0]).isEqualTo(file.length);
    List<AccessEvent> fromBlocks = new ArrayList<>();
    blocks.forEach(b -> fromBlocks.addAll(b.events()));
    assertThat(fromBlocks).isEqualTo(refEvents);
    // events added one by one (the server's path) read back the same
    EventColumns added = new EventColumns(dicts, 1);
    refEvents.forEach(added::add);
    assertThat(added.events()).isEqualTo(refEvents);
  }
}
