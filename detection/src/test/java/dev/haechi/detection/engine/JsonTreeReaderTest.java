package dev.haechi.detection.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.detection.event.Event;
import dev.haechi.detection.event.FieldTable;
import dev.haechi.detection.event.FieldValue;
import dev.haechi.detection.event.LeafIndexedObject;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link JsonTreeReader} against its reference, Jackson's {@code readTree}: on random JSON objects
 * (nesting, escapes, numbers of every shape, whitespace, duplicate keys) and random corruptions of
 * them, whatever the fast reader accepts Jackson reads to an equal tree (same node classes, same
 * key order), and most well-formed lines do take the fast path.
 */
class JsonTreeReaderTest {
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();
  private static final String[] NUMBERS = {
    "0",
    "-0",
    "1",
    "-1",
    "2147483647",
    "2147483648",
    "-2147483648",
    "-2147483649",
    "123456789012345678",
    "1234567890123456789",
    "-9223372036854775808",
    "99999999999999999999",
    "0.5",
    "-0.0",
    "1.0",
    "1e3",
    "1E+3",
    "1e-3",
    "2.5e10",
    "1e308",
    "1e309",
    "1e-400",
    "01",
    "1.",
    ".5",
    "+1",
    "1e",
    "1.5e+",
    "NaN",
    "-",
    "4688.0",
    "1719198765.123",
    "00",
    "-01",
    "1e1000"
  };
  private static final String CHARS = "ab zé\"\\/\b\f\n\r\t\u0001\u2028\uD83D\uDE00{}[]:,0";
  private static final String CORRUPT = "{}[]\",:\\ -0e.tnfu1x";

  @Test
  void whatever_the_fast_reader_accepts_jackson_reads_the_same() {
    Random random = new Random(18);
    int fast = 0;
    int wellFormed = 0;
    for (int round = 0; round < 40_000; round++) {
      StringBuilder b = new StringBuilder();
      object(random, b, 0);
      String line = b.toString();
      boolean corrupt = random.nextInt(3) == 0;
      if (corrupt) {
        StringBuilder c = new StringBuilder(line);
        for (int k = 1 + random.nextInt(2); k > 0 && c.length() > 0; k--) {
          int at = random.nextInt(c.length());
          switch (random.nextInt(3)) {
            case 0 -> c.setCharAt(at, CORRUPT.charAt(random.nextInt(CORRUPT.length())));
            case 1 -> c.deleteCharAt(at);
            default -> c.insert(at, CORRUPT.charAt(random.nextInt(CORRUPT.length())));
          }
        }
        line = c.toString();
      }
      JsonNode reference;
      try {
        reference = MAPPER.readTree(line);
      } catch (RuntimeException e) {
        reference = null;
      }
      JsonNode mine = JsonTreeReader.readObject(line);
      if (mine != null) {
        fast++;
        assertThat(reference).as(line).isNotNull();
        assertThat(mine).as(line).isEqualTo(reference);
        assertThat(mine.toString()).as(line).isEqualTo(reference.toString());
        assertSameClasses(mine, reference, line);
        assertSameLeaves(mine, reference, line);
      }
      if (!corrupt && reference != null && reference.isObject()) {
        wellFormed++;
      }
    }
    // the fast path is taken for most well-formed lines (the test would prove nothing otherwise)
    assertThat(fast).isGreaterThan(wellFormed / 3);
  }

  @Test
  void reads_gateway_and_windows_events_as_jackson_does() {
    String gateway =
        "{\"@timestamp\":\"2025-06-24T03:12:45.123Z\",\"http\":{\"request\":{\"method\":\"GET\"},"
            + "\"response\":{\"status_code\":200,\"bytes\":5123}},\"url\":{\"path\":\"/api/v1/x\"},"
            + "\"user\":{\"id\":\"m-000123\"},\"jwt\":{\"kid\":\"auth-2022-01\"},\"tags\":[\"a\",\"b\"],"
            + "\"latency\":0.25,\"ok\":true,\"none\":null}";
    String windows =
        "{\"Event\":{\"System\":{\"EventID\":4688,\"Channel\":\"Security\",\"TimeCreated\":"
            + "{\"#attributes\":{\"SystemTime\":\"2025-06-24T03:12:45.1234567Z\"}}},\"EventData\":"
            + "{\"CommandLine\":\"C:\\\\Windows\\\\system32\\\\cmd.exe /c \\\"whoami\\\"\"}}}";
    for (String line : new String[] {gateway, windows}) {
      JsonNode mine = JsonTreeReader.readObject(line);
      assertThat(mine).as(line).isNotNull().isEqualTo(MAPPER.readTree(line));
      assertThat(mine.toString()).isEqualTo(MAPPER.readTree(line).toString());
    }
  }

  /**
   * Member names come from a cache of names seen before when they are there: names with equal
   * hashes ({@code Aa} / {@code BB}), names that share a cache slot, prefixes of each other,
   * escaped and long names, all read in random order, each read as Jackson reads it.
   */
  @Test
  void cached_member_names_are_the_names_of_the_line() {
    String[] names = {
      "Aa",
      "BB",
      "AaAa",
      "BBBB",
      "AaBB",
      "BBAa",
      "a",
      "ab",
      "abc",
      "user",
      "user.id",
      "use",
      "\\u0041a",
      "B\\u0042",
      "x".repeat(48),
      "x".repeat(49),
      "y".repeat(60),
      "é",
      "\\\"",
      "",
      "k" + (char) 0x2028
    };
    Random random = new Random(181);
    int fast = 0;
    for (int round = 0; round < 20_000; round++) {
      StringBuilder b = new StringBuilder("{");
      java.util.Set<String> used = new java.util.HashSet<>();
      int n = 1 + random.nextInt(4);
      for (int k = 0; k < n; k++) {
        // a random short name half the time: slots are shared by many different names
        String name =
            random.nextBoolean()
                ? names[random.nextInt(names.length)]
                : Integer.toString(random.nextInt(5000), 36);
        if (!used.add(name)) {
          continue;
        }
        if (b.length() > 1) {
          b.append(',');
        }
        b.append('"').append(name).append("\":").append(k);
      }
      String line = b.append('}').toString();
      JsonNode mine = JsonTreeReader.readObject(line);
      JsonNode reference = MAPPER.readTree(line);
      if (mine != null) {
        fast++;
        assertThat(mine.toString()).as(line).isEqualTo(reference.toString());
        assertThat(mine).as(line).isEqualTo(reference);
      }
    }
    // the reader itself reads most lines (a reader that always left them to Jackson would pass the
    // comparisons above without testing the cache)
    assertThat(fast).isGreaterThan(15_000);
  }

  @Test
  void leaves_duplicates_deep_nesting_and_trailing_text_to_jackson() {
    assertThat(JsonTreeReader.readObject("{\"a\":1,\"a\":2}")).isNull();
    assertThat(JsonTreeReader.readObject("{\"a\":1} x")).isNull();
    assertThat(JsonTreeReader.readObject("[1]")).isNull();
    assertThat(JsonTreeReader.readObject("{\"a\":\"x\u0001\"}")).isNull();
    assertThat(JsonTreeReader.readObject("{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}"))
        .isNull();
    assertThat(JsonTreeReader.readObject(" {\"a\" : [ 1 , {} ] } ").toString())
        .isEqualTo("{\"a\":[1,{}]}");
  }

  /**
   * The leaves the reader collected ({@link LeafIndexedObject}) are those a walk of Jackson's tree
   * finds, in the same order, with the same text and number flag.
   */
  private static void assertSameLeaves(JsonNode mine, JsonNode reference, String line) {
    assertThat(mine).as(line).isInstanceOf(LeafIndexedObject.class);
    FieldValue[] a = new Event(mine, new FieldTable()).leaves();
    FieldValue[] b = new Event(reference, new FieldTable()).leaves();
    assertThat(a.length).as(line).isEqualTo(b.length);
    for (int k = 0; k < a.length; k++) {
      assertThat(a[k].text()).as(line).isEqualTo(b[k].text());
      assertThat(a[k].number()).as(line).isEqualTo(b[k].number());
    }
  }

  /**
   * Objects of any size up to twice {@link MemberMap#MAX} members (kept in a {@code MemberMap},
   * then in a {@code LinkedHashMap}), with a duplicate name at any place: read as Jackson reads
   * them, members in order, every look-up (present, absent, equal but not the same string) as
   * Jackson's tree answers it; a duplicate always left to Jackson.
   */
  @Test
  void objects_of_every_size_and_duplicates_anywhere() {
    Random random = new Random(1818);
    int fast = 0;
    for (int round = 0; round < 3_000; round++) {
      int n = random.nextInt(2 * MemberMap.MAX + 2);
      java.util.List<String> names = new java.util.ArrayList<>();
      for (int k = 0; k < n; k++) {
        names.add(random.nextInt(4) == 0 ? "Aa" + k : "k" + random.nextInt(1000));
      }
      boolean duplicate = names.size() != new java.util.HashSet<>(names).size();
      StringBuilder b = new StringBuilder("{");
      for (int k = 0; k < n; k++) {
        b.append(k == 0 ? "" : ",").append('"').append(names.get(k)).append("\":");
        if (random.nextInt(5) == 0) {
          b.append("{\"x\":").append(k).append(",\"y\":[").append(k).append(",{\"z\":1}]}");
        } else {
          b.append(k);
        }
      }
      String line = b.append('}').toString();
      JsonNode mine = JsonTreeReader.readObject(line);
      JsonNode reference = MAPPER.readTree(line);
      if (duplicate) {
        assertThat(mine).as(line).isNull();
        continue;
      }
      fast++;
      assertThat(mine).as(line).isNotNull().isEqualTo(reference);
      assertThat(reference).as(line).isEqualTo(mine);
      assertThat(mine.toString()).as(line).isEqualTo(reference.toString());
      assertThat(mine.hashCode()).as(line).isEqualTo(reference.hashCode());
      assertSameLeaves(mine, reference, line);
      for (int k = 0; k < 60; k++) {
        // a fresh string (not the interned name) half the time
        String probe =
            random.nextBoolean() ? "k" + random.nextInt(1000) : "Aa" + random.nextInt(60);
        String copy = new String(probe.toCharArray());
        assertThat(mine.get(copy)).as(line + " " + probe).isEqualTo(reference.get(probe));
        assertThat(mine.has(probe)).as(line + " " + probe).isEqualTo(reference.has(probe));
      }
    }
    assertThat(fast).isGreaterThan(1_000);
  }

  private static void assertSameClasses(JsonNode a, JsonNode b, String line) {
    if (!(a instanceof LeafIndexedObject)
        || b.getClass() != tools.jackson.databind.node.ObjectNode.class) {
      assertThat(a.getClass()).as(line).isEqualTo(b.getClass());
    }
    if (a.isContainer()) {
      var ia = a.values().iterator();
      var ib = b.values().iterator();
      while (ia.hasNext()) {
        assertSameClasses(ia.next(), ib.next(), line);
      }
    }
  }

  private static void object(Random r, StringBuilder b, int depth) {
    space(r, b);
    b.append('{');
    int n = r.nextInt(depth == 0 ? 6 : 4);
    for (int k = 0; k < n; k++) {
      if (k > 0) {
        b.append(',');
      }
      space(r, b);
      b.append('"').append(r.nextInt(20) == 0 ? "k0" : "k" + k + text(r, 2)).append('"');
      space(r, b);
      b.append(':');
      space(r, b);
      value(r, b, depth);
      space(r, b);
    }
    b.append('}');
    space(r, b);
  }

  private static void value(Random r, StringBuilder b, int depth) {
    switch (r.nextInt(depth > 3 ? 5 : 7)) {
      case 0 -> b.append('"').append(text(r, 12)).append('"');
      case 1 -> b.append(NUMBERS[r.nextInt(NUMBERS.length)]);
      case 2 -> b.append(r.nextBoolean() ? "true" : "false");
      case 3 -> b.append("null");
      case 4 -> b.append(r.nextInt(1_000_000) - 500_000);
      case 5 -> object(r, b, depth + 1);
      default -> {
        b.append('[');
        int n = r.nextInt(4);
        for (int k = 0; k < n; k++) {
          if (k > 0) {
            b.append(',');
          }
          space(r, b);
          value(r, b, depth + 1);
        }
        b.append(']');
      }
    }
  }

  /** Text for inside quotes: mostly plain, sometimes escaped or raw special characters. */
  private static String text(Random r, int max) {
    StringBuilder t = new StringBuilder();
    int n = r.nextInt(max + 1);
    for (int k = 0; k < n; k++) {
      int kind = r.nextInt(10);
      if (kind < 6) {
        t.append((char) ('a' + r.nextInt(26)));
      } else if (kind < 9) {
        switch (r.nextInt(9)) {
          case 0 -> t.append("\\\"");
          case 1 -> t.append("\\\\");
          case 2 -> t.append("\\/");
          case 3 -> t.append("\\n");
          case 4 -> t.append("\\t");
          case 5 -> t.append(String.format("\\u%04x", r.nextInt(0x10000)));
          case 6 -> t.append(String.format("\\u%04X", r.nextInt(0x300)));
          case 7 -> t.append("\\x");
          default -> t.append("\\b\\f\\r");
        }
      } else {
        char c = CHARS.charAt(r.nextInt(CHARS.length()));
        if (c != '"' && c != '\\') {
          t.append(c);
        }
      }
    }
    return t.toString();
  }

  private static void space(Random r, StringBuilder b) {
    if (r.nextInt(4) == 0) {
      b.append(" \t\n\r\f".charAt(r.nextInt(5)));
    }
  }
}
