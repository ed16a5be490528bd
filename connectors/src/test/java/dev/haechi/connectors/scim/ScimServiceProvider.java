package dev.haechi.connectors.scim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A SCIM 2.0 service provider for tests (RFC 7644), on 127.0.0.1 and a free port, holding users in
 * memory: {@code GET /Users} with {@code startIndex}/{@code count} (§3.4.2.4, {@code count} capped
 * at {@link #maxPageSize}) and {@code filter=userName eq "x"} (§3.4.2.2); {@code GET /Users/{id}};
 * {@code PATCH /Users/{id}} with a PatchOp replacing {@code active} (§3.5.2, with or without a
 * path). Every request needs {@code Authorization: Bearer <token>}, else 401 with a SCIM error.
 *
 * <p>Faults for tests: {@link #dieOnListPage} drops the connection without an answer on that list
 * page, and on every request after it, and stops the server (a client's automatic retry of the GET
 * finds it dead too); {@link #overstateTotal} makes {@code totalResults} larger than the users
 * held, so that the last pages come back empty; {@link #answerListWith} sends a fixed body.
 */
public final class ScimServiceProvider implements AutoCloseable {
  public static final String BASE_PATH = "/scim/v2";
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final Pattern USERNAME_EQ =
      Pattern.compile(
          "\\s*userName\\s+eq\\s+\"((?:[^\"\\\\]|\\\\.)*)\"\\s*", Pattern.CASE_INSENSITIVE);

  private final HttpServer server;
  private final String token;
  private final Map<String, ObjectNode> users = Collections.synchronizedMap(new LinkedHashMap<>());
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger listPages = new AtomicInteger();
  private volatile int maxPageSize = 50;
  private volatile int dieOnListPage = -1;
  private volatile int overstateTotal;
  private volatile String fixedListBody;
  private volatile boolean dead;

  private ScimServiceProvider(String token) throws IOException {
    this.token = token;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(BASE_PATH + "/Users", this::handle);
    server.start();
  }

  /** A running provider that accepts {@code token}. */
  public static ScimServiceProvider start(String token) throws IOException {
    return new ScimServiceProvider(token);
  }

  /** {@code scim+http://127.0.0.1:PORT/scim/v2}. */
  public String url() {
    return "scim+http://127.0.0.1:" + server.getAddress().getPort() + BASE_PATH;
  }

  /** Adds a user; returns it for further changes. */
  public ObjectNode addUser(String id, String userName, String email, boolean active) {
    ObjectNode u = JSON.createObjectNode();
    u.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User");
    u.put("id", id);
    u.put("userName", userName);
    if (email != null) {
      ObjectNode e = u.putArray("emails").addObject();
      e.put("value", email);
      e.put("primary", true);
    }
    u.put("active", active);
    ObjectNode meta = u.putObject("meta");
    meta.put("resourceType", "User");
    meta.put("created", "2024-01-02T03:04:05Z");
    meta.put("lastModified", "2024-02-03T04:05:06Z");
    users.put(id, u);
    return u;
  }

  /** Adds a user given as JSON (it must have an {@code id}). */
  public void addUser(JsonNode user) {
    users.put(user.get("id").stringValue(), (ObjectNode) user.deepCopy());
  }

  /** The user as the provider holds it now, or null. */
  public JsonNode user(String id) {
    JsonNode u = users.get(id);
    return u == null ? null : u.deepCopy();
  }

  public ScimServiceProvider maxPageSize(int n) {
    this.maxPageSize = n;
    return this;
  }

  /** Drops the connection unanswered on the {@code page}-th list request (1-based) and stops. */
  public ScimServiceProvider dieOnListPage(int page) {
    this.dieOnListPage = page;
    return this;
  }

  public ScimServiceProvider overstateTotal(int extra) {
    this.overstateTotal = extra;
    return this;
  }

  public ScimServiceProvider answerListWith(String body) {
    this.fixedListBody = body;
    return this;
  }

  /** Requests received, as {@code METHOD /path?query}. */
  public List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String query = ex.getRequestURI().getRawQuery();
      String path = ex.getRequestURI().getRawPath();
      requests.add(ex.getRequestMethod() + " " + path + (query == null ? "" : "?" + query));
      if (!("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        error(ex, 401, null, "bearer token missing or not accepted");
        return;
      }
      String rest = path.substring((BASE_PATH + "/Users").length());
      if (rest.isEmpty() || rest.equals("/")) {
        if (ex.getRequestMethod().equals("GET")) {
          list(ex, params(query));
        } else {
          error(ex, 405, null, "method not allowed");
        }
        return;
      }
      String id = URLDecoder.decode(rest.substring(1), StandardCharsets.UTF_8);
      switch (ex.getRequestMethod()) {
        case "GET" -> {
          JsonNode u = users.get(id);
          if (u == null) {
            error(ex, 404, null, "no user " + id);
          } else {
            send(ex, 200, u);
          }
        }
        case "PATCH" -> patch(ex, id);
        default -> error(ex, 405, null, "method not allowed");
      }
    }
  }

  private void list(HttpExchange ex, Map<String, String> params) throws IOException {
    int page = listPages.incrementAndGet();
    if (page == dieOnListPage) {
      dead = true;
    }
    if (dead) {
      // No status line, no body: the client sees the connection end mid-listing.
      ex.getResponseBody().close();
      new Thread(() -> server.stop(0)).start();
      throw new IOException("provider died on list page " + page);
    }
    if (fixedListBody != null) {
      byte[] b = fixedListBody.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/scim+json");
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
      return;
    }
    List<ObjectNode> matching = new ArrayList<>();
    String filter = params.get("filter");
    String userName = null;
    if (filter != null) {
      Matcher m = USERNAME_EQ.matcher(filter);
      if (!m.matches()) {
        error(ex, 400, "invalidFilter", "only 'userName eq \"x\"' is supported");
        return;
      }
      userName = m.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
    }
    synchronized (users) {
      for (ObjectNode u : users.values()) {
        if (userName == null || u.path("userName").asString("").equalsIgnoreCase(userName)) {
          matching.add(u.deepCopy());
        }
      }
    }
    int start = Math.max(1, intParam(params, "startIndex", 1));
    int count = Math.max(0, Math.min(maxPageSize, intParam(params, "count", maxPageSize)));
    ObjectNode body = JSON.createObjectNode();
    body.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:ListResponse");
    body.put("totalResults", matching.size() + overstateTotal);
    body.put("startIndex", start);
    ArrayNode resources = body.putArray("Resources");
    for (int i = start - 1; i < Math.min(matching.size(), start - 1 + count); i++) {
      resources.add(matching.get(i));
    }
    body.put("itemsPerPage", resources.size());
    send(ex, 200, body);
  }

  private void patch(HttpExchange ex, String id) throws IOException {
    ObjectNode u = users.get(id);
    if (u == null) {
      error(ex, 404, null, "no user " + id);
      return;
    }
    JsonNode op;
    try (InputStream in = ex.getRequestBody()) {
      op = JSON.readTree(in);
    } catch (RuntimeException e) {
      error(ex, 400, "invalidSyntax", "body is not JSON");
      return;
    }
    boolean isPatchOp = false;
    for (JsonNode s : op.path("schemas").values()) {
      isPatchOp |= s.asString("").equals(ScimAccountControl.PATCH_OP);
    }
    if (!isPatchOp || !op.path("Operations").isArray()) {
      error(ex, 400, "invalidSyntax", "not a PatchOp");
      return;
    }
    synchronized (users) {
      for (JsonNode o : op.get("Operations").values()) {
        if (!o.path("op").asString("").equalsIgnoreCase("replace")) {
          error(ex, 400, "invalidValue", "only replace is supported");
          return;
        }
        JsonNode value = o.has("path") ? o.get("value") : o.path("value").get("active");
        String target = o.has("path") ? o.get("path").asString("") : "active";
        if (!target.equals("active") || value == null || !value.isBoolean()) {
          error(ex, 400, "invalidValue", "only a boolean 'active' may be replaced");
          return;
        }
        u.put("active", value.booleanValue());
        ((ObjectNode) u.get("meta")).put("lastModified", "2025-01-01T00:00:00Z");
      }
    }
    send(ex, 200, u);
  }

  private static Map<String, String> params(String rawQuery) {
    Map<String, String> out = new LinkedHashMap<>();
    if (rawQuery == null) {
      return out;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  private static int intParam(Map<String, String> params, String name, int dflt) {
    String v = params.get(name);
    try {
      return v == null ? dflt : Integer.parseInt(v);
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  private static void error(HttpExchange ex, int status, String scimType, String detail)
      throws IOException {
    ObjectNode e = JSON.createObjectNode();
    e.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:Error");
    e.put("status", Integer.toString(status));
    if (scimType != null) {
      e.put("scimType", scimType);
    }
    e.put("detail", detail);
    send(ex, status, e);
  }

  private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] b = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/scim+json");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }
}
