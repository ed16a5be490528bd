package dev.haechi.detection.event;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Sysmon's {@code Hashes} field rebuilt from ECS hash fields, for the {@code ecs} pipeline, which
 * maps {@code Hashes} to this derived field ({@value #FIELD}): for each of {@code process}, {@code
 * dll} and {@code file} that has hashes, one value {@code SHA1=…,MD5=…,SHA256=…,IMPHASH=…} in
 * Sysmon's order and spelling (algorithms present only), from {@code <object>.hash.sha1/md5/
 * sha256/sha512} and {@code <object>.pe.imphash}. So {@code Hashes|contains: 'IMPHASH=…'} and
 * {@code Hashes|contains: 'SHA256=…'} keep their exact meaning (pySigma's backends split such
 * values into one field per algorithm with the {@code hashes_fields} transformation; reading the
 * joined form instead keeps every modifier, {@code endswith} and wildcards included, as written).
 * Absent when the event has none of these fields.
 */
public final class EcsHashes implements FieldAccessor {
  /** The event field name the {@code ecs} pipeline maps {@code Hashes} to. */
  public static final String FIELD = "haechi.ecs.hashes";

  public static final EcsHashes INSTANCE = new EcsHashes();

  private static final String[] OBJECTS = {"process", "dll", "file"};
  private static final String[][] ALGORITHMS = {
    {"sha1", "SHA1"}, {"md5", "MD5"}, {"sha256", "SHA256"}, {"sha512", "SHA512"}
  };

  private EcsHashes() {}

  @Override
  public JsonNode find(JsonNode root) {
    List<String> values = new ArrayList<>(1);
    for (String object : OBJECTS) {
      JsonNode o = root.get(object);
      if (o == null || !o.isObject()) {
        continue;
      }
      StringBuilder sb = new StringBuilder();
      JsonNode hash = o.get("hash");
      if (hash != null && hash.isObject()) {
        for (String[] a : ALGORITHMS) {
          append(sb, a[1], hash.get(a[0]));
        }
      }
      JsonNode pe = o.get("pe");
      if (pe != null && pe.isObject()) {
        append(sb, "IMPHASH", pe.get("imphash"));
      }
      if (sb.length() > 0) {
        values.add(sb.toString());
      }
    }
    if (values.isEmpty()) {
      return null;
    }
    if (values.size() == 1) {
      return JsonNodeFactory.instance.stringNode(values.get(0));
    }
    var array = JsonNodeFactory.instance.arrayNode();
    values.forEach(array::add);
    return array;
  }

  private static void append(StringBuilder sb, String name, JsonNode value) {
    if (value != null && value.isValueNode() && !value.isNull() && !value.asString().isEmpty()) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(name).append('=').append(value.asString());
    }
  }
}
