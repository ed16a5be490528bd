package dev.haechi.breach.event;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The import's fast path for one JSON Lines access event: a streaming parse (no JSON tree) of the
 * fields the store keeps and a hand-written parser for the usual {@code @timestamp} shape ({@code
 * 2025-06-24T03:12:45.123Z}, {@code …+09:00}). It takes only the plain case: every field with the
 * type the store wants, no duplicate keys, nothing after the object. Anything else (a number where
 * text is expected, another timestamp spelling, any error) is handed to the reference parser {@link
 * AccessEventReader#parse}, which decides and words the reason. So the two agree on every line by
 * construction, and {@code FastParserAgreementProperties} checks it on random lines.
 */
public final class FastAccessEventParser {
  private static final JsonFactory FACTORY = new JsonFactory();

  private FastAccessEventParser() {}

  /**
   * Parses one line as {@link AccessEventReader#parse} does.
   *
   * @throws IllegalArgumentException naming the field and the problem
   */
  public static AccessEvent parse(String line) {
    AccessEvent e = tryFast(line);
    return e != null ? e : AccessEventReader.parse(line);
  }

  /** The plain case, or {@code null} when the reference parser must decide. */
  static AccessEvent tryFast(String line) {
    try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), line)) {
      return root(p);
    } catch (RuntimeException e) { // JacksonException, Bail, a date out of range
      return null;
    }
  }

  /** Thrown inside the fast path to hand the line to the reference parser. */
  private static final class Bail extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final Bail INSTANCE = new Bail();

    private Bail() {
      super(null, null, false, false);
    }
  }

  private static final class Fields {
    String ts;
    String action;
    String outcome;
    String service;
    String userId;
    String sourceIp;
    String country;
    String method;
    String path;
    Long status;
    String kid;
    String sub;
    String iss;
    Long iat;
    Long exp;
    List<String> subjectIds = List.of();
    List<String> categories = List.of();
  }

  private static AccessEvent root(JsonParser p) {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    Fields f = new Fields();
    int seen = 0;
    String name;
    while ((name = p.nextName()) != null) {
      JsonToken t = p.nextToken();
      switch (name) {
        case "@timestamp" -> {
          seen = once(seen, 1);
          if (t != JsonToken.VALUE_STRING) {
            return null;
          }
          f.ts = p.getString();
        }
        case "event" -> {
          seen = once(seen, 2);
          event(p, t, f);
        }
        case "service" -> {
          seen = once(seen, 4);
          service(p, t, f);
        }
        case "user" -> {
          seen = once(seen, 8);
          user(p, t, f);
        }
        case "source" -> {
          seen = once(seen, 16);
          source(p, t, f);
        }
        case "url" -> {
          seen = once(seen, 32);
          url(p, t, f);
        }
        case "http" -> {
          seen = once(seen, 64);
          http(p, t, f);
        }
        case "token" -> {
          seen = once(seen, 128);
          token(p, t, f);
        }
        case "data" -> {
          seen = once(seen, 256);
          data(p, t, f);
        }
        default -> p.skipChildren();
      }
    }
    if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null || f.ts == null) {
      return null;
    }
    long micros = micros(f.ts);
    if (micros == Long.MIN_VALUE) {
      return null;
    }
    return new AccessEvent(
        micros,
        f.action,
        f.outcome,
        f.service,
        f.userId,
        f.sourceIp,
        f.country,
        f.method,
        f.path,
        f.status,
        f.kid,
        f.sub,
        f.iss,
        f.iat,
        f.exp,
        f.subjectIds,
        f.categories);
  }

  private static int once(int seen, int bit) {
    if ((seen & bit) != 0) {
      throw Bail.INSTANCE;
    }
    return seen | bit;
  }

  /** True when the value is an object to read; false for null; bails otherwise. */
  private static boolean object(JsonToken t) {
    if (t == JsonToken.VALUE_NULL) {
      return false;
    }
    if (t != JsonToken.START_OBJECT) {
      throw Bail.INSTANCE;
    }
    return true;
  }

  private static String text(JsonParser p, JsonToken t) {
    if (t == JsonToken.VALUE_STRING) {
      return p.getString();
    }
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    throw Bail.INSTANCE;
  }

  private static Long integer(JsonParser p, JsonToken t) {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t == JsonToken.VALUE_NUMBER_INT) {
      JsonParser.NumberType nt = p.getNumberType();
      if (nt == JsonParser.NumberType.INT || nt == JsonParser.NumberType.LONG) {
        return p.getLongValue();
      }
    }
    throw Bail.INSTANCE;
  }

  private static List<String> strings(JsonParser p, JsonToken t) {
    if (t == JsonToken.VALUE_NULL) {
      return List.of();
    }
    if (t != JsonToken.START_ARRAY) {
      throw Bail.INSTANCE;
    }
    List<String> out = new ArrayList<>(4);
    JsonToken i;
    while ((i = p.nextToken()) == JsonToken.VALUE_STRING) {
      out.add(p.getString());
    }
    if (i != JsonToken.END_ARRAY) {
      throw Bail.INSTANCE;
    }
    return out;
  }

  private static void event(JsonParser p, JsonToken t, Fields f) {
    if (!object(t)) {
      return;
    }
    int seen = 0;
    String name;
    while ((name = p.nextName()) != null) {
      JsonToken v = p.nextToken();
      switch (name) {
        case "action" -> {
          seen = once(seen, 1);
          f.action = text(p, v);
        }
        case "outcome" -> {
          seen = once(seen, 2);
          f.outcome = text(p, v);
        }
        default -> p.skipChildren();
      }
    }
  }

  private static void service(JsonParser p, JsonToken t, Fields f) {
    if (!object(t)) {
      return;
    }
    int seen = 0;
    String name;
    while ((name = p.nextName()) != null) {
      JsonToken v = p.nextToken();
      if (name.equals("name")) {
        seen = once(seen, 1);
        f.service = text(p, v);
      } else {
        p.skipChildren();
      }
    }
  }

  private static void user(JsonParser p, JsonToken t, Fields f) {
    if (!object(t)) {
      return;
    }
    int seen = 0;
    String name;
    while ((name = p.nextName()) != null) {
      JsonToken v = p.nextToken();
      if (name.equals("id")) {
        seen = once(seen, 1);
        f.userId = text(p, v);
      } else {
        p.skipChildren();
      }
    }
  }

  private static void url(JsonParser p, JsonToken t, Fields f) {
    if (!object(t)) {
      return;
    }
    int seen = 0;
    String name;
    while ((name = p.nextName()) != null) {
      JsonToken v = p.nextToken();
      if (name.equals("path")) {
        seen = once(seen, 1);
        f.path = text(p, v);
      } else {
        p.skipChildren();
      }
    }
  }

  private static void source(JsonParser p, JsonToken t, Fields f) {
    if (!object(t)) {
      return;
    }
    int seen = 0;
    String name;
    while ((name = p.nextName()) != null) {
      JsonToken v = p.nextToken();
      switch (name) {
        case "ip" -> {
          seen = once(seen, 1);
          f.sourceIp = text(p, v);
        }
        case "geo" -> {
          seen = once(seen, 2);
          if (object(v)) {
            int seenGeo = 0;
            String g;
            while ((g = p.nextName()) != null) {
              JsonToken gv = p.nextToken();
              if (g.equals("country_iso_code")) {
                seenGeo = once(seenGeo, 1);
                f.country = text(p, gv);
              } else {
                p.skipChildren();
              }
            }
          }
        }
        default -> p.skipChildren();
      }
    }
  }

  private static void http(JsonParser p, JsonToken t, Fields f) {
    if (!object(t)) {
      return;
    }
    int seen = 0;
    String name;
    while ((name = p.nextName()) != null) {
      JsonToken v = p.nextToken();
      switch (name) {
        case "request" -> {
          seen = once(seen, 1);
          if (object(v)) {
            int s = 0;
            String n;
            while ((n = p.nextName()) != null) {
              JsonToken nv = p.nextToken();
              if (n.equals("method")) {
                s = once(s, 1);
                f.method = text(p, nv);
              } else {
                p.skipChildren();
              }
            }
          }
        }
        case "response" -> {
          seen = once(seen, 2);
          if (object(v)) {
            int s = 0;
            String n;
            while ((n = p.nextName()) != null) {
              JsonToken nv = p.nextToken();
              if (n.equals("status_code")) {
                s = once(s, 1);
                f.status = integer(p, nv);
              } else {
                p.skipChildren();
              }
            }
          }
        }
        default -> p.skipChildren();
      }
    }
  }

  private static void token(JsonParser p, JsonToken t, Fields f) {
    if (!object(t)) {
      return;
    }
    int seen = 0;
    String name;
    while ((name = p.nextName()) != null) {
      JsonToken v = p.nextToken();
      switch (name) {
        case "kid" -> {
          seen = once(seen, 1);
          f.kid = text(p, v);
        }
        case "sub" -> {
          seen = once(seen, 2);
          f.sub = text(p, v);
        }
        case "iss" -> {
          seen = once(seen, 4);
          f.iss = text(p, v);
        }
        case "iat" -> {
          seen = once(seen, 8);
          f.iat = integer(p, v);
        }
        case "exp" -> {
          seen = once(seen, 16);
          f.exp = integer(p, v);
        }
        default -> p.skipChildren();
      }
    }
  }

  private static void data(JsonParser p, JsonToken t, Fields f) {
    if (!object(t)) {
      return;
    }
    int seen = 0;
    String name;
    while ((name = p.nextName()) != null) {
      JsonToken v = p.nextToken();
      switch (name) {
        case "subject_ids" -> {
          seen = once(seen, 1);
          f.subjectIds = strings(p, v);
        }
        case "categories" -> {
          seen = once(seen, 2);
          f.categories = strings(p, v);
        }
        default -> p.skipChildren();
      }
    }
  }

  /**
   * {@code YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±HH:MM)} with year 1000–9999 in epoch microseconds, as
   * {@link AccessEventReader#micros}; {@link Long#MIN_VALUE} for any other spelling.
   */
  static long micros(String s) {
    int n = s.length();
    if (n < 20
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return Long.MIN_VALUE;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (year < 1000 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) {
      return Long.MIN_VALUE;
    }
    if (minute < 0 || minute > 59 || second < 0 || second > 59) {
      return Long.MIN_VALUE;
    }
    if (day > LocalDate.of(year, month, 1).lengthOfMonth()) {
      return Long.MIN_VALUE;
    }
    int i = 19;
    long nanos = 0;
    if (s.charAt(i) == '.') {
      i++;
      int start = i;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        nanos = nanos * 10 + (s.charAt(i) - '0');
        i++;
      }
      int len = i - start;
      if (len == 0 || len > 9) {
        return Long.MIN_VALUE;
      }
      for (int k = len; k < 9; k++) {
        nanos *= 10;
      }
    }
    int offset;
    if (i == n - 1 && s.charAt(i) == 'Z') {
      offset = 0;
    } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
      int oh = digits(s, i + 1, 2);
      int om = digits(s, i + 4, 2);
      if (oh < 0 || oh > 17 || om < 0 || om > 59) {
        return Long.MIN_VALUE;
      }
      offset = (oh * 3600 + om * 60) * (s.charAt(i) == '-' ? -1 : 1);
    } else {
      return Long.MIN_VALUE;
    }
    long epochSecond =
        LocalDate.of(year, month, day).toEpochDay() * 86_400L
            + hour * 3600L
            + minute * 60L
            + second
            - offset;
    return epochSecond * 1_000_000L + nanos / 1000;
  }

  private static int digits(String s, int from, int len) {
    int v = 0;
    for (int i = from; i < from + len; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
