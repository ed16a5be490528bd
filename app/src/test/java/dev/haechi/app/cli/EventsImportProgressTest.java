package dev.haechi.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code haechi events import} reports a long import's progress; a short one stays quiet. */
class EventsImportProgressTest {
  @TempDir Path dir;

  @Test
  void a_long_import_reports_bytes_read_of_the_total() throws Exception {
    Path a = Files.write(dir.resolve("a.jsonl"), new byte[3 << 20]);
    Path b = Files.write(dir.resolve("b.jsonl"), new byte[1 << 20]);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    LongConsumer p =
        EventsCommand.progress(
            List.of(a, b),
            System.nanoTime(),
            0,
            new PrintStream(err, true, StandardCharsets.UTF_8));
    p.accept(1 << 20);
    p.accept(3 << 20);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("importing: 1 of 4 MB read (25%)")
        .contains("importing: 3 of 4 MB read (75%)");
  }

  @Test
  void a_short_import_prints_nothing() throws Exception {
    Path a = Files.write(dir.resolve("a.jsonl"), new byte[1024]);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    LongConsumer p =
        EventsCommand.progress(
            List.of(a),
            System.nanoTime(),
            EventsCommand.PROGRESS_EVERY_NANOS,
            new PrintStream(err, true, StandardCharsets.UTF_8));
    p.accept(512);
    p.accept(1024);
    assertThat(err.size()).isZero();
  }
}
