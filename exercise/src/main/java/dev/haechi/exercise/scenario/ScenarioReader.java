package dev.haechi.exercise.scenario;

import dev.haechi.core.Durations;
import dev.haechi.core.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a scenario (FORMATS.md §6) and checks its structure: every key known, every value of the
 * right kind, inject ids unique, offsets inside the duration, expectations naming injects of the
 * right kind. Errors are {@link InputException}s naming the document, the line and the path inside
 * it ({@code spec.injects[1].with.kid}). References to the world are checked later, before anything
 * runs ({@code World.check}).
 */
public final class ScenarioReader {
  static final String API_VERSION = "haechi.dev/v1alpha1";
  private static final Pattern TECHNIQUE = Pattern.compile("T\\d{4}(\\.\\d{3})?");
  private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");
  private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(?:/\\s*([smhd]))?");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final String source;
  private final Path baseDir;

  private ScenarioReader(String source, Path baseDir) {
    this.source = source;
    this.baseDir = baseDir;
  }

  /** Reads a scenario file; world paths are relative to its folder. */
  public static Scenario read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InputException(file.toString(), 0, "cannot read: " + e.getMessage());
    }
    Path dir = file.toAbsolutePath().getParent();
    return parse(text, file.toString(), dir);
  }

  /**
   * Reads a scenario from text.
   *
   * @param source the document's name in messages
   * @param baseDir the folder world paths are relative to
   */
  public static Scenario parse(String text, String source, Path baseDir) {
    return new ScenarioReader(source, baseDir).scenario(text);
  }

  private Scenario scenario(String text) {
    Node root;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      options.setMaxAliasesForCollections(10);
      root =
          new Yaml(
                  new SafeConstructor(options),
                  new org.yaml.snakeyaml.representer.Representer(
                      new org.yaml.snakeyaml.DumperOptions()),
                  new org.yaml.snakeyaml.DumperOptions(),
                  options)
              .compose(new java.io.StringReader(text));
    } catch (YAMLException e) {
      throw new InputException(source, 0, "not valid YAML: " + oneLine(e.getMessage()));
    }
    if (root == null) {
      throw new InputException(source, 0, "empty document");
    }
    Map<String, Node> top = mapping(root, "", Set.of("apiVersion", "kind", "metadata", "spec"));
    String apiVersion = requiredString(top, "", "apiVersion", root);
    if (!API_VERSION.equals(apiVersion)) {
      throw error(top.get("apiVersion"), "apiVersion", "must be " + API_VERSION);
    }
    if (!"Scenario".equals(requiredString(top, "", "kind", root))) {
      throw error(top.get("kind"), "kind", "must be Scenario");
    }
    Node metaNode = required(top, "", "metadata", root);
    Map<String, Node> meta =
        mapping(metaNode, "metadata", Set.of("name", "title", "description", "labels"));
    String name = requiredString(meta, "metadata", "name", metaNode);
    if (!ID.matcher(name).matches()) {
      throw error(meta.get("name"), "metadata.name", "use letters, digits, '.', '_' and '-'");
    }
    String title = optionalString(meta, "metadata", "title");
    Node specNode = required(top, "", "spec", root);
    Map<String, Node> spec =
        mapping(
            specNode,
            "spec",
            Set.of(
                "world",
                "start",
                "duration",
                "seed",
                "background",
                "injects",
                "expect",
                "rules",
                "reference",
                "planner",
                "description"));
    Scenario.WorldSpec world = world(required(spec, "spec", "world", specNode));
    Instant start = instant(required(spec, "spec", "start", specNode), "spec.start");
    Duration duration = duration(required(spec, "spec", "duration", specNode), "spec.duration");
    if (duration.isZero() || duration.compareTo(Duration.ofDays(3660)) > 0) {
      throw error(spec.get("duration"), "spec.duration", "must be above 0 and at most 3660d");
    }
    long seed = spec.containsKey("seed") ? integer(spec.get("seed"), "spec.seed", false) : 0L;
    Scenario.Background background =
        spec.containsKey("background")
            ? background(spec.get("background"))
            : new Scenario.Background(0, List.of("KR"), null);
    List<Inject> injects = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    if (spec.containsKey("injects")) {
      List<Node> items = sequence(spec.get("injects"), "spec.injects");
      for (int i = 0; i < items.size(); i++) {
        Inject inj = inject(items.get(i), "spec.injects[" + i + "]", duration);
        if (!ids.add(inj.id())) {
          throw error(items.get(i), inj.path() + ".id", "'" + inj.id() + "' is used twice");
        }
        injects.add(inj);
      }
    }
    List<Expectation> expectations = new ArrayList<>();
    if (spec.containsKey("expect")) {
      List<Node> items = sequence(spec.get("expect"), "spec.expect");
      for (int i = 0; i < items.size(); i++) {
        expectations.add(expectation(items.get(i), "spec.expect[" + i + "]", injects));
      }
    }
    List<Path> rules = new ArrayList<>();
    if (spec.containsKey("rules")) {
      List<Node> items = sequence(spec.get("rules"), "spec.rules");
      for (int i = 0; i < items.size(); i++) {
        String p = scalar(items.get(i), "spec.rules[" + i + "]");
        Path resolved = resolve(p);
        if (!Files.exists(resolved)) {
          throw error(items.get(i), "spec.rules[" + i + "]", "no such file or folder: " + resolved);
        }
        rules.add(resolved);
      }
    }
    Scenario.Reference reference =
        spec.containsKey("reference") ? reference(spec.get("reference")) : null;
    Duration plannerLimit = Duration.ofSeconds(5);
    if (spec.containsKey("planner")) {
      Map<String, Node> planner = mapping(spec.get("planner"), "spec.planner", Set.of("timeLimit"));
      if (planner.containsKey("timeLimit")) {
        plannerLimit = duration(planner.get("timeLimit"), "spec.planner.timeLimit");
        if (plannerLimit.isZero() || plannerLimit.compareTo(Duration.ofMinutes(10)) > 0) {
          throw error(
              planner.get("timeLimit"),
              "spec.planner.timeLimit",
              "must be above 0 and at most 10m");
        }
      }
    }
    return new Scenario(
        name,
        title == null ? name : title,
        source,
        world,
        start,
        duration,
        seed,
        background,
        injects,
        expectations,
        rules,
        reference,
        plannerLimit);
  }

  private Scenario.WorldSpec world(Node node) {
    Map<String, Node> m = mapping(node, "spec.world", Set.of("identity", "catalog", "members"));
    Path identity = null;
    Path catalog = null;
    if (m.containsKey("identity")) {
      identity = directory(m.get("identity"), "spec.world.identity");
    }
    if (m.containsKey("catalog")) {
      catalog = directory(m.get("catalog"), "spec.world.catalog");
    }
    if (identity == null && catalog == null) {
      throw error(node, "spec.world", "name an identity directory, a catalog, or both");
    }
    Long from = null;
    Long to = null;
    if (m.containsKey("members")) {
      Map<String, Node> mem = mapping(m.get("members"), "spec.world.members", Set.of("from", "to"));
      from =
          integer(
              required(mem, "spec.world.members", "from", m.get("members")),
              "spec.world.members.from",
              false);
      to =
          integer(
              required(mem, "spec.world.members", "to", m.get("members")),
              "spec.world.members.to",
              false);
      if (to < from) {
        throw error(mem.get("to"), "spec.world.members.to", "is below from (" + from + ")");
      }
    }
    return new Scenario.WorldSpec(identity, catalog, from, to);
  }

  private Path directory(Node node, String path) {
    Path p = resolve(scalar(node, path));
    if (!Files.isDirectory(p)) {
      throw error(node, path, "no such folder: " + p);
    }
    return p;
  }

  private Path resolve(String p) {
    Path given = Path.of(p);
    return given.isAbsolute() || baseDir == null ? given : baseDir.resolve(given).normalize();
  }

  private Scenario.Background background(Node node) {
    Map<String, Node> m = mapping(node, "spec.background", Set.of("gateway"));
    if (!m.containsKey("gateway")) {
      return new Scenario.Background(0, List.of("KR"), null);
    }
    String p = "spec.background.gateway";
    Map<String, Node> g = mapping(m.get("gateway"), p, Set.of("rate", "countries", "kid"));
    double rate = 0;
    if (g.containsKey("rate")) {
      rate = rate(g.get("rate"), p + ".rate");
    }
    List<String> countries =
        g.containsKey("countries")
            ? countries(g.get("countries"), p + ".countries")
            : List.of("KR");
    String kid = optionalString(g, p, "kid");
    return new Scenario.Background(rate, countries, kid);
  }

  private double rate(Node node, String path) {
    String t = scalar(node, path).trim();
    var m = RATE.matcher(t);
    if (!m.matches()) {
      throw error(node, path, "'" + t + "' is not a rate (e.g. 2/s, 300/m, 1000/h)");
    }
    double n = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    double perSecond =
        switch (unit) {
          case "s" -> n;
          case "m" -> n / 60;
          case "h" -> n / 3600;
          default -> n / 86_400;
        };
    if (perSecond > 1_000_000) {
      throw error(node, path, "at most 1000000/s");
    }
    return perSecond;
  }

  private Inject inject(Node node, String path, Duration scenarioDuration) {
    Map<String, Node> m = mapping(node, path, Set.of("id", "at", "type", "technique", "with"));
    String id = requiredString(m, path, "id", node);
    if (!ID.matcher(id).matches()) {
      throw error(m.get("id"), path + ".id", "use letters, digits, '.', '_' and '-'");
    }
    Duration at = duration(required(m, path, "at", node), path + ".at");
    if (at.compareTo(scenarioDuration) >= 0) {
      throw error(
          m.get("at"),
          path + ".at",
          Durations.format(at)
              + " is not inside the scenario's duration ("
              + Durations.format(scenarioDuration)
              + ")");
    }
    String typeName = requiredString(m, path, "type", node);
    InjectType type = InjectType.parseOrNull(typeName);
    if (type == null) {
      throw error(
          m.get("type"),
          path + ".type",
          "unknown inject type '"
              + typeName
              + "' (known: "
              + String.join(", ", InjectType.labels())
              + ")");
    }
    String technique = optionalString(m, path, "technique");
    if (technique != null) {
      technique = technique.toUpperCase(Locale.ROOT);
      if (!TECHNIQUE.matcher(technique).matches()) {
        throw error(
            m.get("technique"),
            path + ".technique",
            "not an ATT&CK technique ID (T1606, T1550.001)");
      }
    } else {
      technique = type.defaultTechnique();
    }
    Map<String, Object> with = new LinkedHashMap<>();
    Map<String, Node> w =
        m.containsKey("with") ? mapping(m.get("with"), path + ".with", type.keys()) : Map.of();
    for (String req : type.required()) {
      if (!w.containsKey(req)) {
        throw error(
            m.containsKey("with") ? m.get("with") : node,
            path + ".with",
            "needs '" + req + "' for " + type.label());
      }
    }
    for (Map.Entry<String, Node> e : w.entrySet()) {
      String p = path + ".with." + e.getKey();
      Node v = e.getValue();
      Object value =
          switch (e.getKey()) {
            case "count", "crews", "per-request" -> positive(v, p);
            case "from" -> integer(v, p, false);
            case "every" -> positiveDuration(v, p);
            case "countries" -> countries(v, p);
            case "nonexistent-share" -> share(v, p);
            default -> scalar(v, p);
          };
      with.put(e.getKey(), value);
    }
    if (type.category() == InjectType.Category.FAILURE
        && (w.containsKey("zone") == w.containsKey("asset"))) {
      throw error(node, path + ".with", "name exactly one of 'zone' or 'asset'");
    }
    if (type.category() == InjectType.Category.ATTACK && type != InjectType.VAULT_EXPORT) {
      long count = with.get("count") instanceof Long c ? c : defaultCount(type);
      Duration every = with.get("every") instanceof Duration d ? d : Duration.ofSeconds(10);
      Duration span = every.multipliedBy(Math.max(0, count - 1));
      if (count > 10_000_000) {
        throw error(w.get("count"), path + ".with.count", "at most 10000000");
      }
      if (at.plus(span).compareTo(scenarioDuration) >= 0) {
        throw error(
            node,
            path,
            "its last request at "
                + Durations.format(at.plus(span))
                + " (at + (count-1) × every) is not inside the scenario's duration ("
                + Durations.format(scenarioDuration)
                + ")");
      }
    }
    return new Inject(id, at, type, technique, with, path, line(node));
  }

  /** How many requests an attack inject makes when {@code count} is not given. */
  public static long defaultCount(InjectType type) {
    return switch (type) {
      case ENUMERATION -> 500;
      case BULK_DISCLOSURE -> 50;
      default -> 100;
    };
  }

  private Expectation expectation(Node node, String path, List<Inject> injects) {
    Map<String, Node> m =
        mapping(node, path, Set.of("inject", "detectWithin", "restoreGrade", "within", "outcome"));
    String id = requiredString(m, path, "inject", node);
    Inject inj = injects.stream().filter(i -> i.id().equals(id)).findFirst().orElse(null);
    if (inj == null) {
      throw error(m.get("inject"), path + ".inject", "no inject has the id '" + id + "'");
    }
    Duration detect =
        m.containsKey("detectWithin")
            ? duration(m.get("detectWithin"), path + ".detectWithin")
            : null;
    Integer grade =
        m.containsKey("restoreGrade")
            ? (int) (long) positive(m.get("restoreGrade"), path + ".restoreGrade")
            : null;
    Duration within = m.containsKey("within") ? duration(m.get("within"), path + ".within") : null;
    String outcome = optionalString(m, path, "outcome");
    if (detect != null && inj.type().category() != InjectType.Category.ATTACK) {
      throw error(
          m.get("detectWithin"),
          path + ".detectWithin",
          "inject '" + id + "' is a " + inj.type().label() + ", not an attack");
    }
    if (grade != null || within != null) {
      if (inj.type().category() != InjectType.Category.FAILURE) {
        throw error(
            node,
            path,
            "restoreGrade/within need a failure inject; '" + id + "' is a " + inj.type().label());
      }
      if (grade == null || within == null) {
        throw error(node, path, "restoreGrade and within go together");
      }
      if (grade > 4) {
        throw error(m.get("restoreGrade"), path + ".restoreGrade", "grades are 1 to 4");
      }
    }
    if (outcome != null) {
      if (!List.of("prevented", "detected", "logged", "missed", "impact").contains(outcome)) {
        throw error(
            m.get("outcome"),
            path + ".outcome",
            "one of prevented, detected, logged, missed, impact");
      }
      if (!inj.type().scored()) {
        throw error(m.get("outcome"), path + ".outcome", "inject '" + id + "' is not scored");
      }
    }
    if (detect == null && grade == null && outcome == null) {
      throw error(
          node, path, "say what is expected: detectWithin, restoreGrade + within, or outcome");
    }
    return new Expectation(id, detect, grade, within, outcome, path, line(node));
  }

  private Scenario.Reference reference(Node node) {
    String p = "spec.reference";
    Map<String, Node> m = mapping(node, p, Set.of("dwell", "systems", "curve", "note"));
    Duration dwell = m.containsKey("dwell") ? duration(m.get("dwell"), p + ".dwell") : null;
    int systems =
        m.containsKey("systems") ? (int) (long) positive(m.get("systems"), p + ".systems") : 0;
    List<Scenario.CurvePoint> curve = new ArrayList<>();
    if (m.containsKey("curve")) {
      List<Node> items = sequence(m.get("curve"), p + ".curve");
      for (int i = 0; i < items.size(); i++) {
        String ip = p + ".curve[" + i + "]";
        Map<String, Node> pt = mapping(items.get(i), ip, Set.of("after", "restored"));
        Duration after = duration(required(pt, ip, "after", items.get(i)), ip + ".after");
        long restored =
            integer(required(pt, ip, "restored", items.get(i)), ip + ".restored", false);
        if (systems > 0 && restored > systems) {
          throw error(
              pt.get("restored"), ip + ".restored", "is above reference.systems (" + systems + ")");
        }
        curve.add(new Scenario.CurvePoint(after, (int) restored));
      }
    }
    return new Scenario.Reference(dwell, systems, curve, optionalString(m, p, "note"));
  }

  // --- node helpers ---

  private Map<String, Node> mapping(Node node, String path, Set<String> allowed) {
    if (!(node instanceof MappingNode mn)) {
      throw error(node, path.isEmpty() ? "(document)" : path, "must be a mapping");
    }
    Map<String, Node> out = new LinkedHashMap<>();
    for (NodeTuple t : mn.getValue()) {
      String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
      String kp = path.isEmpty() ? String.valueOf(key) : path + "." + key;
      if (key == null) {
        throw error(t.getKeyNode(), path, "keys must be plain strings");
      }
      if (!allowed.contains(key)) {
        throw error(
            t.getKeyNode(),
            kp,
            "unknown key '"
                + key
                + "' (known here: "
                + String.join(", ", new java.util.TreeSet<>(allowed))
                + ")");
      }
      out.put(key, t.getValueNode());
    }
    return out;
  }

  private List<Node> sequence(Node node, String path) {
    if (!(node instanceof SequenceNode sn)) {
      throw error(node, path, "must be a list");
    }
    return sn.getValue();
  }

  private String scalar(Node node, String path) {
    if (!(node instanceof ScalarNode s)) {
      throw error(node, path, "must be a single value");
    }
    return s.getValue();
  }

  private Node required(Map<String, Node> m, String path, String key, Node parent) {
    Node n = m.get(key);
    if (n == null) {
      throw error(parent, path.isEmpty() ? key : path + "." + key, "is required");
    }
    return n;
  }

  private String requiredString(Map<String, Node> m, String path, String key, Node parent) {
    String p = path.isEmpty() ? key : path + "." + key;
    String v = scalar(required(m, path, key, parent), p);
    if (v.isBlank()) {
      throw error(m.get(key), p, "must not be empty");
    }
    return v.trim();
  }

  private String optionalString(Map<String, Node> m, String path, String key) {
    if (!m.containsKey(key)) {
      return null;
    }
    String v = scalar(m.get(key), path.isEmpty() ? key : path + "." + key);
    return v.isBlank() ? null : v.trim();
  }

  private long integer(Node node, String path, boolean positive) {
    String t = scalar(node, path).trim();
    try {
      long v = Long.parseLong(t);
      if (v < 0 || (positive && v == 0)) {
        throw error(node, path, positive ? "must be above 0" : "must not be negative");
      }
      return v;
    } catch (NumberFormatException e) {
      throw error(node, path, "'" + t + "' is not a whole number");
    }
  }

  private Long positive(Node node, String path) {
    return integer(node, path, true);
  }

  private Double share(Node node, String path) {
    String t = scalar(node, path).trim();
    try {
      double v = Double.parseDouble(t);
      if (!(v >= 0 && v <= 1)) {
        throw error(node, path, "must be between 0 and 1");
      }
      return v;
    } catch (NumberFormatException e) {
      throw error(node, path, "'" + t + "' is not a number between 0 and 1");
    }
  }

  private Duration duration(Node node, String path) {
    String t = scalar(node, path);
    try {
      Duration d = Durations.parse(t);
      if (d.isNegative()) {
        throw error(node, path, "must not be negative");
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw error(node, path, e.getMessage());
    }
  }

  private Duration positiveDuration(Node node, String path) {
    Duration d = duration(node, path);
    if (d.isZero()) {
      throw error(node, path, "must be above 0");
    }
    return d;
  }

  private Instant instant(Node node, String path) {
    String t = scalar(node, path).trim();
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return java.time.LocalDate.parse(t).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException e2) {
        throw error(node, path, "'" + t + "' is not an ISO-8601 date or instant");
      }
    }
  }

  private List<String> countries(Node node, String path) {
    List<Node> items = node instanceof ScalarNode ? List.of(node) : sequence(node, path);
    if (items.isEmpty()) {
      throw error(node, path, "name at least one country");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String c = scalar(items.get(i), path + "[" + i + "]").trim();
      if (!COUNTRY.matcher(c).matches()) {
        throw error(
            items.get(i), path + "[" + i + "]", "'" + c + "' is not an ISO 3166 alpha-2 code");
      }
      out.add(c.toUpperCase(Locale.ROOT));
    }
    return List.copyOf(out);
  }

  private static int line(Node node) {
    return node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
  }

  private InputException error(Node node, String path, String reason) {
    return new InputException(source, line(node), path + ": " + reason);
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").trim();
  }
}
