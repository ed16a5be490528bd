package dev.haechi.demo.government;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.demo.DemoOptions;
import dev.haechi.demo.DemoOrganisations;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The written catalog, read back with SnakeYAML as any reader would. */
class GovernmentFilesTest {
  @TempDir static Path tmp;
  static List<Map<String, Object>> docs = new ArrayList<>();
  static JsonNode manifest;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void generate() throws IOException {
    DemoOrganisations.generate(tmp, new DemoOptions(11, 0.02, Set.of("government")));
    Path dir = tmp.resolve("government");
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    for (Path f : files) {
      try (Reader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
        for (Object d : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(in)) {
          docs.add((Map<String, Object>) d);
        }
      }
    }
    manifest = JsonMapper.builder().build().readTree(Files.readString(dir.resolve("demo.json")));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Map<String, Object> m, String key) {
    return (Map<String, Object>) m.getOrDefault(key, Map.of());
  }

  static String name(Map<String, Object> d) {
    return (String) map(d, "metadata").get("name");
  }

  static List<Map<String, Object>> kind(String kind) {
    return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
  }

  static String annotation(Map<String, Object> d, String name) {
    return (String) map(map(d, "metadata"), "annotations").get("haechi.dev/" + name);
  }

  static String date(Object yamlDate) {
    return ((Date) yamlDate).toInstant().atZone(ZoneOffset.UTC).toLocalDate().toString();
  }

  @Test
  void every_kind_is_present_including_backstage_kinds_haechi_skips() {
    Set<Object> kinds = new HashSet<>();
    docs.forEach(d -> kinds.add(d.get("kind")));
    assertThat(kinds)
        .containsExactlyInAnyOrder(
            "Component",
            "Resource",
            "System",
            "Group",
            "Site",
            "Zone",
            "PowerAsset",
            "Backup",
            "API",
            "User",
            "Location");
    assertThat(kind("Site"))
        .extracting(GovernmentFilesTest::name)
        .containsExactly("daejeon", "gwangju", "daegu");
  }

  @Test
  @SuppressWarnings("unchecked")
  void every_dependency_resolves_and_the_graph_has_no_cycle() {
    CatalogGraph graph = new CatalogGraph();
    for (String k : List.of("Component", "Resource")) {
      for (Map<String, Object> d : kind(k)) {
        List<String> deps = (List<String>) map(d, "spec").getOrDefault("dependsOn", List.of());
        graph.add(k.toLowerCase() + ":default/" + name(d), deps);
      }
    }
    assertThat(graph.unresolved()).isEmpty();
    assertThat(graph.cycle()).isNull();
  }

  @Test
  void placements_backups_and_feeds_name_declared_zones_with_valid_roles() {
    Set<String> zones = new HashSet<>();
    kind("Zone").forEach(z -> zones.add(name(z)));
    Set<String> resources = new HashSet<>();
    kind("Resource").forEach(r -> resources.add("resource:default/" + name(r)));
    for (Map<String, Object> d : kind("Component")) {
      assertThat(annotation(d, "grade")).isIn("1", "2", "3", "4");
      for (String p : annotation(d, "placement").split(",")) {
        assertThat(zones).contains(p.split(":")[0]);
        assertThat(p.split(":")[1]).isIn("active", "standby");
      }
    }
    for (Map<String, Object> d : kind("Resource")) {
      for (String p : annotation(d, "placement").split(",")) {
        assertThat(zones).contains(p.split(":")[0]);
        assertThat(p.split(":")[1]).isIn("primary", "replica-sync", "replica-async");
      }
    }
    for (Map<String, Object> b : kind("Backup")) {
      assertThat(resources).contains((String) map(b, "spec").get("of"));
      assertThat(zones).contains((String) map(b, "spec").get("zone"));
    }
    for (Map<String, Object> a : kind("PowerAsset")) {
      @SuppressWarnings("unchecked")
      List<String> feeds = (List<String>) map(a, "spec").get("feeds");
      assertThat(zones).containsAll(feeds);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void the_battery_is_past_life_out_of_warranty_and_the_only_feed_of_its_room() {
    String asset = manifest.at("/planted/battery/asset").asString();
    String room = manifest.at("/planted/battery/zone").asString();
    Map<String, Object> spec =
        map(
            kind("PowerAsset").stream()
                .filter(a -> name(a).equals(asset))
                .findFirst()
                .orElseThrow(),
            "spec");
    assertThat(spec)
        .containsEntry("type", "ups-battery")
        .containsEntry("chemistry", "li-ion-ncm")
        .containsEntry("zone", room)
        .containsEntry("ratedLifeYears", 10);
    assertThat(date(spec.get("installed"))).isEqualTo("2014-08-01");
    assertThat((String) map(kind("PowerAsset").get(0), "metadata").get("description"))
        .startsWith("384 Li-ion NCM packs");
    assertThat(date(spec.get("manufactured"))).startsWith("2013");
    assertThat(date(spec.get("warrantyEnd"))).isLessThan("2025");
    assertThat(date(map(spec, "lastInspection").get("date"))).startsWith("2025-06");
    List<Map<String, Object>> recs = (List<Map<String, Object>>) spec.get("recommendations");
    assertThat(recs)
        .anySatisfy(
            r -> assertThat(r).containsEntry("status", "open").containsEntry("action", "replace"));
    assertThat(kind("PowerAsset"))
        .filteredOn(a -> ((List<String>) map(a, "spec").get("feeds")).contains(room))
        .extracting(GovernmentFilesTest::name)
        .containsExactly(asset);
  }

  @Test
  void the_file_store_is_large_unbacked_and_in_the_battery_room() {
    Map<String, Object> store =
        kind("Resource").stream().filter(r -> name(r).equals("g-drive")).findFirst().orElseThrow();
    assertThat(annotation(store, "placement")).isEqualTo("dj-5f-r7:primary");
    assertThat((String) map(store, "metadata").get("description")).contains("858 TB");
    assertThat(kind("Backup"))
        .noneMatch(b -> "resource:default/g-drive".equals(map(b, "spec").get("of")));
  }

  @Test
  void the_inventory_system_runs_in_one_room_and_keeps_its_backup_there() {
    Map<String, Object> inventory =
        kind("Component").stream()
            .filter(c -> name(c).equals("nirs-inventory"))
            .findFirst()
            .orElseThrow();
    assertThat(annotation(inventory, "placement")).isEqualTo("dj-5f-r7:active");
    assertThat(kind("Backup"))
        .filteredOn(b -> "resource:default/nirs-inventory-db".equals(map(b, "spec").get("of")))
        .allSatisfy(b -> assertThat(map(b, "spec")).containsEntry("zone", "dj-5f-r7"))
        .isNotEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void
      every_resource_listed_as_rpo_unachievable_has_no_copy_outside_its_room_or_a_too_slow_backup() {
    Map<String, List<Map<String, Object>>> backupsOf = new HashMap<>();
    kind("Backup")
        .forEach(
            b ->
                backupsOf
                    .computeIfAbsent((String) map(b, "spec").get("of"), k -> new ArrayList<>())
                    .add(b));
    Set<String> listed = new HashSet<>();
    manifest.at("/planted/rpoUnachievable/resources").forEach(r -> listed.add(r.asString()));
    assertThat(listed).contains("g-drive", "nirs-inventory-db");
    for (Map<String, Object> r : kind("Resource")) {
      String[] placement = annotation(r, "placement").split(",");
      String primary = placement[0].split(":")[0];
      boolean copyOutside = false;
      for (int i = 1; i < placement.length; i++) {
        copyOutside |= !placement[i].startsWith(primary + ":");
      }
      boolean tooSlow = false;
      for (Map<String, Object> b :
          backupsOf.getOrDefault("resource:default/" + name(r), List.of())) {
        copyOutside |= !primary.equals(map(b, "spec").get("zone"));
        tooSlow |=
            "30d".equals(map(b, "spec").get("interval")) && "24h".equals(annotation(r, "rpo"));
      }
      assertThat(listed.contains(name(r))).as(name(r)).isEqualTo(!copyOutside || tooSlow);
    }
  }

  @Test
  void counts_in_the_manifest_match_the_files() {
    assertThat(kind("Component")).hasSize(manifest.at("/counts/components").asInt());
    assertThat(kind("Component").stream().filter(c -> "1".equals(annotation(c, "grade"))))
        .hasSize(manifest.at("/counts/grade1").asInt());
    assertThat(kind("Backup")).hasSize(manifest.at("/counts/backups").asInt());
    assertThat(kind("Component"))
        .anySatisfy(c -> assertThat(annotation(c, "public-name")).isEqualTo("정부24"));
    Map<String, String> rpo = new HashMap<>();
    kind("Resource").forEach(r -> rpo.put(name(r), annotation(r, "rpo")));
    manifest
        .at("/planted/monthlyBackupWithDailyRpo/resources")
        .forEach(r -> assertThat(rpo.get(r.asString())).isEqualTo("24h"));
  }
}
