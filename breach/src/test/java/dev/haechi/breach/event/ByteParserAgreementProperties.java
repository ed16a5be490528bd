package dev.haechi.breach.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.breach.event.AccessEventReader.BadLine;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The import's byte-level path ({@link ByteEventParser}, {@link ByteAccessEventReader}) agrees with
 * the reference ({@link AccessEventReader}): on random files of valid, edge-case and corrupted
 * lines (byte flips, cuts, insertions, odd numbers, escapes, control characters, UTF-8 and broken
 * UTF-8, every line break, blank lines, lines across block boundaries) it gives the same events in
 * the same order and the same bad lines with the same line numbers and reasons — or fails the file
 * exactly when the reference's reader fails it (malformed UTF-8).
 */
class ByteParserAgreementProperties {

  /** Values spliced into integer and text fields: every spelling near the fast path's limits. */
  static final String[] ODD_VALUES = {
    "01",
    "-0",
    "0",
    "-1",
    "1e3",
    "1E3",
    "1.0",
    "-",
    "+1",
    ".5",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "123456789012345678",
    "1234567890123456789",
    "999",
    "1000",
    "true",
    "false",
    "nul",
    "nulll",
    "null",
    "\"\"",
    "\"a\\/b\"",
    "\"\\u0041\"",
    "\"é\"",
    "\"\\\"\"",
    "[]",
    "{}",
    "[\"a\"]",
    "[1]",
    "[null]",
    "[\"a\",]",
    "{\"a\":1,}",
    "NaN",
    "\"\t\"",
    "\"\u007f\"",
    "12 3",
    "\"x\"  ",
    " 7",
    "\"2025-06-24T03:12:45.123Z\""
  };

  /** Indexes of the listed timestamps in the plain case (valid, at most nine fraction digits). */
  static final int[] PLAIN_TIMESTAMPS = {0, 1, 2, 3, 5, 21, 23, 24};

  static final String[] INSERTS = {
    "\"", "\\", "{", "}", "[", "]", ",", ":", " ", "\t", "0", "-", ".", "e", "n", "\u000b", "é",
    "\u0000", "\u001f", "\r", "\n", "\u2028", "\uFEFF", "  "
  };

  @Property(tries = 60)
  void the_byte_reader_gives_the_reference_events_and_bad_lines(@ForAll long seed)
      throws IOException {
    Random r = new Random(seed);
    byte[] file = file(r, r.nextInt(30) == 0);
    Object ref = reference(file);
    Object fast = bytes(file, 1 + r.nextInt(3), 16 + r.nextInt(r.nextBoolean() ? 200 : 8000));
    assertThat(fast).isEqualTo(ref);
  }

  @Property(tries = 400)
  void every_single_line_agrees(@ForAll long seed) throws IOException {
    Random r = new Random(seed);
    String line =
        corrupt(
            r,
            r.nextInt(3) == 0
                ? plain(r)
                : FastParserAgreementProperties.line(r, r.nextInt(4) == 0));
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    assertThat(bytes(b, 1, ByteAccessEventReader.BLOCK)).as(line).isEqualTo(reference(b));
    // and the parser alone never takes a line the reference refuses or reads differently
    AccessEvent e = new ByteEventParser().parse(b, 0, b.length);
    if (e != null) {
      assertThat(e).as(line).isEqualTo(AccessEventReader.parse(line));
    }
  }

  @Property(tries = 100)
  void plain_lines_take_the_byte_path(@ForAll long seed) {
    Random r = new Random(seed);
    ByteEventParser parser = new ByteEventParser();
    for (int i = 0; i < 20; i++) {
      String line = plain(r);
      byte[] b = line.getBytes(StandardCharsets.UTF_8);
      assertThat(parser.parse(b, 0, b.length))
          .as(line)
          .isNotNull()
          .isEqualTo(AccessEventReader.parse(line));
    }
  }

  @Property(tries = 300)
  void byte_timestamps_are_the_reference_timestamps(@ForAll long seed) {
    Random r = new Random(seed);
    String ts =
        String.format(
            "%04d-%02d-%02dT%02d:%02d:%02d%s%s",
            1000 + r.nextInt(9000),
            1 + r.nextInt(12),
            1 + r.nextInt(31),
            r.nextInt(24),
            r.nextInt(60),
            r.nextInt(60),
            r.nextBoolean()
                ? ""
                : "." + Long.toString(Math.abs(r.nextLong())).substring(0, 1 + r.nextInt(9)),
            r.nextBoolean()
                ? "Z"
                : String.format(
                    "%s%02d:%02d", r.nextBoolean() ? "+" : "-", r.nextInt(18), r.nextInt(60)));
    byte[] b = ts.getBytes(StandardCharsets.US_ASCII);
    long fast = ByteEventParser.micros(b, 0, b.length);
    if (fast == Long.MIN_VALUE) {
      assertThat(FastAccessEventParser.micros(ts)).as(ts).isEqualTo(Long.MIN_VALUE);
    } else {
      assertThat(fast).as(ts).isEqualTo(AccessEventReader.micros(ts));
    }
  }

  @Test
  void epoch_days_are_local_date_epoch_days() {
    Random r = new Random(13);
    for (int i = 0; i < 200_000; i++) {
      LocalDate d = LocalDate.ofEpochDay(r.nextLong(-400_000, 3_000_000));
      assertThat(ByteEventParser.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth()))
          .as(d.toString())
          .isEqualTo(d.toEpochDay());
    }
  }

  @Test
  void every_listed_timestamp_and_odd_value_agrees() throws IOException {
    for (String ts : FastParserAgreementProperties.TIMESTAMPS) {
      byte[] b = ts.getBytes(StandardCharsets.UTF_8);
      long fast = ByteEventParser.micros(b, 0, b.length);
      assertThat(fast).as(ts).isEqualTo(FastAccessEventParser.micros(ts));
      line("{\"@timestamp\":\"" + ts + "\"}");
    }
    for (String v : ODD_VALUES) {
      for (String field :
          new String[] {
            "\"http\":{\"response\":{\"status_code\":%s}}",
            "\"token\":{\"kid\":%s,\"iat\":1}",
            "\"token\":{\"iat\":%s}",
            "\"data\":{\"subject_ids\":%s}",
            "\"data\":{\"categories\":[\"a\",%s]}",
            "\"extra\":%s",
            "\"extra\":[%s,{\"y\":%s}]",
            "\"event\":%s"
          }) {
        line("{\"@timestamp\":\"2025-06-24T03:12:45Z\"," + field.replace("%s", v) + "}");
        line("{" + field.replace("%s", v) + ",\"@timestamp\":\"2025-06-24T03:12:45Z\"}");
      }
    }
    line("{\"@timestamp\":\"2025-06-24T03:12:45Z\",\"@timestamp\":\"2025-06-24T03:12:46Z\"}");
    line("{\"@timestamp\":\"2025-06-24T03:12:45Z\"}  ");
    line("  {\"@timestamp\":\"2025-06-24T03:12:45Z\"}");
    line("{\"@timestamp\":\"2025-06-24T03:12:45Z\"} x");
    line("{\"@timestamp\":\"2025-06-24T03:12:45Z\"");
    line("{\"@timestamp\" : \"2025-06-24T03:12:45Z\" , \"token\" : { \"kid\" : \"k\" } }");
    line("{\"\\u0040timestamp\":\"2025-06-24T03:12:45Z\"}");
    line("{\"@timestamp\":\"2025-06-24T03:12:45Z\",\"x\":" + "[".repeat(70) + "]".repeat(70) + "}");
    line(
        "{\"@timestamp\":\"2025-06-24T03:12:45Z\",\"x\":"
            + "[".repeat(600)
            + "]".repeat(600)
            + "}");
    line("{\"@timestamp\":\"2025-06-24T03:12:45Z\",\"x\":\"" + "a".repeat(40_000) + "\"}");
    line("{}");
    line("[]");
    line("\u000b");
    line("\u001c\u001f \t");
    line("\u2003");
    line("\uFEFF{\"@timestamp\":\"2025-06-24T03:12:45Z\"}");
  }

  private static void line(String line) throws IOException {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    assertThat(bytes(b, 2, 64)).as(line).isEqualTo(reference(b));
    assertThat(bytes(b, 1, ByteAccessEventReader.BLOCK)).as(line).isEqualTo(reference(b));
  }

  @Test
  void invalid_utf8_fails_the_file_as_the_reference_does() throws IOException {
    byte[] ok = "{\"@timestamp\":\"2025-06-24T03:12:45Z\"}\n".getBytes(StandardCharsets.UTF_8);
    for (byte[] broken :
        new byte[][] {
          {(byte) 0xC3},
          {(byte) 0xC3, '\n'},
          {(byte) 0xFF},
          {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
          {(byte) 0xC0, (byte) 0xAF},
          {'"', (byte) 0x80, '"'}
        }) {
      ByteArrayOutputStream f = new ByteArrayOutputStream();
      f.write(ok);
      f.write(broken);
      f.write('\n');
      f.write(ok);
      Object ref = reference(f.toByteArray());
      assertThat(ref).asString().startsWith("failed:");
      assertThat(bytes(f.toByteArray(), 2, 16)).isEqualTo(ref);
    }
  }

  // ---- the two readers ---------------------------------------------------------------------

  /** The reference's events and bad lines, or how it failed (as Files.newBufferedReader reads). */
  static Object reference(byte[] file) {
    List<AccessEvent> events = new ArrayList<>();
    List<BadLine> bad = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new ByteArrayInputStream(file), StandardCharsets.UTF_8.newDecoder()))) {
      AccessEventReader.read(in, "f.jsonl", events::add, bad);
    } catch (IOException e) {
      return "failed: " + e.getClass().getSimpleName();
    }
    return List.of(events, bad);
  }

  static Object bytes(byte[] file, int threads, int block) {
    List<AccessEvent> events = new ArrayList<>();
    List<BadLine> bad = new ArrayList<>();
    try {
      ByteAccessEventReader.read(
          new ByteArrayInputStream(file), "f.jsonl", events::add, bad, threads, block);
    } catch (IOException e) {
      return "failed: " + e.getClass().getSimpleName();
    }
    return List.of(events, bad);
  }

  // ---- random input ------------------------------------------------------------------------

  static byte[] file(Random r, boolean brokenUtf8) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int n = r.nextInt(r.nextBoolean() ? 40 : 1500);
    for (int i = 0; i < n; i++) {
      String line =
          switch (r.nextInt(12)) {
            case 0 -> blank(r);
            case 1, 2, 3, 4 -> plain(r);
            case 5, 6 -> corrupt(r, plain(r));
            default -> FastParserAgreementProperties.line(r, r.nextInt(4) == 0);
          };
      out.write(line.getBytes(StandardCharsets.UTF_8));
      if (brokenUtf8 && r.nextInt(200) == 0) {
        out.write(0x80 + r.nextInt(0x80));
      }
      if (i < n - 1 || r.nextBoolean()) {
        out.write(
            switch (r.nextInt(12)) {
              case 0 -> new byte[] {'\r', '\n'};
              case 1 -> new byte[] {'\r'};
              default -> new byte[] {'\n'};
            });
      }
    }
    return out.toByteArray();
  }

  static String blank(Random r) {
    String[] parts = {"", " ", "\t", "\u000b", "\u000c", "\u001c", "\u001f", "\u2003", "\u00a0"};
    StringBuilder b = new StringBuilder();
    for (int i = r.nextInt(4); i > 0; i--) {
      b.append(parts[r.nextInt(parts.length)]);
    }
    return b.toString();
  }

  /** A gateway event as gateways write it, in the byte parser's plain case, fields shuffled. */
  static String plain(Random r) {
    String member = Integer.toString(1_000_000 + r.nextInt(1000));
    List<String> props = new ArrayList<>();
    props.add(
        "\"@timestamp\":\""
            + FastParserAgreementProperties.TIMESTAMPS[
                PLAIN_TIMESTAMPS[r.nextInt(PLAIN_TIMESTAMPS.length)]]
            + "\"");
    props.add(
        "\"event\":{\"category\":[\"web\"],\"action\":\"address.list\",\"outcome\":\""
            + (r.nextBoolean() ? "success" : "failure")
            + "\",\"duration\":"
            + r.nextInt(10_000)
            + ".5}");
    props.add("\"service\":{\"name\":\"gateway\"}");
    props.add(
        "\"user\":{\"id\":"
            + (r.nextInt(10) == 0 ? "null" : "\"" + member + "\"")
            + ",\"roles\":[\"a\",{\"b\":[true,false,null,-1.25]}]}");
    props.add(
        "\"source\":{\"ip\":\"203.0.113."
            + r.nextInt(256)
            + "\",\"geo\":"
            + (r.nextInt(8) == 0
                ? "null"
                : "{\"country_iso_code\":\"KR\",\"x\":\"a\\\\b\\\"c\\n\"}")
            + "}");
    props.add("\"url\":{\"path\":\"/api/v1/members/" + member + "/addresses\"}");
    props.add(
        "\"http\":{\"request\":{\"method\":\"GET\"},\"response\":{\"status_code\":"
            + (r.nextInt(5) == 0 ? "null" : Integer.toString(r.nextInt(1200)))
            + "}}");
    props.add(
        "\"token\":{\"kid\":\"auth-"
            + (2020 + r.nextInt(6))
            + "-01\",\"sub\":\""
            + (r.nextBoolean() ? member : "svc-" + r.nextInt(9))
            + "\",\"iss\":\"https://id.example\",\"iat\":"
            + (r.nextBoolean() ? "-" : "")
            + (1 + r.nextInt(1_999_999_999))
            + ",\"exp\":"
            + (r.nextBoolean() ? "null" : "1750003600")
            + "}");
    if (r.nextInt(4) != 0) {
      props.add(
          "\"data\":{\"subject_ids\":"
              + switch (r.nextInt(4)) {
                case 0 -> "[]";
                case 1 -> "[\"" + member + "\",\"" + (member + 1) + "\"]";
                default -> "[\"" + member + "\"]";
              }
              + ",\"categories\":"
              + (r.nextInt(6) == 0
                  ? "null"
                  : r.nextBoolean() ? "[\"name\",\"phone\",\"address\"]" : "[\"name\"]")
              + "}");
    }
    java.util.Collections.shuffle(props, r);
    String sep = r.nextInt(6) == 0 ? " , " : ",";
    return "{" + String.join(sep, props) + "}";
  }

  /** One byte-level or value-level corruption of a line. */
  static String corrupt(Random r, String line) {
    if (line.isEmpty()) {
      return line;
    }
    int at = r.nextInt(line.length());
    return switch (r.nextInt(7)) {
      case 0 -> line.substring(0, at) + line.substring(at + 1);
      case 1 -> line.substring(0, at) + INSERTS[r.nextInt(INSERTS.length)] + line.substring(at);
      case 2 -> line.substring(0, at);
      case 3 -> line.substring(0, at) + (char) r.nextInt(0x80) + line.substring(at + 1);
      case 4 -> {
        // replace a value after some ':' with an odd one
        int colon = line.indexOf(':', at);
        if (colon < 0) {
          yield line;
        }
        int stop = colon + 1;
        while (stop < line.length() && ",}]".indexOf(line.charAt(stop)) < 0) {
          stop++;
        }
        yield line.substring(0, colon + 1)
            + ODD_VALUES[r.nextInt(ODD_VALUES.length)]
            + line.substring(stop);
      }
      case 5 ->
          line.substring(0, at)
              + line.substring(at, Math.min(line.length(), at + 1 + r.nextInt(30)))
              + line.substring(at);
      default -> line.replace("\"kid\"", r.nextBoolean() ? "\"kid\",\"kid\"" : "\"k\\u0069d\"");
    };
  }
}
