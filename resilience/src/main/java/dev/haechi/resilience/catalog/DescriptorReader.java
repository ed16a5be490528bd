package dev.haechi.resilience.catalog;

import dev.haechi.core.Durations;
import java.io.Reader;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads the entities of one YAML file (one or more {@code ---}-separated documents) into a {@link
 * ParsedFile}, checking each entity on its own: required fields, names, grades, durations, dates,
 * roles. Problems carry the file and the line of the offending node.
 *
 * <p>Design note: the file is composed into SnakeYAML nodes, never constructed into Java objects,
 * so no YAML tag can instantiate a class, and every node keeps its start mark for error lines.
 */
final class DescriptorReader {
  static final String HAECHI_API = "haechi.dev/v1alpha1";
  static final String ANNOTATION_PREFIX = "haechi.dev/";
  static final Set<String> KNOWN_ANNOTATIONS =
      Set.of(
          "haechi.dev/grade",
          "haechi.dev/rto",
          "haechi.dev/rpo",
          "haechi.dev/placement",
          "haechi.dev/restore-effort",
          "haechi.dev/public-name",
          "haechi.dev/replica-lag");
  private static final Set<String> BACKSTAGE_KINDS =
      Set.of("Component", "Resource", "System", "Group");
  private static final Set<String> HAECHI_KINDS = Set.of("Site", "Zone", "PowerAsset", "Backup");

  /** Backstage's entity name rule; {@link #isValidName} checks it by hand (the reference). */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9](?:[-_.A-Za-z0-9]{0,61}[A-Za-z0-9])?");

  private final String file;
  private ParsedFile out = new ParsedFile();
  private NodeReader nodes;
  private final Map<String, EntityRef> sharedRefs;

  private final boolean fast;

  DescriptorReader(String file) {
    this(file, FAST_BY_DEFAULT);
  }

  /**
   * {@code -Dhaechi.catalog.reader=snakeyaml} reads every file with SnakeYAML (the reference), for
   * comparing the two readers' speed.
   */
  static final boolean FAST_BY_DEFAULT =
      !"snakeyaml".equals(System.getProperty("haechi.catalog.reader"));

  /**
   * @param fast read with {@link FastYaml} when the file is in its subset (else, and when false,
   *     with SnakeYAML)
   */
  DescriptorReader(String file, boolean fast) {
    this(file, fast, null);
  }

  /**
   * @param refs references already parsed, shared by the files of one load (a reference such as
   *     {@code resource:default/db-7} is named from many files; one object each keeps the loaded
   *     catalog small), or null
   */
  DescriptorReader(String file, boolean fast, Map<String, EntityRef> refs) {
    this.file = file;
    this.sharedRefs = refs;
    this.nodes = new NodeReader(file, out, refs);
    this.fast = fast;
  }

  /** SnakeYAML as the catalog reads it: nodes only, no implicit tags, duplicates kept. */
  static Yaml snakeYaml() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(Integer.MAX_VALUE);
    options.setAllowDuplicateKeys(true); // duplicates are reported with their line below
    // No implicit tag resolution: every scalar is read as text and converted here, which also
    // spares a regular-expression match per scalar on large catalogs.
    Resolver plain =
        new Resolver() {
          @Override
          protected void addImplicitResolvers() {}
        };
    return new Yaml(
        new SafeConstructor(options),
        new Representer(new DumperOptions()),
        new DumperOptions(),
        options,
        plain);
  }

  private void document(Node doc) {
    if (doc instanceof MappingNode m) {
      readEntity(m);
    } else if (!(doc instanceof ScalarNode s) || !s.getValue().isEmpty()) {
      skip(NodeReader.line(doc), "not a catalog entity (a YAML " + shape(doc) + ")");
    }
  }

  /** Reads every document of the file; never throws for bad content, problems go in the result. */
  ParsedFile read(Reader reader) {
    Yaml yaml = snakeYaml();
    int documents = 0;
    try {
      for (Node doc : yaml.composeAll(reader)) {
        documents++;
        document(doc);
      }
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String what = e.getProblem() != null ? e.getProblem() : e.getContext();
      int line = m == null ? 0 : m.getLine() + 1;
      if (claimsEntities || documents > 1) {
        out.errors.add(new CatalogProblem(file, line, "YAML syntax error: " + what));
      } else {
        // A file that never said it holds an entity and does not parse is some other text
        // with a .yaml name (a Helm template, a broken CI file): named and skipped, not refused.
        skip(line, "not YAML (" + what + ")");
      }
    } catch (YAMLException e) {
      if (claimsEntities) {
        out.errors.add(new CatalogProblem(file, 0, "YAML error: " + e.getMessage()));
      } else {
        skip(0, "not YAML (" + e.getMessage() + ")");
      }
    }
    return out;
  }

  /**
   * Whether the file's text says it holds catalog entities: a top-level {@code apiVersion} of
   * Backstage or Haechi. Such a file is an entity file even when it does not parse, so a syntax
   * error in it is an error, never a skip (nothing the author meant as an entity is dropped).
   */
  private boolean claimsEntities = true;

  /** Reads the whole text; see {@link #read(Reader)}. */
  ParsedFile read(String text) {
    claimsEntities = CLAIMS_ENTITY.matcher(text).find();
    if (fast && FastYaml.parse(file, text, this::document)) {
      return out;
    }
    if (fast) {
      // the fast reader gave up part way: forget what its documents gave, read it all again
      out = new ParsedFile();
      nodes = new NodeReader(file, out, sharedRefs);
    }
    return read(new java.io.StringReader(text));
  }

  private static final Pattern CLAIMS_ENTITY =
      Pattern.compile("(?m)^apiVersion:\\s*['\"]?(backstage\\.io/|haechi\\.dev/)");

  private void skip(int line, String why) {
    out.skipped.add(new CatalogProblem(file, line, why + ": skipped"));
  }

  private static String shape(Node doc) {
    return doc instanceof ScalarNode ? "text" : "list";
  }

  /** What a mapping document without apiVersion and kind is, for the skip note. */
  private static String nonEntity(Map<String, Node> top) {
    if (top.containsKey("openapi") || top.containsKey("swagger")) {
      return "an OpenAPI document";
    }
    if (top.containsKey("asyncapi")) {
      return "an AsyncAPI document";
    }
    if (top.containsKey("jobs") && (top.containsKey("on") || top.containsKey("true"))) {
      return "a GitHub Actions workflow";
    }
    if (top.containsKey("stages") || top.containsKey("image") && top.containsKey("script")) {
      return "a CI pipeline";
    }
    return "no apiVersion and kind";
  }

  // ---------------------------------------------------------------- entity level

  private void readEntity(MappingNode root) {
    Map<String, Node> top = nodes.mapping(root);
    if (top == null) {
      return;
    }
    if (!isEntity(top)) {
      skip(NodeReader.line(root), "not a catalog entity (" + nonEntity(top) + ")");
      return;
    }
    String apiVersion = nodes.requiredScalar(top, root, "apiVersion");
    String kind = nodes.requiredScalar(top, root, "kind");
    if (apiVersion == null || kind == null) {
      return;
    }
    boolean haechiKind = HAECHI_KINDS.contains(kind);
    boolean backstageKind = BACKSTAGE_KINDS.contains(kind);
    if (!haechiKind && !backstageKind) {
      out.skippedKinds.merge(kind, 1, Integer::sum);
      return;
    }
    if (haechiKind && !apiVersion.equals(HAECHI_API)) {
      nodes.error(top.get("apiVersion"), "kind " + kind + " needs apiVersion " + HAECHI_API);
      return;
    }
    if (backstageKind && !apiVersion.startsWith("backstage.io/")) {
      nodes.error(
          top.get("apiVersion"), "kind " + kind + " needs apiVersion backstage.io/v1alpha1");
      return;
    }
    Node metaNode = top.get("metadata");
    if (!(metaNode instanceof MappingNode)) {
      nodes.error(metaNode == null ? root : metaNode, "metadata must be a mapping with a name");
      return;
    }
    Map<String, Node> meta = nodes.mapping((MappingNode) metaNode);
    if (meta == null) {
      return;
    }
    String name = nodes.requiredScalar(meta, metaNode, "metadata.name");
    if (name == null) {
      return;
    }
    if (!isValidName(name)) {
      nodes.error(
          meta.get("name"), "invalid name '" + name + "' (Backstage names: letters, digits, -_.)");
      return;
    }
    String namespace = nodes.optionalScalar(meta, "namespace", EntityRef.DEFAULT_NAMESPACE);
    Node specNode = top.get("spec");
    Map<String, Node> spec;
    if (specNode == null) {
      spec = Map.of();
    } else if (specNode instanceof MappingNode sm) {
      spec = nodes.mapping(sm);
      if (spec == null) {
        return;
      }
    } else {
      nodes.error(specNode, "spec must be a mapping");
      return;
    }
    Map<String, Node> annotations = Map.of();
    Node annNode = meta.get("annotations");
    if (annNode instanceof MappingNode am) {
      annotations = nodes.mapping(am);
      if (annotations == null) {
        return;
      }
    } else if (annNode != null) {
      nodes.error(annNode, "metadata.annotations must be a mapping");
      return;
    }
    int errorsBefore = out.errors.size();
    Entity e = new Entity(kind, namespace, name, root, spec, annotations);
    switch (kind) {
      case "Component" -> readWorkload(e, WorkloadKind.COMPONENT);
      case "Resource" -> readWorkload(e, WorkloadKind.RESOURCE);
      case "System" -> out.systems.add(new EntityRef("system", namespace, name));
      case "Group" -> out.groups.add(new EntityRef("group", namespace, name));
      case "Site" -> readSite(e);
      case "Zone" -> readZone(e);
      case "PowerAsset" -> readPowerAsset(e);
      default -> readBackup(e);
    }
    if (haechiKind && out.errors.size() == errorsBefore) {
      for (String key : spec.keySet()) {
        if (!e.readSpecKeys.contains(key)) {
          nodes.warn(spec.get(key), "unknown field spec." + key + " on " + kind + " " + name);
        }
      }
    }
  }

  /**
   * Whether a document is meant as an entity: it names an apiVersion or a kind. A document with
   * neither (an OpenAPI file, a workflow, a values file) is not one and is skipped with a note; a
   * document with one of them is held to the entity rules, so a half-written entity is an error.
   */
  private static boolean isEntity(Map<String, Node> top) {
    return top.containsKey("apiVersion") || top.containsKey("kind");
  }

  // "spec." + key for the keys the reader asks for, built once (a concatenation per field of every
  // entity showed in the profile of the 100,000-entity catalog)
  private static final Map<String, String> SPEC_FIELDS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static String specField(String key) {
    return SPEC_FIELDS.computeIfAbsent(key, k -> "spec." + k);
  }

  /** One entity's parts while it is being read. */
  private final class Entity {
    final String kind;
    final String namespace;
    final String name;
    final Node root;
    final Map<String, Node> spec;
    final Map<String, Node> annotations;
    // only Haechi's own kinds are checked for unknown spec fields
    final Set<String> readSpecKeys;
    final FieldLines.Builder fieldLines = new FieldLines.Builder();

    Entity(
        String kind,
        String namespace,
        String name,
        Node root,
        Map<String, Node> spec,
        Map<String, Node> annotations) {
      this.kind = kind;
      this.namespace = namespace;
      this.name = name;
      this.root = root;
      this.spec = spec;
      this.annotations = annotations;
      this.readSpecKeys = HAECHI_KINDS.contains(kind) ? new HashSet<>() : null;
    }

    Node spec(String key) {
      if (readSpecKeys != null) {
        readSpecKeys.add(key);
      }
      Node n = spec.get(key);
      if (n != null) {
        fieldLines.put(specField(key), NodeReader.line(n));
      }
      return n;
    }

    String specScalar(String key) {
      Node n = spec(key);
      return n == null ? null : nodes.scalar(n, "spec." + key);
    }

    String annotation(String key) {
      Node n = annotations.get(key);
      if (n == null) {
        return null;
      }
      fieldLines.put(key, NodeReader.line(n));
      return nodes.scalar(n, key);
    }

    Source source() {
      return new Source(file, NodeReader.line(root), fieldLines.build());
    }

    String label() {
      return kind + " " + name;
    }
  }

  // ---------------------------------------------------------------- kinds

  private void readWorkload(Entity e, WorkloadKind kind) {
    EntityRef self = nodes.intern(new EntityRef(kind.refKind(), e.namespace, e.name));
    for (Map.Entry<String, Node> a : e.annotations.entrySet()) {
      if (a.getKey().startsWith(ANNOTATION_PREFIX) && !KNOWN_ANNOTATIONS.contains(a.getKey())) {
        nodes.warn(a.getValue(), "unknown annotation " + a.getKey() + " on " + e.label());
      }
    }
    int grade = 0;
    String g = e.annotation("haechi.dev/grade");
    if (g != null) {
      if (g.length() == 1 && g.charAt(0) >= '1' && g.charAt(0) <= '4') {
        grade = Integer.parseInt(g);
      } else {
        nodes.error(
            e.annotations.get("haechi.dev/grade"), "grade '" + g + "' must be 1, 2, 3 or 4");
      }
    }
    Duration rto = duration(e, "haechi.dev/rto");
    Duration rpo = duration(e, "haechi.dev/rpo");
    Duration lag = duration(e, "haechi.dev/replica-lag");
    Duration effort = restoreEffort(e);
    String publicName = e.annotation("haechi.dev/public-name");
    List<Placement> placements = placements(e, kind);
    List<EntityRef> dependsOn = new ArrayList<>();
    for (Node n : nodes.sequence(e.spec("dependsOn"), "spec.dependsOn")) {
      EntityRef r = nodes.ref(n, "spec.dependsOn", null, e.namespace);
      if (r != null) {
        dependsOn.add(r);
      }
    }
    for (Node n : nodes.sequence(e.spec("dependencyOf"), "spec.dependencyOf")) {
      EntityRef r = nodes.ref(n, "spec.dependencyOf", null, e.namespace);
      if (r != null) {
        out.dependencyOf.add(new ParsedFile.DependencyOf(self, r, file, NodeReader.line(n)));
      }
    }
    EntityRef system = null;
    Node sys = e.spec("system");
    if (sys != null) {
      system = nodes.ref(sys, "spec.system", "system", e.namespace);
      if (system != null) {
        out.systemRefs.add(new ParsedFile.SystemRef(self, system, file, NodeReader.line(sys)));
      }
    }
    String type = e.specScalar("type");
    out.workloads.add(
        new Workload(
            self,
            kind,
            type,
            grade,
            rto,
            rpo,
            placements,
            dependsOn,
            effort,
            publicName,
            lag == null ? Workload.DEFAULT_REPLICA_LAG : lag,
            system,
            e.source()));
  }

  private List<Placement> placements(Entity e, WorkloadKind kind) {
    String text = e.annotation("haechi.dev/placement");
    if (text == null || text.isBlank()) {
      return List.of();
    }
    Node at = e.annotations.get("haechi.dev/placement");
    List<Placement> result = new ArrayList<>();
    for (String part : text.split(",")) {
      String p = part.trim();
      int colon = p.lastIndexOf(':');
      if (colon <= 0 || colon == p.length() - 1) {
        nodes.error(at, "placement '" + p + "' must be ZONE:ROLE");
        continue;
      }
      Role role = Role.parse(p.substring(colon + 1));
      String zone = p.substring(0, colon).trim();
      if (role == null || role.forResources() != (kind == WorkloadKind.RESOURCE)) {
        nodes.error(
            at,
            "placement role '"
                + p.substring(colon + 1)
                + "' is not one of "
                + (kind == WorkloadKind.RESOURCE
                    ? "primary, replica-sync, replica-async (Resource)"
                    : "active, standby (Component)"));
        continue;
      }
      result.add(new Placement(zone, role));
    }
    return result;
  }

  /**
   * {@link #NAME} checked by hand: 1 to 63 characters, ASCII letters and digits at both ends, also
   * {@code -_.} between (a regular-expression match per entity showed in the load profile).
   */
  static boolean isValidName(String s) {
    int n = s.length();
    if (n == 0 || n > 63 || !isAsciiAlnum(s.charAt(0)) || !isAsciiAlnum(s.charAt(n - 1))) {
      return false;
    }
    for (int i = 1; i < n - 1; i++) {
      char c = s.charAt(i);
      if (!isAsciiAlnum(c) && c != '-' && c != '_' && c != '.') {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /** True for {@code \\d+(\\.\\d+)?}: digits, optionally a dot and more digits. */
  static boolean isDecimal(String s) {
    int n = s.length();
    int k = 0;
    while (k < n && s.charAt(k) >= '0' && s.charAt(k) <= '9') {
      k++;
    }
    if (k == 0) {
      return false;
    }
    if (k == n) {
      return true;
    }
    if (s.charAt(k) != '.' || k + 1 == n) {
      return false;
    }
    for (k++; k < n; k++) {
      if (s.charAt(k) < '0' || s.charAt(k) > '9') {
        return false;
      }
    }
    return true;
  }

  private Duration restoreEffort(Entity e) {
    String t = e.annotation("haechi.dev/restore-effort");
    if (t == null) {
      return null;
    }
    String s = t.trim();
    try {
      if (isDecimal(s)) {
        return Duration.ofSeconds(Math.round(Double.parseDouble(s) * 3600));
      }
      return Durations.parse(s);
    } catch (IllegalArgumentException ex) {
      nodes.error(
          e.annotations.get("haechi.dev/restore-effort"),
          "restore-effort '" + t + "' must be crew-hours (e.g. 8) or a duration (e.g. 8h)");
      return null;
    }
  }

  private void readSite(Entity e) {
    String region = e.specScalar("region");
    out.sites.add(new Site(e.name, region, e.source()));
  }

  private void readZone(Entity e) {
    String site = e.specScalar("site");
    if (site == null) {
      nodes.error(e.root, "Zone " + e.name + " needs spec.site");
    }
    String type = e.specScalar("type");
    String parent = e.specScalar("parent");
    out.zones.add(new Zone(e.name, site, type, parent, e.source()));
  }

  private void readPowerAsset(Entity e) {
    String type = e.specScalar("type");
    if (type == null) {
      nodes.error(
          e.root, "PowerAsset " + e.name + " needs spec.type (one of " + PowerAsset.TYPES + ")");
    } else if (!PowerAsset.TYPES.contains(type)) {
      nodes.error(
          e.spec.get("type"),
          "unknown power asset type '" + type + "' (one of " + PowerAsset.TYPES + ")");
    }
    String chemistry = e.specScalar("chemistry");
    if (chemistry != null
        && !(chemistry.startsWith("li-ion")
            || chemistry.equals("vrla")
            || chemistry.equals("none"))) {
      nodes.error(
          e.spec.get("chemistry"),
          "unknown chemistry '" + chemistry + "' (li-ion-*, vrla or none)");
    }
    String zone = e.specScalar("zone");
    List<String> feeds = new ArrayList<>();
    for (Node n : nodes.sequence(e.spec("feeds"), "spec.feeds")) {
      String z = nodes.scalar(n, "spec.feeds");
      if (z != null) {
        feeds.add(z);
      }
    }
    LocalDate manufactured = date(e, "manufactured");
    LocalDate installed = date(e, "installed");
    LocalDate warrantyEnd = date(e, "warrantyEnd");
    int life = 0;
    String lifeText = e.specScalar("ratedLifeYears");
    if (lifeText != null) {
      if (lifeText.matches("\\d{1,3}")) {
        life = Integer.parseInt(lifeText);
      } else {
        nodes.error(
            e.spec.get("ratedLifeYears"), "ratedLifeYears '" + lifeText + "' must be whole years");
      }
    }
    Inspection inspection = null;
    Node insp = e.spec("lastInspection");
    if (insp != null) {
      Map<String, Node> m = insp instanceof MappingNode mn ? nodes.mapping(mn) : null;
      if (m == null) {
        nodes.error(insp, "spec.lastInspection must be a mapping {date, result}");
      } else {
        inspection =
            new Inspection(
                nodes.dateValue(m.get("date"), "spec.lastInspection.date"),
                nodes.optionalScalar(m, "result", null));
      }
    }
    List<Recommendation> recommendations = new ArrayList<>();
    for (Node n : nodes.sequence(e.spec("recommendations"), "spec.recommendations")) {
      Map<String, Node> m = n instanceof MappingNode mn ? nodes.mapping(mn) : null;
      if (m == null) {
        nodes.error(n, "a recommendation must be a mapping {date, by, action, status}");
        continue;
      }
      recommendations.add(
          new Recommendation(
              nodes.dateValue(m.get("date"), "recommendation date"),
              nodes.optionalScalar(m, "by", null),
              nodes.optionalScalar(m, "action", null),
              nodes.optionalScalar(m, "status", "open"),
              NodeReader.line(n)));
    }
    out.powerAssets.add(
        new PowerAsset(
            e.name,
            type,
            chemistry,
            zone,
            feeds,
            manufactured,
            installed,
            life,
            warrantyEnd,
            inspection,
            recommendations,
            e.source(),
            restoreEffort(e)));
  }

  private void readBackup(Entity e) {
    Node ofNode = e.spec("of");
    EntityRef of = null;
    if (ofNode == null) {
      nodes.error(e.root, "Backup " + e.name + " needs spec.of (the entity it copies)");
    } else {
      of = nodes.ref(ofNode, "spec.of", "resource", e.namespace);
    }
    String zone = e.specScalar("zone");
    if (zone == null) {
      nodes.error(e.root, "Backup " + e.name + " needs spec.zone (where the copy is kept)");
    }
    Duration interval = null;
    String iv = e.specScalar("interval");
    if (iv != null) {
      try {
        interval = Durations.parse(iv);
      } catch (IllegalArgumentException ex) {
        nodes.error(e.spec.get("interval"), ex.getMessage());
      }
    }
    Instant lastSuccess = null;
    String ls = e.specScalar("lastSuccess");
    if (ls != null) {
      lastSuccess = nodes.instant(ls, e.spec.get("lastSuccess"), "spec.lastSuccess");
    }
    LocalDate restoreTest = date(e, "lastRestoreTest");
    String imm = e.specScalar("immutable");
    boolean immutable = false;
    if (imm != null) {
      if (imm.equals("true") || imm.equals("false")) {
        immutable = imm.equals("true");
      } else {
        nodes.error(e.spec.get("immutable"), "spec.immutable must be true or false");
      }
    }
    if (of != null) {
      out.backups.add(
          new Backup(e.name, of, zone, interval, lastSuccess, restoreTest, immutable, e.source()));
    }
  }

  // ---------------------------------------------------------------- values

  private Duration duration(Entity e, String annotation) {
    String t = e.annotation(annotation);
    if (t == null) {
      return null;
    }
    try {
      return Durations.parse(t);
    } catch (IllegalArgumentException ex) {
      nodes.error(e.annotations.get(annotation), annotation + ": " + ex.getMessage());
      return null;
    }
  }

  private LocalDate date(Entity e, String key) {
    Node n = e.spec(key);
    return n == null ? null : nodes.dateValue(n, "spec." + key);
  }
}
