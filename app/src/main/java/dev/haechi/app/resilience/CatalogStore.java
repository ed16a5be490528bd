package dev.haechi.app.resilience;

import dev.haechi.app.audit.AuditLog;
import dev.haechi.resilience.catalog.Backup;
import dev.haechi.resilience.catalog.Catalog;
import dev.haechi.resilience.catalog.CatalogLoader;
import dev.haechi.resilience.catalog.LoadedCatalog;
import dev.haechi.resilience.catalog.PowerAsset;
import dev.haechi.resilience.catalog.Workload;
import dev.haechi.resilience.catalog.Zone;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Resilience catalogs in the store, with history. An import is validated whole by the engine's
 * loader first: an invalid catalog is refused with every problem and nothing is stored. Each valid
 * import becomes a new version recording who, when, from where, and which entities were added,
 * removed or changed.
 */
@Component
public class CatalogStore {
  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");
  static final int MAX_FILE_CHARS = 1_000_000;

  /** Most files one catalog import may hold, and most characters in all (issue 12, item 8). */
  static final int MAX_FILES = 5_000;

  static final long MAX_TOTAL_CHARS = 32L << 20;

  private final JdbcTemplate jdbc;
  private final JsonMapper json;
  private final AuditLog audit;
  private final Map<Long, CompiledCatalog> compiled = new ConcurrentHashMap<>();

  private final org.springframework.context.ApplicationEventPublisher events;

  public CatalogStore(
      JdbcTemplate jdbc,
      JsonMapper json,
      AuditLog audit,
      org.springframework.context.ApplicationEventPublisher events) {
    this.jdbc = jdbc;
    this.json = json;
    this.audit = audit;
    this.events = events;
  }

  /**
   * Validates and stores a new version of catalog {@code name}.
   *
   * @param files YAML texts keyed by their path in the catalog
   * @throws dev.haechi.resilience.catalog.CatalogException listing every problem, storing nothing
   * @throws IllegalArgumentException on a bad name or an empty or oversized file set
   */
  @Transactional
  public CatalogVersion importCatalog(
      String actor, String name, String source, Map<String, String> files) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "name: use 1 to 100 lower-case letters, digits and dashes");
    }
    if (files == null || files.isEmpty()) {
      throw new IllegalArgumentException("files: the catalog has no files");
    }
    if (files.size() > MAX_FILES) {
      throw new IllegalArgumentException(
          "files: " + files.size() + " files is over the limit of " + MAX_FILES);
    }
    long total = 0;
    for (var e : files.entrySet()) {
      if (e.getKey() == null || e.getKey().length() > 500) {
        throw new IllegalArgumentException(
            "files: a path is missing or longer than 500 characters");
      }
      total += e.getValue() == null ? 0 : e.getValue().length();
    }
    if (total > MAX_TOTAL_CHARS) {
      throw new IllegalArgumentException(
          "files: " + total + " characters in all is over the limit of " + MAX_TOTAL_CHARS);
    }
    files.forEach(
        (path, text) -> {
          if (text == null || text.length() > MAX_FILE_CHARS) {
            throw new IllegalArgumentException(
                "files: " + path + " is empty or larger than " + MAX_FILE_CHARS + " characters");
          }
        });
    LoadedCatalog loaded = CatalogLoader.load(files);
    Optional<CompiledCatalog> previous = latest(name);
    CatalogVersion.Changes changes =
        previous
            .map(p -> diff(signatures(p.loaded().catalog()), signatures(loaded.catalog())))
            .orElse(
                new CatalogVersion.Changes(
                    new ArrayList<>(signatures(loaded.catalog()).keySet()), List.of(), List.of()));
    int versionNo = previous.map(p -> p.version().version() + 1).orElse(1);
    int entities = signatures(loaded.catalog()).size();
    OffsetDateTime now = OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
    var keys = new GeneratedKeyHolder();
    String changesJson = json.writeValueAsString(changes);
    jdbc.update(
        con -> {
          var ps =
              con.prepareStatement(
                  "INSERT INTO catalog_version (catalog_name, version_no, imported_at,"
                      + " imported_by, source, entity_count, changes_json) VALUES (?, ?, ?, ?, ?,"
                      + " ?, ?)",
                  new String[] {"id"});
          ps.setString(1, name);
          ps.setInt(2, versionNo);
          ps.setObject(3, now);
          ps.setString(4, actor);
          ps.setString(5, source == null ? "" : source);
          ps.setInt(6, entities);
          ps.setString(7, changesJson.length() > 100_000 ? "{\"truncated\":true}" : changesJson);
          return ps;
        },
        keys);
    long id = keys.getKey().longValue();
    List<Object[]> rows = new ArrayList<>();
    new TreeMap<>(files).forEach((path, text) -> rows.add(new Object[] {id, path, text}));
    jdbc.batchUpdate("INSERT INTO catalog_file (version_id, path, content) VALUES (?, ?, ?)", rows);
    audit.append(
        actor,
        "resilience.catalog-imported",
        "catalog:" + name + "@" + versionNo,
        "source="
            + source
            + " entities="
            + entities
            + " added="
            + changes.added().size()
            + " removed="
            + changes.removed().size()
            + " changed="
            + changes.changed().size());
    CatalogVersion version =
        new CatalogVersion(
            id,
            name,
            versionNo,
            now.toInstant(),
            actor,
            source == null ? "" : source,
            entities,
            changes);
    compiled.put(id, new CompiledCatalog(version, loaded));
    events.publishEvent(new CatalogImported(version));
    return version;
  }

  /** The newest version of a catalog, loaded and compiled (cached per version). */
  public Optional<CompiledCatalog> latest(String name) {
    List<CatalogVersion> versions = history(name);
    if (versions.isEmpty()) {
      return Optional.empty();
    }
    CatalogVersion newest = versions.get(0);
    return Optional.of(compiled.computeIfAbsent(newest.id(), id -> compile(newest)));
  }

  /** Every version of a catalog, newest first. */
  public List<CatalogVersion> history(String name) {
    return jdbc.query(
        "SELECT * FROM catalog_version WHERE catalog_name = ? ORDER BY version_no DESC",
        (rs, i) ->
            new CatalogVersion(
                rs.getLong("id"),
                rs.getString("catalog_name"),
                rs.getInt("version_no"),
                rs.getObject("imported_at", OffsetDateTime.class).toInstant(),
                rs.getString("imported_by"),
                rs.getString("source"),
                rs.getInt("entity_count"),
                readChanges(rs.getString("changes_json"))),
        name);
  }

  /** Names of the stored catalogs. */
  public List<String> names() {
    return jdbc.queryForList(
        "SELECT DISTINCT catalog_name FROM catalog_version ORDER BY catalog_name", String.class);
  }

  private CompiledCatalog compile(CatalogVersion version) {
    Map<String, String> files = new LinkedHashMap<>();
    jdbc.query(
        "SELECT path, content FROM catalog_file WHERE version_id = ? ORDER BY path",
        rs -> {
          files.put(rs.getString(1), rs.getString(2));
        },
        version.id());
    return new CompiledCatalog(version, CatalogLoader.load(files));
  }

  private CatalogVersion.Changes readChanges(String text) {
    try {
      return json.readValue(text, CatalogVersion.Changes.class);
    } catch (RuntimeException e) {
      return CatalogVersion.Changes.NONE;
    }
  }

  /** A comparable signature of each entity, leaving out where in which file it was written. */
  static Map<String, String> signatures(Catalog c) {
    Map<String, String> out = new HashMap<>();
    for (Workload w : c.workloads()) {
      out.put(
          w.ref().toString(),
          String.join(
              "|",
              w.kind().toString(),
              String.valueOf(w.type()),
              String.valueOf(w.grade()),
              String.valueOf(w.rto()),
              String.valueOf(w.rpo()),
              w.placements().toString(),
              new TreeSet<>(w.dependsOn().stream().map(Object::toString).toList()).toString(),
              String.valueOf(w.restoreEffort()),
              String.valueOf(w.publicName()),
              String.valueOf(w.replicaLag())));
    }
    for (Zone z : c.zones()) {
      out.put("zone:" + z.name(), z.site() + "|" + z.type() + "|" + z.parent());
    }
    c.sites().forEach(s -> out.put("site:" + s.name(), String.valueOf(s.region())));
    for (PowerAsset a : c.powerAssets()) {
      out.put("asset:" + a.name(), withoutSource(a.toString()));
    }
    for (Backup b : c.backups()) {
      out.put("backup:" + b.name(), withoutSource(b.toString()));
    }
    return out;
  }

  static String withoutSource(String recordText) {
    return recordText.replaceAll("source=Source\\[[^\\]]*\\]", "");
  }

  static CatalogVersion.Changes diff(Map<String, String> before, Map<String, String> after) {
    TreeSet<String> added = new TreeSet<>();
    TreeSet<String> removed = new TreeSet<>();
    TreeSet<String> changed = new TreeSet<>();
    after.forEach(
        (ref, sig) -> {
          String old = before.get(ref);
          if (old == null) {
            added.add(ref);
          } else if (!old.equals(sig)) {
            changed.add(ref);
          }
        });
    before.keySet().stream().filter(ref -> !after.containsKey(ref)).forEach(removed::add);
    return new CatalogVersion.Changes(
        new ArrayList<>(added), new ArrayList<>(removed), new ArrayList<>(changed));
  }
}
