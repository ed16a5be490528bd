package dev.haechi.exercise.run;

import java.time.Instant;
import java.util.List;
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
