package dev.haechi.identity.readers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Records written as RFC 4180 prescribes read back as they were, however the stream delivers its
 * characters (a few at a time, so runs of plain characters end at every possible place).
 */
class CsvRecordsRoundTripTest {
  private static final String ALPHABET = "ab1 -_.@é,\"\n\r";

  @Property(tries = 500)
  void written_records_read_back_unchanged_across_any_read_boundaries(@ForAll long seed) {
    Random random = new Random(seed);
    List<List<String>> records = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (int r = random.nextInt(30); r > 0; r--) {
      List<String> fields = new ArrayList<>();
      for (int f = 1 + random.nextInt(6); f > 0; f--) {
        StringBuilder field = new StringBuilder();
        for (int k = random.nextInt(12); k > 0; k--) {
          field.append(
              ALPHABET.charAt(random.nextInt(random.nextBoolean() ? 9 : ALPHABET.length())));
        }
        fields.add(field.toString());
      }
      if (fields.size() == 1 && fields.get(0).isEmpty()) {
        fields.set(0, "x");
      }
      records.add(fields);
      List<String> cells = new ArrayList<>();
      for (String f : fields) {
        boolean quote = f.matches("(?s).*[,\"\n\r].*") || random.nextInt(5) == 0;
        cells.add(quote ? "\"" + f.replace("\"", "\"\"") + "\"" : f);
      }
      text.append(String.join(",", cells)).append(random.nextBoolean() ? "\r\n" : "\n");
    }

    CsvRecords in = new CsvRecords(new Trickle(text.toString(), random), "t.csv");
    List<List<String>> read = new ArrayList<>();
    for (List<String> rec; (rec = in.next()) != null; ) {
      read.add(rec);
    }
    assertThat(read).isEqualTo(records);
  }

  /** A reader that hands out 1 to 7 characters per call. */
  private static final class Trickle extends Reader {
    private final String text;
    private final Random random;
    private int pos;

    Trickle(String text, Random random) {
      this.text = text;
      this.random = random;
    }

    @Override
    public int read(char[] buf, int off, int len) {
      if (pos >= text.length()) {
        return -1;
      }
      int n = Math.min(Math.min(len, 1 + random.nextInt(7)), text.length() - pos);
      text.getChars(pos, pos + n, buf, off);
      pos += n;
      return n;
    }

    @Override
    public void close() {}
  }
}
