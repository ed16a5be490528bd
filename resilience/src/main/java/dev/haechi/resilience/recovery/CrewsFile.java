package dev.haechi.resilience.recovery;

import dev.haechi.core.InputException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Crews with sites and skills (FORMATS.md §4, extension: {@code plan --crews-file}; the recovery
 * API's {@code crewList}). YAML or JSON:
 *
 * <pre>{@code
 * crews:
 *   - {name: electric, site: daejeon, skills: [power, cooling], count: 2}
 *   - {name: dba, site: daejeon, skills: [database]}
 *   - {name: any, count: 10}            # no site, no skills: takes any task anywhere
 * }</pre>
 *
 * <p>The top level may also be the list itself. {@code name} is required; {@code count} (default 1)
 * makes {@code name-1 … name-N}; {@code site} limits the crew to tasks at that site; {@code skills}
 * to tasks of those kinds (a system's {@code spec.type}, {@code power} or {@code cooling} for a
 * power or cooling asset). Problems name the file and line; nothing is taken from a file with one.
 */
public final class CrewsFile {
  /** Most crews one file may describe (as {@code --crews}). */
  public static final int MAX_CREWS = 10_000;

  private static final Set<String> KEYS = Set.of("name", "site", "skills", "count");

  private CrewsFile() {}

  /**
   * The crews a file describes.
   *
   * @throws InputException naming the file, line and problem
   */
  public static List<Crew> parse(String source, String text) {
    return parse(source, text, null);
  }

  /**
   * The crews a file describes, each {@code site} checked against the catalog's sites.
   *
   * @param sites the catalog's site names, or null not to check
   * @throws InputException naming the file, line and problem
   */
  public static List<Crew> parse(String source, String text, Set<String> sites) {
    Node root;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      root = new Yaml(options).compose(new java.io.StringReader(text));
    } catch (MarkedYAMLException e) {
      throw new InputException(
          source,
          e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1,
          "not YAML or JSON: " + e.getProblem());
    } catch (YAMLException e) {
      throw new InputException(source, 0, "not YAML or JSON: " + e.getMessage());
    }
    if (root == null) {
      throw new InputException(source, 1, "no crews: the file is empty");
    }
    Node list = root;
    if (root instanceof MappingNode m) {
      Map<String, Node> top = mapping(source, m);
      list = top.get("crews");
      if (list == null || top.size() != 1) {
        throw new InputException(source, line(root), "expected one key, crews: a list of crews");
      }
    }
    if (!(list instanceof SequenceNode seq)) {
      throw new InputException(source, line(list), "crews must be a list");
    }
    List<Crew> crews = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Node item : seq.getValue()) {
      if (!(item instanceof MappingNode im)) {
        throw new InputException(
            source, line(item), "a crew must be a mapping {name, site, skills, count}");
      }
      Map<String, Node> m = mapping(source, im);
      for (String k : m.keySet()) {
        if (!KEYS.contains(k)) {
          throw new InputException(
              source, line(m.get(k)), "unknown crew field '" + k + "' (name, site, skills, count)");
        }
      }
      String name = scalar(source, m.get("name"), "name");
      if (name == null || name.isBlank()) {
        throw new InputException(source, line(item), "a crew needs a name");
      }
      String site = scalar(source, m.get("site"), "site");
      if (site != null && site.isBlank()) {
        site = null;
      }
      if (site != null && sites != null && !sites.contains(site.trim())) {
        throw new InputException(
            source,
            line(m.get("site")),
            "site '"
                + site
                + "' is not a site of the catalog ("
                + String.join(", ", new java.util.TreeSet<>(sites))
                + ")");
      }
      Set<String> skills = new LinkedHashSet<>();
      Node sk = m.get("skills");
      if (sk instanceof SequenceNode ss) {
        for (Node s : ss.getValue()) {
          String v = scalar(source, s, "skills");
          if (v != null && !v.isBlank()) {
            skills.add(v.trim());
          }
        }
      } else if (sk != null) {
        String v = scalar(source, sk, "skills");
        if (v != null) {
          for (String part : v.split(",")) {
            if (!part.isBlank()) {
              skills.add(part.trim());
            }
          }
        }
      }
      int count = 1;
      Node cn = m.get("count");
      if (cn != null) {
        String c = scalar(source, cn, "count");
        if (c == null || !c.matches("\\d{1,5}") || Integer.parseInt(c) < 1) {
          throw new InputException(
              source, line(cn), "count '" + c + "' must be a whole number of crews, 1 or more");
        }
        count = Integer.parseInt(c);
      }
      if (crews.size() + count > MAX_CREWS) {
        throw new InputException(source, line(item), "more than " + MAX_CREWS + " crews");
      }
      for (int i = 1; i <= count; i++) {
        String crewName = count == 1 ? name.trim() : name.trim() + "-" + i;
        if (!names.add(crewName)) {
          throw new InputException(source, line(item), "crew " + crewName + " is listed twice");
        }
        crews.add(new Crew(crewName, site == null ? null : site.trim(), skills));
      }
    }
    if (crews.isEmpty()) {
      throw new InputException(source, line(list), "no crews: the list is empty");
    }
    return List.copyOf(crews);
  }

  /**
   * Crews given as values (the recovery API's {@code crewList}), by the same rules as a file.
   *
   * @param source what to name in errors, e.g. {@code crewList}
   * @param sites the catalog's site names, or null not to check
   * @throws InputException naming the item ({@code crewList[2]}) and problem
   */
  public static List<Crew> of(String source, List<Spec> specs, Set<String> sites) {
    if (specs == null || specs.isEmpty()) {
      throw new InputException(source, 0, "no crews: the list is empty");
    }
    List<Crew> crews = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int k = 0; k < specs.size(); k++) {
      Spec s = specs.get(k);
      String at = source + "[" + k + "]";
      if (s == null || s.name() == null || s.name().isBlank()) {
        throw new InputException(at, 0, "a crew needs a name");
      }
      int count = s.count() == null ? 1 : s.count();
      if (count < 1 || crews.size() + count > MAX_CREWS) {
        throw new InputException(
            at, 0, "count must be 1 or more, and " + MAX_CREWS + " crews in all at most");
      }
      Set<String> skills = new LinkedHashSet<>();
      if (s.skills() != null) {
        s.skills().stream()
            .filter(x -> x != null && !x.isBlank())
            .map(String::trim)
            .forEach(skills::add);
      }
      String site = s.site() == null || s.site().isBlank() ? null : s.site().trim();
      if (site != null && sites != null && !sites.contains(site)) {
        throw new InputException(at, 0, "site '" + site + "' is not a site of the catalog");
      }
      for (int i = 1; i <= count; i++) {
        String crewName = count == 1 ? s.name().trim() : s.name().trim() + "-" + i;
        if (!names.add(crewName)) {
          throw new InputException(at, 0, "crew " + crewName + " is listed twice");
        }
        crews.add(new Crew(crewName, site, skills));
      }
    }
    return List.copyOf(crews);
  }

  /** One entry of a crew list: {@code count} crews named after {@code name}. */
  public record Spec(String name, String site, List<String> skills, Integer count) {}

  /** The crews as the API and plan JSON show them: {@code [{name, site, skills}]}. */
  public static List<Map<String, Object>> describe(List<Crew> crews) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Crew c : crews) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", c.name());
      m.put("site", c.site());
      m.put("skills", List.copyOf(new java.util.TreeSet<>(c.skills())));
      out.add(m);
    }
    return out;
  }

  private static Map<String, Node> mapping(String source, MappingNode m) {
    Map<String, Node> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      String k = scalar(source, t.getKeyNode(), "key");
      out.put(k, t.getValueNode());
    }
    return out;
  }

  private static String scalar(String source, Node n, String field) {
    if (n == null) {
      return null;
    }
    if (!(n instanceof ScalarNode s)) {
      throw new InputException(source, line(n), field + " must be a single value");
    }
    return org.yaml.snakeyaml.nodes.Tag.NULL.equals(s.getTag()) ? null : s.getValue();
  }

  private static long line(Node n) {
    return n == null || n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
  }
}
