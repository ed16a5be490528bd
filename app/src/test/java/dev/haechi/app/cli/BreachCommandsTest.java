package dev.haechi.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.demo.DemoOptions;
import dev.haechi.demo.DemoOrganisations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code haechi events import} and {@code haechi breach scope} on the retailer demo: the leaver's
 * key scopes to exactly the members and categories the generator planted ({@code demo.json}).
 */
class BreachCommandsTest {
  @TempDir static Path dir;
  static Path retailer;
  static Path store;

  @BeforeAll
  static void importTheRetailersGatewayEvents() throws Exception {
    Path demo = dir.resolve("demo");
    DemoOrganisations.generate(
        demo, new DemoOptions(DemoOptions.DEFAULT_SEED, 0.05, Set.of("retailer")));
    retailer = demo.resolve("retailer");
    store = dir.resolve("events");
    var o =
        CommandLineTest.run(
            "events",
            "import",
            "--store",
            store.toString(),
            "--format",
            "json",
            retailer.resolve("events/gateway.jsonl").toString());
    assertThat(o.code()).as(o.err()).isZero();
  }

  @Test
  void scope_by_the_leavers_key_gives_exactly_the_planted_members_and_categories()
      throws Exception {
    JsonNode truth =
        JsonMapper.builder()
            .build()
            .readTree(retailer.resolve("demo.json").toFile())
            .path("events")
            .path("attack");
    Path csv = dir.resolve("subjects.csv");
    var o =
        CommandLineTest.run(
            "breach",
            "scope",
            "--store",
            store.toString(),
            "--kid",
            truth.path("kid").asString(),
            "--subjects-csv",
            csv.toString(),
            "--format",
            "json");
    assertThat(o.code()).as(o.err()).isZero();
    JsonNode r = JsonMapper.builder().build().readTree(o.out());
    long planted = truth.path("distinctMembersDisclosed").asLong();
    assertThat(planted).isPositive();
    assertThat(r.path("subjects").asLong()).isEqualTo(planted);
    Map<String, Long> categories = new TreeMap<>();
    r.path("categories")
        .properties()
        .forEach(e -> categories.put(e.getKey(), e.getValue().asLong()));
    Map<String, Long> plantedCategories = new TreeMap<>();
    truth
        .path("distinctMembersDisclosedByCategory")
        .properties()
        .forEach(e -> plantedCategories.put(e.getKey(), e.getValue().asLong()));
    assertThat(plantedCategories).isNotEmpty();
    assertThat(categories).isEqualTo(plantedCategories);
    assertThat(r.path("requests").asLong()).isEqualTo(truth.path("forgedRequests").asLong());
    assertThat(r.path("first_access").asString())
        .isGreaterThanOrEqualTo(truth.path("firstForged").path("timestamp").asString());
    assertThat(r.path("data_version").asString()).hasSize(64);
    assertThat(r.path("query").path("values").get(0).asString()).isEqualTo("auth-2022-01");
    List<String> rows = Files.readAllLines(csv);
    assertThat(rows.get(0)).isEqualTo("subject_id,categories,first_access,last_access,requests");
    assertThat(rows).hasSize((int) planted + 1);
  }

  @Test
  void notice_takes_the_sender_from_options_and_warns_about_what_is_not_set() throws Exception {
    var full =
        CommandLineTest.run(
            "breach",
            "scope",
            "--store",
            store.toString(),
            "--kid",
            "auth-2022-01",
            "--notice",
            "--organisation",
            "Retailer Co.",
            "--privacy-officer",
            "Kim Minji (CPO)",
            "--contact",
            "privacy@retailer.example",
            "--regulator",
            "개인정보보호위원회",
            "--format",
            "json");
    assertThat(full.code()).as(full.err()).isZero();
    JsonNode j = JsonMapper.builder().build().readTree(full.out());
    assertThat(j.path("notice_en").asString())
        .startsWith("Notice of a personal data breach — Retailer Co.")
        .contains("Kim Minji (CPO)")
        .contains("privacy@retailer.example")
        .contains("개인정보보호위원회")
        .doesNotContain("NOT SET");
    assertThat(j.path("notice_ko").asString()).contains("Retailer Co.").contains("Kim Minji (CPO)");
    assertThat(j.path("notice_warnings").isEmpty()).isTrue();
    assertThat(full.err()).doesNotContain("warning");

    var partial =
        CommandLineTest.run(
            "breach",
            "scope",
            "--store",
            store.toString(),
            "--kid",
            "auth-2022-01",
            "--notice",
            "--organisation",
            "Retailer Co.",
            "--format",
            "table");
    assertThat(partial.code()).as(partial.err()).isZero();
    assertThat(partial.err())
        .contains(
            "haechi: warning: notice draft incomplete: haechi.breach.notice.privacy-officer is"
                + " not set")
        .contains("haechi.breach.notice.regulator is not set")
        .doesNotContain("haechi.breach.notice.organisation is not set");
    assertThat(partial.out())
        .contains("notice (English)")
        .contains("[NOT SET: haechi.breach.notice.regulator]");
  }

  @Test
  void an_unknown_key_is_zero_subjects_said_plainly_and_bad_queries_exit_2() {
    var o =
        CommandLineTest.run(
            "breach",
            "scope",
            "--store",
            store.toString(),
            "--kid",
            "no-such-kid",
            "--format",
            "json");
    assertThat(o.code()).isZero();
    assertThat(o.out()).contains("\"subjects\":0").contains("no event in the store has token.kid");
    var inverted =
        CommandLineTest.run(
            "breach",
            "scope",
            "--store",
            store.toString(),
            "--kid",
            "k",
            "--from",
            "2025-07-01T00:00:00Z",
            "--to",
            "2025-06-01T00:00:00Z");
    assertThat(inverted.code()).isEqualTo(2);
    assertThat(inverted.err()).contains("inverted");
    var none = CommandLineTest.run("breach", "scope", "--store", store.toString());
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).contains("no selector");
  }

  @Test
  void import_names_bad_lines_as_file_and_line_and_audit_verify_checks_the_store()
      throws Exception {
    Path bad =
        Files.writeString(
            dir.resolve("bad.jsonl"), "{\"@timestamp\":\"2025-06-24T00:00:00Z\"}\nnope\n");
    Path s2 = dir.resolve("events2");
    var o = CommandLineTest.run("events", "import", "--store", s2.toString(), bad.toString());
    assertThat(o.code()).isZero();
    assertThat(o.err()).contains(bad + ":2: not valid JSON");
    var v = CommandLineTest.run("audit", "verify", "--store", s2.toString(), "--format", "json");
    assertThat(v.code()).as(v.out() + v.err()).isZero();
    assertThat(v.out()).contains("\"intact\":true");
  }

  @Test
  void retention_and_delete_answer_in_json_when_asked() throws Exception {
    Path two =
        Files.writeString(
            dir.resolve("two-days.jsonl"),
            "{\"@timestamp\":\"2020-01-01T10:00:00Z\"}\n"
                + "{\"@timestamp\":\"2020-01-02T10:00:00Z\"}\n"
                + "{\"@timestamp\":\"2099-01-01T10:00:00Z\"}\n");
    Path s3 = dir.resolve("events3");
    var imported =
        CommandLineTest.run("events", "import", "--store", s3.toString(), two.toString());
    assertThat(imported.code()).as(imported.err()).isZero();
    JsonMapper json = JsonMapper.builder().build();

    var none =
        CommandLineTest.run("events", "retention", "--store", s3.toString(), "--format", "json");
    assertThat(none.code()).as(none.err()).isZero();
    assertThat(json.readTree(none.out()).get("retention").isNull()).isTrue();

    var applied =
        CommandLineTest.run(
            "events",
            "retention",
            "--store",
            s3.toString(),
            "--keep",
            "400d",
            "--apply",
            "--format",
            "json");
    assertThat(applied.code()).as(applied.err()).isZero();
    JsonNode a = json.readTree(applied.out());
    assertThat(a.get("retention").asString()).isEqualTo("400d");
    assertThat(a.get("deleted").valueStream().map(JsonNode::asString).toList())
        .containsExactly("2020-01-01", "2020-01-02");
    assertThat(a.get("kept").isEmpty()).isTrue();

    var deleted =
        CommandLineTest.run(
            "events",
            "delete",
            "--store",
            s3.toString(),
            "--day",
            "2099-01-01",
            "--format",
            "json");
    assertThat(deleted.code()).as(deleted.err()).isZero();
    assertThat(json.readTree(deleted.out()).get("deleted").get(0).asString())
        .isEqualTo("2099-01-01");
  }
}
