package dev.haechi.detection.pipeline;

import dev.haechi.core.InputException;
import dev.haechi.detection.rules.FieldCondition;
import dev.haechi.detection.rules.LogSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads processing pipelines in pySigma's YAML format ({@code name}, {@code priority}, {@code
 * vars}, {@code transformations}). Supported transformation types: {@code field_name_mapping},
 * {@code field_name_prefix_mapping}, {@code field_name_prefix}, {@code field_name_suffix}, {@code
 * add_condition}, {@code change_logsource}, {@code value_placeholders}, {@code
 * wildcard_placeholders}, {@code rule_failure}; rule conditions of type {@code logsource}. Anything
 * else is rejected by name, with the file and item number, rather than ignored; nothing is taken
 * from a file with an error. Built-in names: {@code windows-evtx}, {@code ecs}.
 */
public final class PipelineLoader {
  private PipelineLoader() {}

  /** A built-in pipeline by name, or a pySigma YAML file by path. */
  public static ProcessingPipeline resolve(String nameOrPath) {
    return switch (nameOrPath) {
      case "windows-evtx" -> WindowsEvtxPipeline.instance();
      case "ecs" -> builtin("ecs.yml");
      default -> load(Path.of(nameOrPath));
    };
  }

  public static ProcessingPipeline load(Path file) {
    try {
      return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new InputException(file.toString(), 0, "cannot read: " + e.getMessage(), e);
    }
  }

  private static ProcessingPipeline builtin(String resource) {
    try (InputStream in = PipelineLoader.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("built-in pipeline resource missing: " + resource);
      }
      return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static YamlPipeline parse(String source, String yaml) {
    Object doc;
    try {
      // A key given twice is an error (as for rules), not silently the last one.
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      doc = new Yaml(new SafeConstructor(options)).load(yaml);
    } catch (YAMLException e) {
      throw new InputException(source, 0, "YAML error: " + e.getMessage());
    }
    if (!(doc instanceof Map<?, ?> map)) {
      throw new InputException(source, 0, "a pipeline must be a YAML map");
    }
    String name = map.get("name") == null ? source : String.valueOf(map.get("name"));
    int priority = map.get("priority") instanceof Number n ? n.intValue() : 0;
    Map<String, List<String>> vars = new LinkedHashMap<>();
    if (map.get("vars") instanceof Map<?, ?> v) {
      v.forEach((k, val) -> vars.put(String.valueOf(k), strings(val)));
    }
    List<PipelineItem> items = new ArrayList<>();
    Object ts = map.get("transformations");
    if (ts != null && !(ts instanceof List<?>)) {
      throw new InputException(source, 0, "'transformations' must be a list");
    }
    int n = 0;
    for (Object t : ts == null ? List.of() : (List<?>) ts) {
      n++;
      if (!(t instanceof Map<?, ?>)) {
        throw new InputException(
            source, 0, "transformation " + n + ": expected a mapping with a type, found " + t);
      }
      try {
        items.add(item((Map<?, ?>) t, vars));
      } catch (IllegalArgumentException | ClassCastException e) {
        throw new InputException(source, 0, "transformation " + n + ": " + e.getMessage());
      }
    }
    return new YamlPipeline(name, priority, items);
  }

  private static PipelineItem item(Map<?, ?> t, Map<String, List<String>> vars) {
    String type = String.valueOf(t.get("type"));
    UnaryOperator<RuleVariant> tr =
        switch (type) {
          case "field_name_mapping" -> {
            Map<String, List<String>> m = mapping(t.get("mapping"));
            yield v -> v.withMapping(m);
          }
          case "field_name_prefix_mapping" -> {
            Map<String, List<String>> m = mapping(t.get("mapping"));
            yield v -> v.withNaming(f -> prefixMapped(f, m));
          }
          case "field_name_prefix" -> {
            String prefix = String.valueOf(t.get("prefix"));
            yield v -> v.withNaming(f -> List.of(prefix + f));
          }
          case "field_name_suffix" -> {
            String suffix = String.valueOf(t.get("suffix"));
            yield v -> v.withNaming(f -> List.of(f + suffix));
          }
          case "add_condition" -> {
            if (!(t.get("conditions") instanceof Map<?, ?> c)) {
              throw new IllegalArgumentException("add_condition needs 'conditions'");
            }
            List<FieldCondition> conds = new ArrayList<>();
            c.forEach(
                (k, val) ->
                    conds.add(
                        new FieldCondition(
                            String.valueOf(k), List.of(), new ArrayList<>(values(val)))));
            yield v -> {
              RuleVariant out = v;
              for (FieldCondition fc : conds) {
                out = out.withCondition(fc);
              }
              return out;
            };
          }
          case "change_logsource" -> {
            String cat = str(t.get("category"));
            String prod = str(t.get("product"));
            String svc = str(t.get("service"));
            yield v ->
                v.withLogsource(
                    new LogSource(
                        cat != null ? cat : v.logsource().category(),
                        prod != null ? prod : v.logsource().product(),
                        svc != null ? svc : v.logsource().service()));
          }
          case "value_placeholders" -> {
            Map<String, List<String>> selected = new LinkedHashMap<>(vars);
            if (t.get("include") != null) {
              selected.keySet().retainAll(strings(t.get("include")));
            }
            if (t.get("exclude") != null) {
              selected.keySet().removeAll(strings(t.get("exclude")));
            }
            yield v -> v.withPlaceholders(selected);
          }
          case "wildcard_placeholders" -> RuleVariant::withWildcardPlaceholders;
          case "rule_failure" -> {
            String message = String.valueOf(t.get("message"));
            yield v -> v.withFailure(message);
          }
          default ->
              throw new IllegalArgumentException("unsupported transformation type '" + type + "'");
        };
    List<LogSourceMatch> conditions = new ArrayList<>();
    Object rc = t.get("rule_conditions");
    if (rc != null) {
      for (Object o : (List<?>) rc) {
        if (!(o instanceof Map<?, ?> c)) {
          throw new IllegalArgumentException(
              "rule_conditions: each item is a map such as {type: logsource, product: …}");
        }
        if (!"logsource".equals(c.get("type"))) {
          throw new IllegalArgumentException(
              "unsupported rule condition type '" + c.get("type") + "'");
        }
        conditions.add(
            new LogSourceMatch(
                str(c.get("category")), str(c.get("product")), str(c.get("service"))));
      }
    }
    if (t.get("field_name_conditions") != null || t.get("detection_item_conditions") != null) {
      throw new IllegalArgumentException(
          "unsupported: field_name_conditions / detection_item_conditions");
    }
    boolean any = "or".equals(str(t.get("rule_cond_op")));
    boolean negate = Boolean.TRUE.equals(t.get("rule_cond_not"));
    return new PipelineItem(str(t.get("id")), tr, conditions, any, negate);
  }

  private static List<String> prefixMapped(String field, Map<String, List<String>> m) {
    for (Map.Entry<String, List<String>> e : m.entrySet()) {
      if (field.startsWith(e.getKey())) {
        String rest = field.substring(e.getKey().length());
        return e.getValue().stream().map(p -> p + rest).toList();
      }
    }
    return List.of(field);
  }

  private static Map<String, List<String>> mapping(Object raw) {
    if (!(raw instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException("'mapping' must be a map");
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(String.valueOf(k), strings(v)));
    return out;
  }

  private static List<String> strings(Object v) {
    if (v instanceof List<?> l) {
      return l.stream().map(String::valueOf).toList();
    }
    return List.of(String.valueOf(v));
  }

  private static List<Object> values(Object v) {
    List<Object> out = new ArrayList<>();
    // a value left empty in YAML is null: the condition then asks for a null field (as in rules)
    for (Object o : v instanceof List<?> l ? l : java.util.Collections.singletonList(v)) {
      out.add(o instanceof Integer i ? Long.valueOf(i) : o);
    }
    return out;
  }

  private static String str(Object o) {
    return o == null ? null : String.valueOf(o);
  }
}
