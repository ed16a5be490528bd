package dev.haechi.exercise.run;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the events an exercise feeds to detection, in the shapes of FORMATS.md §2: gateway access
 * events (ECS plus {@code token.*} and {@code data.*}) and Vault audit requests (as the file audit
 * device writes them, with ECS {@code @timestamp}, {@code event.*} and {@code service.name} added).
 */
final class Telemetry {
  static final String ISSUER = "gateway";
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Telemetry() {}

  /**
   * One gateway request.
   *
   * @param kid the token's kid, or null for a request without a token
   * @param status the HTTP status (401 when the gateway refused the token)
   * @param subjects whose data the response disclosed (empty unless 2xx)
   */
  static ObjectNode gateway(
      long millis,
      String action,
      String path,
      int status,
      String userId,
      String ip,
      String country,
      String kid,
      String sub,
      List<String> subjects,
      List<String> categories) {
    ObjectNode e = F.objectNode();
    e.put("@timestamp", Instant.ofEpochMilli(millis).toString());
    ObjectNode event = e.putObject("event");
    event.putArray("category").add("web");
    event.put("action", action);
    event.put("outcome", status < 400 ? "success" : "failure");
    e.putObject("service").put("name", "gateway");
    if (userId != null) {
      e.putObject("user").put("id", userId);
    }
    ObjectNode source = e.putObject("source");
    source.put("ip", ip);
    source.putObject("geo").put("country_iso_code", country);
    e.putObject("url").put("path", path);
    ObjectNode http = e.putObject("http");
    http.putObject("request").put("method", "GET");
    http.putObject("response").put("status_code", status);
    if (kid != null) {
      ObjectNode token = e.putObject("token");
      token.put("kid", kid);
      token.put("sub", sub);
      token.put("iss", ISSUER);
      long iat = millis / 1000 - 600;
      token.put("iat", iat);
      token.put("exp", iat + 3600);
    }
    if (status < 400 && !subjects.isEmpty()) {
      ObjectNode data = e.putObject("data");
      ArrayNode ids = data.putArray("subject_ids");
      subjects.forEach(ids::add);
      ArrayNode cats = data.putArray("categories");
      categories.forEach(cats::add);
    }
    return e;
  }

  /**
   * The ISO-8601 text of an instant in milliseconds, exactly as {@code
   * Instant.ofEpochMilli(millis).toString()} writes it for the years 0000–9999 ({@code
   * 2025-06-24T03:12:45.120Z}; no fraction when the milliseconds are 0), reusing the date and time
   * of the last second asked for: background events come in time order, many per second.
   */
  static final class Timestamps {
    private long second = Long.MIN_VALUE;
    private final byte[] text = new byte[24]; // "2025-06-24T03:12:45" then ".120Z" or "Z"
    private String whole; // the text of the second itself (no fraction)

    String text(long millis) {
      long sec = Math.floorDiv(millis, 1000);
      int ms = Math.floorMod(millis, 1000);
      if (sec != second) {
        if (!dateTime(sec, text)) {
          return Instant.ofEpochMilli(millis).toString(); // outside 0000–9999: not cached
        }
        second = sec;
        text[19] = 'Z';
        whole = new String(text, 0, 20, StandardCharsets.ISO_8859_1);
        text[19] = '.';
        text[23] = 'Z';
      }
      if (ms == 0) {
        return whole;
      }
      text[20] = (byte) ('0' + ms / 100);
      text[21] = (byte) ('0' + ms / 10 % 10);
      text[22] = (byte) ('0' + ms % 10);
      return new String(text, 0, 24, StandardCharsets.ISO_8859_1);
    }

    /**
     * Writes {@code yyyy-MM-ddTHH:mm:ss} of an epoch second into {@code out} (ISO proleptic
     * Gregorian, UTC, as {@code Instant.toString}); false for years outside 0000–9999.
     */
    static boolean dateTime(long epochSecond, byte[] out) {
      long day = Math.floorDiv(epochSecond, 86_400);
      int secOfDay = Math.floorMod(epochSecond, 86_400);
      // days to civil date (H. Hinnant's algorithm, eras of 400 years from 0000-03-01)
      long z = day + 719_468;
      long era = Math.floorDiv(z, 146_097);
      long doe = z - era * 146_097;
      long yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
      long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
      long mp = (5 * doy + 2) / 153;
      int d = (int) (doy - (153 * mp + 2) / 5 + 1);
      int m = (int) (mp < 10 ? mp + 3 : mp - 9);
      long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
      if (y < 0 || y > 9999) {
        return false;
      }
      int year = (int) y;
      out[0] = (byte) ('0' + year / 1000);
      out[1] = (byte) ('0' + year / 100 % 10);
      out[2] = (byte) ('0' + year / 10 % 10);
      out[3] = (byte) ('0' + year % 10);
      out[4] = '-';
      two(out, 5, m);
      out[7] = '-';
      two(out, 8, d);
      out[10] = 'T';
      two(out, 11, secOfDay / 3600);
      out[13] = ':';
      two(out, 14, secOfDay / 60 % 60);
      out[16] = ':';
      two(out, 17, secOfDay % 60);
      return true;
    }

    private static void two(byte[] out, int at, int v) {
      out[at] = (byte) ('0' + v / 10);
      out[at + 1] = (byte) ('0' + v % 10);
    }
  }

  /**
   * Background gateway events ({@link #gateway} with one member reading their own data, status 200,
   * the member's own token) built from parts shared between events: the {@code event}, {@code
   * service} and {@code http} objects per action, and the {@code user}, {@code source}, {@code url}
   * and {@code data} objects per member and action, the token's {@code kid}, {@code sub} and {@code
   * iss} values. Only the root, its timestamp and the {@code token} object (its {@code iat} and
   * {@code exp} follow the time) are new per event, and the root and token are {@link ShapedMap}
   * objects (the key order shared, an array of values each) instead of {@code LinkedHashMap}s. The
   * detection engine only reads events, so sharing is invisible to it; the events are equal to
   * {@link #gateway}'s and written as the same text (tested), and several times smaller in memory,
   * which matters because the engine's correlation windows keep the newest events of every group
   * (at 10 million events a day, every background event of the last 15 minutes).
   */
  static final class MemberRequests {
    /** Members whose parts are kept; beyond this, a member's parts are built per event. */
    static final int MAX_CACHED_MEMBERS = 200_000;

    private final String[][] actions;
    private final ObjectNode[] eventParts;
    private final ObjectNode service;
    private final ObjectNode http;
    private final ArrayNode[] categories;
    private final MemberTable members = new MemberTable();
    private String lastKid;
    private JsonNode lastKidNode;
    private long lastIat;
    private JsonNode iatNode;
    private JsonNode expNode;

    /** The background event's fields, in the order {@link #gateway} writes them. */
    static final ShapedMap.Shape WITH_TOKEN =
        new ShapedMap.Shape(
            "@timestamp", "event", "service", "user", "source", "url", "http", "token", "data");

    static final ShapedMap.Shape WITHOUT_TOKEN =
        new ShapedMap.Shape(
            "@timestamp", "event", "service", "user", "source", "url", "http", "data");

    static final ShapedMap.Shape TOKEN = new ShapedMap.Shape("kid", "sub", "iss", "iat", "exp");
    private static final JsonNode ISSUER_NODE = F.stringNode(ISSUER);
    private final Timestamps timestamps = new Timestamps();
    private final java.util.function.LongFunction<String> ipOf;
    private final java.util.function.LongFunction<String> countryOf;

    /** Members by ID: open addressing over primitive IDs (no boxing, one probe per event). */
    private static final class MemberTable {
      private long[] ids = new long[1024];
      private Member[] members = new Member[1024];
      private int size;

      private int slot(long id, int mask) {
        return (int) ((id * 0x9E3779B97F4A7C15L) >>> 40) & mask;
      }

      Member get(long id) {
        int mask = ids.length - 1;
        for (int i = slot(id, mask); members[i] != null; i = (i + 1) & mask) {
          if (ids[i] == id) {
            return members[i];
          }
        }
        return null;
      }

      int size() {
        return size;
      }

      void put(long id, Member m) {
        if ((size + 1) * 2 > ids.length) {
          long[] oldIds = ids;
          Member[] old = members;
          ids = new long[oldIds.length * 2];
          members = new Member[oldIds.length * 2];
          size = 0;
          for (int i = 0; i < old.length; i++) {
            if (old[i] != null) {
              put(oldIds[i], old[i]);
            }
          }
        }
        int mask = ids.length - 1;
        int i = slot(id, mask);
        while (members[i] != null && ids[i] != id) {
          i = (i + 1) & mask;
        }
        if (members[i] == null) {
          size++;
        }
        ids[i] = id;
        members[i] = m;
      }
    }

    /**
     * One member's shared parts, built together (so they lie together in memory: the engine reads
     * several of them per event) as {@link ShapedMap} objects, with one text node for the member ID
     * wherever it appears ({@code user.id}, {@code token.sub}, {@code data.subject_ids}).
     */
    private static final class Member {
      final JsonNode sub;
      final ObjectNode user;
      final ObjectNode source;
      final ObjectNode[] url;
      final ObjectNode[] data;

      Member(String sid, String ip, String country, String[][] actions, ArrayNode[] categories) {
        this.sub = F.stringNode(sid);
        this.user = USER.node(sub);
        this.source = SOURCE.node(F.stringNode(ip), GEO.node(F.stringNode(country)));
        this.url = new ObjectNode[actions.length];
        this.data = new ObjectNode[actions.length];
        for (int a = 0; a < actions.length; a++) {
          url[a] = URL.node(F.stringNode(actions[a][1].replace("%s", sid)));
          data[a] = DATA.node(F.arrayNode(1).add(sub), categories[a]);
        }
      }
    }

    static final ShapedMap.Shape USER = new ShapedMap.Shape("id");
    static final ShapedMap.Shape SOURCE = new ShapedMap.Shape("ip", "geo");
    static final ShapedMap.Shape GEO = new ShapedMap.Shape("country_iso_code");
    static final ShapedMap.Shape URL = new ShapedMap.Shape("path");
    static final ShapedMap.Shape DATA = new ShapedMap.Shape("subject_ids", "categories");

    /**
     * @param actions per action {name, path format with one {@code %s} for the member ID, the
     *     disclosed categories comma-separated}
     * @param ipOf a member's source address
     * @param countryOf a member's country
     */
    MemberRequests(
        String[][] actions,
        java.util.function.LongFunction<String> ipOf,
        java.util.function.LongFunction<String> countryOf) {
      this.actions = actions;
      this.ipOf = ipOf;
      this.countryOf = countryOf;
      this.eventParts = new ObjectNode[actions.length];
      this.categories = new ArrayNode[actions.length];
      for (int a = 0; a < actions.length; a++) {
        ObjectNode event = F.objectNode();
        event.putArray("category").add("web");
        event.put("action", actions[a][0]);
        event.put("outcome", "success");
        eventParts[a] = event;
        ArrayNode cats = F.arrayNode();
        for (String c : actions[a][2].split(",")) {
          cats.add(c);
        }
        categories[a] = cats;
      }
      service = F.objectNode().put("name", "gateway");
      http = F.objectNode();
      http.putObject("request").put("method", "GET");
      http.putObject("response").put("status_code", 200);
    }

    /**
     * The event of member {@code id} doing action number {@code action} at {@code millis} with a
     * token signed by {@code kid} (null: no token).
     */
    ObjectNode event(long millis, int action, long id, String kid) {
      Member m = members.get(id);
      if (m == null) {
        m = new Member(Long.toString(id), ipOf.apply(id), countryOf.apply(id), actions, categories);
        if (members.size() < MAX_CACHED_MEMBERS) {
          members.put(id, m);
        }
      }
      JsonNode timestamp = F.stringNode(timestamps.text(millis));
      if (kid == null) {
        return WITHOUT_TOKEN.node(
            timestamp,
            eventParts[action],
            service,
            m.user,
            m.source,
            m.url[action],
            http,
            m.data[action]);
      }
      if (!kid.equals(lastKid)) {
        lastKid = kid;
        lastKidNode = F.stringNode(kid);
      }
      long iat = millis / 1000 - 600;
      if (iat != lastIat || iatNode == null) {
        lastIat = iat;
        iatNode = F.numberNode(iat);
        expNode = F.numberNode(iat + 3600);
      }
      ObjectNode token = TOKEN.node(lastKidNode, m.sub, ISSUER_NODE, iatNode, expNode);
      return WITH_TOKEN.node(
          timestamp,
          eventParts[action],
          service,
          m.user,
          m.source,
          m.url[action],
          http,
          token,
          m.data[action]);
    }
  }

  /** A Vault audit request by a person on a path (an export copies key material out). */
  static ObjectNode vault(long millis, String username, String email, String path, String ip) {
    ObjectNode e = F.objectNode();
    String ts = Instant.ofEpochMilli(millis).toString();
    e.put("@timestamp", ts);
    e.put("time", ts);
    e.put("type", "request");
    ObjectNode event = e.putObject("event");
    event.put("dataset", "vault.audit");
    event.put("action", "vault.request");
    e.putObject("service").put("name", "vault");
    ObjectNode auth = e.putObject("auth");
    auth.put("display_name", "oidc-" + username);
    ObjectNode meta = auth.putObject("metadata");
    meta.put("username", username);
    if (email != null) {
      meta.put("email", email);
    }
    ObjectNode req = e.putObject("request");
    req.put("operation", "read");
    req.put("path", path);
    req.put("remote_address", ip);
    e.putObject("user").put("name", username);
    e.putObject("source").put("ip", ip);
    return e;
  }
}
