package dev.haechi.exercise.run;

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
    private String prefix;

    String text(long millis) {
      long sec = Math.floorDiv(millis, 1000);
      int ms = Math.floorMod(millis, 1000);
      if (sec != second) {
        String full = Instant.ofEpochSecond(sec).toString(); // "…:45Z"
        if (full.length() != 20) {
          return Instant.ofEpochMilli(millis).toString(); // outside 0000–9999: not cached
        }
        second = sec;
        prefix = full.substring(0, 19);
      }
      if (ms == 0) {
        return prefix + "Z";
      }
      char[] c = new char[25];
      prefix.getChars(0, 19, c, 0);
      c[19] = '.';
      c[20] = (char) ('0' + ms / 100);
      c[21] = (char) ('0' + ms / 10 % 10);
      c[22] = (char) ('0' + ms % 10);
      c[23] = 'Z';
      return new String(c, 0, 24);
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

    /** One member's shared parts. */
    private static final class Member {
      final String sid;
      final ObjectNode user;
      final ObjectNode source;
      final ObjectNode[] url;
      final ObjectNode[] data;
      JsonNode sub;

      Member(String sid, ObjectNode user, ObjectNode source, int actions) {
        this.sid = sid;
        this.user = user;
        this.source = source;
        this.url = new ObjectNode[actions];
        this.data = new ObjectNode[actions];
      }
    }

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
        String sid = Long.toString(id);
        ObjectNode user = F.objectNode().put("id", sid);
        ObjectNode source = F.objectNode();
        source.put("ip", ipOf.apply(id));
        source.putObject("geo").put("country_iso_code", countryOf.apply(id));
        m = new Member(sid, user, source, actions.length);
        if (members.size() < MAX_CACHED_MEMBERS) {
          members.put(id, m);
        }
      }
      ObjectNode url = m.url[action];
      if (url == null) {
        url = F.objectNode().put("path", actions[action][1].replace("%s", m.sid));
        m.url[action] = url;
      }
      ObjectNode data = m.data[action];
      if (data == null) {
        data = F.objectNode();
        data.putArray("subject_ids").add(m.sid);
        data.set("categories", categories[action]);
        m.data[action] = data;
      }
      JsonNode timestamp = F.stringNode(timestamps.text(millis));
      if (kid == null) {
        return WITHOUT_TOKEN.node(
            timestamp, eventParts[action], service, m.user, m.source, url, http, data);
      }
      if (!kid.equals(lastKid)) {
        lastKid = kid;
        lastKidNode = F.stringNode(kid);
      }
      if (m.sub == null) {
        m.sub = F.stringNode(m.sid);
      }
      long iat = millis / 1000 - 600;
      ObjectNode token =
          TOKEN.node(lastKidNode, m.sub, ISSUER_NODE, F.numberNode(iat), F.numberNode(iat + 3600));
      return WITH_TOKEN.node(
          timestamp, eventParts[action], service, m.user, m.source, url, http, token, data);
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
