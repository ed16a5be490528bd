package dev.haechi.detection.identity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Builds gateway access events in the FORMATS.md §2 shape, for tests. */
public final class GatewayEvents {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private final ObjectNode root = MAPPER.createObjectNode();

  private GatewayEvents(Instant at) {
    root.put("@timestamp", at.toString());
    root.putObject("event").putArray("category").add("web");
    root.withObject("event").put("action", "address.list").put("outcome", "success");
    root.putObject("service").put("name", "gateway");
    root.putObject("http").putObject("response").put("status_code", 200);
  }

  public static GatewayEvents at(String instant) {
    return new GatewayEvents(Instant.parse(instant));
  }

  public static GatewayEvents at(Instant instant) {
    return new GatewayEvents(instant);
  }

  /** A member reading their own addresses with a token signed by {@code kid}. */
  public static GatewayEvents member(Instant at, String memberId, String kid, String ip) {
    return at(at).user(memberId).token(kid, memberId).source(ip, "KR").subjects(memberId);
  }

  public GatewayEvents user(String id) {
    root.withObject("user").put("id", id);
    root.withObject("url").put("path", "/api/v1/members/" + id + "/addresses");
    return this;
  }

  public GatewayEvents userName(String name) {
    root.withObject("user").put("name", name);
    return this;
  }

  public GatewayEvents token(String kid, String sub) {
    ObjectNode t = root.withObject("token");
    t.put("kid", kid);
    t.put("sub", sub);
    t.put("iss", "gateway");
    return this;
  }

  public GatewayEvents source(String ip, String country) {
    ObjectNode s = root.withObject("source");
    s.put("ip", ip);
    s.putObject("geo").put("country_iso_code", country);
    return this;
  }

  public GatewayEvents subjects(String... ids) {
    ObjectNode d = root.withObject("data");
    ArrayNode a = d.putArray("subject_ids");
    for (String id : ids) {
      a.add(id);
    }
    d.putArray("categories").add("name").add("phone").add("address");
    return this;
  }

  public GatewayEvents subjects(List<String> ids) {
    return subjects(ids.toArray(new String[0]));
  }

  public String line() {
    return MAPPER.writeValueAsString(root);
  }

  /** {@code n} member IDs starting at {@code first}, as strings. */
  public static List<String> ids(long first, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Long.toString(first + i));
    }
    return out;
  }
}
