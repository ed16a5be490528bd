package dev.haechi.demo.retailer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.demo.DemoOptions;
import dev.haechi.demo.DemoOrganisations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

class GatewayEventsTest {
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final Pattern TIMESTAMP =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
  private static final Set<String> TOP_LEVEL =
      Set.of("@timestamp", "event", "service", "user", "source", "url", "http", "token", "data");

  @TempDir static Path tmp;
  static Path dir;
  static JsonNode manifest;
  static List<String> lines;
  static List<JsonNode> events;
  static long firstMember;
  static long lastMember;
  static String retired;
  static String active;

  @BeforeAll
  static void generate() throws IOException {
    DemoOrganisations.generate(tmp.resolve("a"), new DemoOptions(7, 0.01, Set.of("retailer")));
    dir = tmp.resolve("a/retailer");
    manifest = JSON.readTree(Files.readString(dir.resolve("demo.json")));
    lines = Files.readAllLines(dir.resolve("events/gateway.jsonl"), StandardCharsets.UTF_8);
    events = new ArrayList<>();
    for (String line : lines) {
      events.add(JSON.readTree(line));
    }
    firstMember = Long.parseLong(manifest.at("/members/firstId").asString());
    lastMember = Long.parseLong(manifest.at("/members/lastId").asString());
    retired = manifest.at("/events/keys/retired/0").asString();
    active = manifest.at("/events/keys/active/0").asString();
  }

  @Test
  void same_seed_gives_the_same_bytes_and_another_seed_does_not() throws IOException {
    DemoOrganisations.generate(tmp.resolve("b"), new DemoOptions(7, 0.01, Set.of("retailer")));
    DemoOrganisations.generate(tmp.resolve("c"), new DemoOptions(8, 0.01, Set.of("retailer")));
    byte[] first = Files.readAllBytes(dir.resolve("events/gateway.jsonl"));

    assertThat(Files.readAllBytes(tmp.resolve("b/retailer/events/gateway.jsonl"))).isEqualTo(first);
    assertThat(Files.readAllBytes(tmp.resolve("c/retailer/events/gateway.jsonl")))
        .isNotEqualTo(first);
  }

  @Test
  void the_manifest_lists_the_event_file_and_counts_its_lines() {
    List<String> files = new ArrayList<>();
    manifest.get("files").forEach(f -> files.add(f.asString()));
    assertThat(files).contains("events/gateway.jsonl");
    assertThat(manifest.at("/events/file").asString()).isEqualTo("events/gateway.jsonl");
    assertThat(manifest.at("/events/count").asInt()).isEqualTo(lines.size());
    assertThat(lines.size()).isGreaterThan(9_000);
  }

  @Test
  void every_line_is_a_json_object_with_the_documented_fields() {
    for (JsonNode e : events) {
      assertThat(e.isObject()).isTrue();
      assertThat(names(e)).isSubsetOf(TOP_LEVEL);
      assertThat(e.get("@timestamp").asString()).matches(TIMESTAMP);
      assertThat(e.at("/event/category/0").asString()).isEqualTo("web");
      assertThat(e.at("/event/action").asString()).isNotBlank();
      int status = e.at("/http/response/status_code").asInt();
      assertThat(status).isBetween(200, 599);
      assertThat(e.at("/event/outcome").asString()).isEqualTo(status < 400 ? "success" : "failure");
      assertThat(e.at("/service/name").asString()).isEqualTo("gateway");
      assertThat(e.at("/user/id").asString()).isNotBlank();
      assertThat(e.at("/source/ip").asString()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
      assertThat(e.at("/source/geo/country_iso_code").asString()).matches("[A-Z]{2}");
      assertThat(e.at("/url/path").asString()).startsWith("/");
      assertThat(e.at("/http/request/method").asString()).isIn("GET", "POST", "PUT");
      assertThat(e.at("/data/subject_ids").isArray()).isTrue();
      assertThat(e.at("/data/categories").isArray()).isTrue();
      JsonNode token = e.get("token");
      if (e.at("/event/action").asString().endsWith("login")) {
        assertThat(token).isNull();
      } else {
        assertThat(names(token)).containsExactlyInAnyOrder("kid", "sub", "iss", "iat", "exp");
        assertThat(token.get("iss").asString()).isEqualTo("gateway");
        assertThat(token.get("iat").isIntegralNumber()).isTrue();
        assertThat(token.get("exp").asLong()).isGreaterThan(token.get("iat").asLong());
      }
    }
  }

  @Test
  void events_are_sorted_by_time_within_the_window() {
    String from = manifest.at("/events/from").asString().replace("Z", ".000Z");
    String to = manifest.at("/events/to").asString().replace("Z", ".000Z");
    String previous = from;
    for (JsonNode e : events) {
      String t = e.get("@timestamp").asString();
      assertThat(t).isGreaterThanOrEqualTo(previous).isLessThan(to);
      previous = t;
    }
  }

  @Test
  void the_first_forged_event_is_where_the_ground_truth_says() {
    int line = manifest.at("/events/attack/firstForged/line").asInt();
    JsonNode first = events.get(line - 1);

    assertThat(first.at("/token/kid").asString()).isEqualTo(retired);
    assertThat(first.get("@timestamp").asString())
        .isEqualTo(manifest.at("/events/attack/firstForged/timestamp").asString())
        .isEqualTo("2025-06-24T03:12:45.123Z");
    assertThat(events.subList(0, line - 1))
        .noneMatch(e -> retired.equals(e.at("/token/kid").asString()));
    assertThat(events.stream().filter(e -> retired.equals(e.at("/token/kid").asString())))
        .hasSize(manifest.at("/events/attack/forgedRequests").asInt());
  }

  @Test
  void background_tokens_are_signed_only_with_the_active_key_and_both_keys_are_published()
      throws IOException {
    Set<String> attackSources = new HashSet<>();
    manifest.at("/events/attack/sources").forEach(s -> attackSources.add(s.get("ip").asString()));
    for (JsonNode e : events) {
      if (e.has("token") && !attackSources.contains(e.at("/source/ip").asString())) {
        assertThat(e.at("/token/kid").asString()).isEqualTo(active);
      }
    }
    assertThat(active).isNotEqualTo(retired).isEqualTo("auth-2025-01");
    assertThat(retired).isEqualTo(manifest.at("/planted/signingKey/kid").asString());
    List<String> published = new ArrayList<>();
    JSON.readTree(Files.readString(dir.resolve("jwks/gateway.json")))
        .get("keys")
        .forEach(k -> published.add(k.get("kid").asString()));
    assertThat(published).containsExactlyInAnyOrder(active, retired);
  }

  @Test
  void background_members_exist_and_see_only_their_own_data() {
    for (JsonNode e : events) {
      if (!e.at("/user/roles/0").asString().equals("member")
          || retired.equals(e.at("/token/kid").asString())) {
        continue;
      }
      String id = e.at("/user/id").asString();
      assertThat(exists(id)).as(id).isTrue();
      if (e.has("token")) {
        assertThat(e.at("/token/sub").asString()).isEqualTo(id);
      }
      e.at("/data/subject_ids").forEach(s -> assertThat(s.asString()).isEqualTo(id));
    }
  }

  @Test
  void the_attack_uses_member_ids_that_do_not_exist_and_they_disclose_nothing() {
    int forgedForNonexistent = 0;
    for (JsonNode e : events) {
      if (!retired.equals(e.at("/token/kid").asString())) {
        continue;
      }
      assertThat(e.at("/source/geo/country_iso_code").asString()).isEqualTo("CN");
      if (!exists(e.at("/token/sub").asString())) {
        forgedForNonexistent++;
      }
      String addressed = e.at("/url/path").asString().split("/")[4];
      if (!exists(addressed)) {
        assertThat(e.at("/http/response/status_code").asInt()).isEqualTo(404);
        assertThat(e.at("/data/subject_ids")).isEmpty();
      }
    }
    assertThat(forgedForNonexistent)
        .isPositive()
        .isEqualTo(manifest.at("/events/attack/forgedTokensForNonexistentMembers").asInt());
  }

  @Test
  void one_attack_source_walks_far_more_members_an_hour_than_any_ordinary_principal() {
    Map<String, Set<String>> attack = new HashMap<>();
    Map<String, Set<String>> ordinary = new HashMap<>();
    for (JsonNode e : events) {
      String hour = e.get("@timestamp").asString().substring(0, 13);
      boolean forged = retired.equals(e.at("/token/kid").asString());
      String key = (forged ? e.at("/source/ip") : e.at("/user/id")).asString() + " " + hour;
      Map<String, Set<String>> into = forged ? attack : ordinary;
      e.at("/data/subject_ids")
          .forEach(s -> into.computeIfAbsent(key, k -> new HashSet<>()).add(s.asString()));
    }
    int attackPeak = attack.values().stream().mapToInt(Set::size).max().orElse(0);
    int ordinaryPeak = ordinary.values().stream().mapToInt(Set::size).max().orElse(0);

    assertThat(attackPeak).isGreaterThan(10 * ordinaryPeak);
  }

  @Test
  void privileged_principals_are_current_employees_acting_from_their_usual_countries()
      throws IOException {
    Map<String, Set<String>> usual = new HashMap<>();
    for (JsonNode p : manifest.at("/events/privilegedPrincipals")) {
      Set<String> countries = new HashSet<>();
      p.get("countries").forEach(c -> countries.add(c.asString()));
      usual.put(p.get("userId").asString(), countries);
    }
    Map<String, String> status = new HashMap<>();
    new CsvText(dir.resolve("hr.csv"))
        .rows.forEach(r -> status.put(r.get("email").split("@")[0], r.get("status")));
    assertThat(usual).isNotEmpty();
    usual.keySet().forEach(u -> assertThat(status.get(u)).isEqualTo("active"));
    Set<String> seen = new HashSet<>();
    for (JsonNode e : events) {
      Set<String> countries = usual.get(e.at("/user/id").asString());
      if (countries != null) {
        assertThat(e.at("/user/roles/0").asString()).isEqualTo("admin");
        assertThat(countries).contains(e.at("/source/geo/country_iso_code").asString());
        seen.add(e.at("/user/id").asString());
      }
    }
    assertThat(seen).isEqualTo(usual.keySet());
  }

  private static boolean exists(String memberId) {
    long id = Long.parseLong(memberId);
    return id >= firstMember && id <= lastMember;
  }

  private static Set<String> names(JsonNode node) {
    Set<String> names = new HashSet<>();
    for (Iterator<String> it = node.propertyNames().iterator(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
