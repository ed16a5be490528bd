package dev.haechi.breach.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.breach.event.AccessEventReader.BadLine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The import's fast path ({@link FastAccessEventParser}, {@link FastAccessEventReader}) agrees with
 * the reference ({@link AccessEventReader}) on random lines: the same event, or the same reason.
 * Lines mix well-typed events with every shape the reference treats specially (numbers and booleans
 * where text is expected, integers as strings, nulls, wrong nesting, duplicate keys, timestamp
 * spellings, broken JSON, trailing tokens).
 */
class FastParserAgreementProperties {
  static final String[] TIMESTAMPS = {
    "2025-06-24T03:12:45.123Z",
    "2025-06-24T03:12:45Z",
    "2025-06-24T03:12:45.1+09:00",
    "2025-06-24T03:12:45.123456789-05:30",
    "2025-06-24T03:12:45.1234567891Z",
    "2024-02-29T23:59:59Z",
    "2025-02-29T10:00:00Z",
    "2025-06-31T10:00:00Z",
    "2025-13-01T10:00:00Z",
    "2025-06-24T24:00:00Z",
    "2025-06-24T23:60:00Z",
    "2025-06-24T23:59:60Z",
    "2025-06-24t03:12:45Z",
    "2025-06-24T03:12:45z",
    "2025-06-24T03:12Z",
    "2025-06-24T03:12:45",
    "2025-06-24T03:12:45+18:00",
    "2025-06-24T03:12:45-17:59",
    "2025-06-24T03:12:45+0900",
    "2025-06-24T03:12:45.Z",
    "0999-06-24T03:12:45Z",
    "1000-01-01T00:00:00Z",
    "1969-12-31T23:59:59.9999995Z",
    "3000-01-01T00:00:00.000001Z",
    "9999-12-31T23:59:59.999999999Z",
    "+2025-06-24T03:12:45Z",
    "2025-06-24 03:12:45Z",
    "２０２５-06-24T03:12:45Z",
    "",
    "yesterday"
  };

  @Property(tries = 300)
  void the_fast_parser_gives_the_reference_answer_on_random_lines(@ForAll long seed) {
    Random r = new Random(seed);
    for (int i = 0; i < 20; i++) {
      String line = line(r, r.nextInt(3) == 0);
      assertThat(outcome(() -> FastAccessEventParser.parse(line)))
          .as(line)
          .isEqualTo(outcome(() -> AccessEventReader.parse(line)));
    }
  }

  @Property(tries = 100)
  void plain_lines_take_the_fast_path(@ForAll long seed) {
    Random r = new Random(seed);
    String line = plain(r);
    AccessEvent fast = FastAccessEventParser.tryFast(line);
    assertThat(fast).as(line).isNotNull().isEqualTo(AccessEventReader.parse(line));
  }

  @Property(tries = 200)
  void fast_timestamps_are_the_reference_timestamps(@ForAll long seed) {
    Random r = new Random(seed);
    String ts =
        String.format(
            "%04d-%02d-%02dT%02d:%02d:%02d%s%s",
            1000 + r.nextInt(9000),
            1 + r.nextInt(12),
            1 + r.nextInt(28),
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
    assertThat(FastAccessEventParser.micros(ts)).as(ts).isEqualTo(AccessEventReader.micros(ts));
  }

  @Test
  void every_listed_timestamp_agrees() {
    for (String ts : TIMESTAMPS) {
      long fast = FastAccessEventParser.micros(ts);
      if (fast != Long.MIN_VALUE) {
        assertThat(fast).as(ts).isEqualTo(AccessEventReader.micros(ts));
      }
      String line = "{\"@timestamp\":\"" + ts + "\"}";
      assertThat(outcome(() -> FastAccessEventParser.parse(line)))
          .as(line)
          .isEqualTo(outcome(() -> AccessEventReader.parse(line)));
    }
    // a year past 2262 overflowed the reference's nanosecond arithmetic before
    assertThat(AccessEventReader.micros("3000-01-01T00:00:00.000001Z"))
        .isEqualTo(32_503_680_000_000_001L);
  }

  @Property(tries = 10)
  void the_threaded_reader_gives_the_reference_events_and_bad_lines_in_order(@ForAll long seed)
      throws IOException {
    Random r = new Random(seed);
    StringBuilder file = new StringBuilder();
    int n = r.nextInt(3 * FastAccessEventReader.CHUNK);
    for (int i = 0; i < n; i++) {
      file.append(r.nextInt(50) == 0 ? "  " : line(r, r.nextInt(5) == 0));
      file.append(r.nextInt(10) == 0 ? "\r\n" : "\n");
    }
    List<AccessEvent> ref = new ArrayList<>();
    List<BadLine> refBad = new ArrayList<>();
    AccessEventReader.read(
        new BufferedReader(new StringReader(file.toString())), "f.jsonl", ref::add, refBad);
    List<AccessEvent> fast = new ArrayList<>();
    List<BadLine> fastBad = new ArrayList<>();
    FastAccessEventReader.read(
        new BufferedReader(new StringReader(file.toString())),
        "f.jsonl",
        fast::add,
        fastBad,
        1 + r.nextInt(4));
    assertThat(fast).isEqualTo(ref);
    assertThat(fastBad).isEqualTo(refBad);
  }

  interface Parse {
    AccessEvent run();
  }

  static Object outcome(Parse p) {
    try {
      return p.run();
    } catch (IllegalArgumentException e) {
      return "refused: " + e.getMessage();
    }
  }

  /** A well-typed event (the shape a gateway sends). */
  static String plain(Random r) {
    String member = Integer.toString(1_000_000 + r.nextInt(1000));
    return "{\"@timestamp\":\""
        + TIMESTAMPS[r.nextInt(4)]
        + "\",\"event\":{\"category\":[\"web\"],\"action\":\"address.list\",\"outcome\":\"success\"},"
        + "\"service\":{\"name\":\"gateway\"},\"user\":{\"id\":\""
        + member
        + "\"},\"source\":{\"ip\":\"203.0.113.7\",\"geo\":{\"country_iso_code\":\"KR\"}},"
        + "\"url\":{\"path\":\"/m/"
        + member
        + "\"},\"http\":{\"request\":{\"method\":\"GET\"},\"response\":{\"status_code\":"
        + (r.nextBoolean() ? 200 : 404)
        + "}},\"token\":{\"kid\":\"k\\u00e9-"
        + r.nextInt(3)
        + "\",\"sub\":\""
        + member
        + "\",\"iat\":1750000000,\"exp\":"
        + (r.nextBoolean() ? "null" : "1750003600")
        + "},\"data\":{\"subject_ids\":[\""
        + member
        + "\"],\"categories\":[\"name\",\"전화\"]}}";
  }

  /** A random line: mostly event-shaped, with random types, duplicates and breakage. */
  static String line(Random r, boolean wild) {
    if (!wild && r.nextInt(3) == 0) {
      return plain(r);
    }
    StringBuilder b = new StringBuilder("{");
    List<String> props = new ArrayList<>();
    if (r.nextInt(10) != 0) {
      props.add(
          "\"@timestamp\":"
              + (r.nextInt(10) == 0
                  ? value(r, 0)
                  : "\"" + TIMESTAMPS[r.nextInt(TIMESTAMPS.length)] + "\""));
    }
    String[][] shape = {
      {"event", "action", "outcome"},
      {"service", "name"},
      {"user", "id"},
      {"source", "ip", "geo:country_iso_code"},
      {"url", "path"},
      {"http", "request:method", "response:status_code"},
      {"token", "kid", "sub", "iss", "iat", "exp"},
      {"data", "subject_ids", "categories"}
    };
    for (String[] obj : shape) {
      if (r.nextInt(4) == 0) {
        continue;
      }
      int copies = r.nextInt(15) == 0 ? 2 : 1;
      for (int c = 0; c < copies; c++) {
        props.add("\"" + obj[0] + "\":" + object(r, obj, wild));
      }
    }
    if (r.nextInt(3) == 0) {
      props.add("\"extra\":" + value(r, 0));
    }
    java.util.Collections.shuffle(props, r);
    b.append(String.join(",", props)).append('}');
    String s = b.toString();
    if (wild && r.nextInt(8) == 0) {
      s = s.substring(0, r.nextInt(s.length() + 1));
    }
    if (wild && r.nextInt(10) == 0) {
      s = s + (r.nextBoolean() ? " {}" : " ");
    }
    if (wild && r.nextInt(20) == 0) {
      s = r.nextBoolean() ? "[" + s + "]" : "null";
    }
    return s;
  }

  static String object(Random r, String[] obj, boolean wild) {
    if (wild && r.nextInt(8) == 0) {
      return value(r, 1);
    }
    List<String> props = new ArrayList<>();
    for (int i = 1; i < obj.length; i++) {
      String f = obj[i];
      if (r.nextInt(5) == 0) {
        continue;
      }
      int copies = r.nextInt(20) == 0 ? 2 : 1;
      for (int c = 0; c < copies; c++) {
        if (f.contains(":")) {
          String[] nested = f.split(":");
          props.add(
              "\""
                  + nested[0]
                  + "\":"
                  + (wild && r.nextInt(6) == 0
                      ? value(r, 1)
                      : "{\"" + nested[1] + "\":" + leaf(r, nested[1], wild) + "}"));
        } else {
          props.add("\"" + f + "\":" + leaf(r, f, wild));
        }
      }
    }
    if (r.nextInt(4) == 0) {
      props.add("\"other\":" + value(r, 0));
    }
    java.util.Collections.shuffle(props, r);
    return "{" + String.join(",", props) + "}";
  }

  static String leaf(Random r, String name, boolean wild) {
    boolean odd = wild ? r.nextInt(3) == 0 : r.nextInt(12) == 0;
    if (odd) {
      return value(r, 0);
    }
    return switch (name) {
      case "status_code", "iat", "exp" ->
          switch (r.nextInt(6)) {
            case 0 -> "\"" + r.nextInt(600) + "\"";
            case 1 -> "\" 200 \"";
            case 2 -> "99999999999999999999";
            case 3 -> "null";
            default -> Integer.toString(r.nextInt(600));
          };
      case "subject_ids", "categories" -> array(r);
      default -> string(r);
    };
  }

  static String array(Random r) {
    List<String> items = new ArrayList<>();
    int n = r.nextInt(4);
    for (int i = 0; i < n; i++) {
      items.add(
          switch (r.nextInt(8)) {
            case 0 -> Integer.toString(r.nextInt(100));
            case 1 -> "null";
            default -> string(r);
          });
    }
    return r.nextInt(10) == 0 ? "null" : "[" + String.join(",", items) + "]";
  }

  static String string(Random r) {
    return switch (r.nextInt(7)) {
      case 0 -> "\"\"";
      case 6 -> // what the import's tab-separated staging must carry unharmed
          switch (r.nextInt(4)) {
            case 0 -> "\"\\\\N\"";
            case 1 -> "\"a\\tb\\r\\nc\"";
            case 2 -> "\"\\u001f,\\\"\\\"\"";
            default -> "\"\\u0000x\"";
          };
      case 1 -> "\"a\\\"b\\\\c\\n\"";
      case 2 -> "\"\\ud83d\\ude00 개인정보\"";
      default -> "\"v" + r.nextInt(50) + "\"";
    };
  }

  static String value(Random r, int depth) {
    return switch (r.nextInt(depth > 1 ? 6 : 8)) {
      case 0 -> "null";
      case 1 -> "true";
      case 2 -> "12.5";
      case 3 -> Integer.toString(r.nextInt(1000));
      case 4 -> "-7";
      case 5 -> string(r);
      case 6 -> "[" + value(r, depth + 1) + "," + value(r, depth + 1) + "]";
      default -> "{\"x\":" + value(r, depth + 1) + "}";
    };
  }
}
