package dev.haechi.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.demo.DemoOptions;
import dev.haechi.demo.DemoOrganisations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine subcommands on the small demo organisations: the stories of FORMATS.md §4 come out of
 * the executable, with its exit codes.
 */
class EngineCommandsTest {
  static Path demo;

  @BeforeAll
  static void generate() throws Exception {
    demo = Files.createTempDirectory("haechi-engine-cli");
    DemoOrganisations.generate(
        demo,
        new DemoOptions(
            DemoOptions.DEFAULT_SEED, 0.01, Set.copyOf(DemoOrganisations.ORGANISATIONS)));
  }

  @Test
  void reconcile_finds_the_leaver_who_exported_the_token_signing_key_as_critical() {
    var o =
        CommandLineTest.run(
            "identity",
            "reconcile",
            "--dir",
            demo.resolve("retailer").toString(),
            "--as-of",
            "2025-11-01",
            "--format",
            "json");
    assertThat(o.code()).isZero();
    assertThat(o.out())
        .startsWith("{\"findings\":[")
        .contains("\"type\":\"secret-custodian-left\",\"severity\":\"critical\"")
        .contains("transit/export/signing-key/token-signer")
        .contains("\"type\":\"leaver-active-account\"")
        .contains("\"summary\":{");
  }

  @Test
  void correlation_cases_appear_in_the_json(@org.junit.jupiter.api.io.TempDir Path tmp)
      throws Exception {
    Files.writeString(
        tmp.resolve("hr.csv"),
        "employee_id,email,given_name,family_name,department,title,manager_id,status,hire_date,"
            + "termination_date,location\n"
            + "E1006,jikim@retail-partner.example,Ji,Kim,P,L,,active,2024-02-01,,Incheon\n"
            + "E1007,jikim@retail.example,Jiho,Kim,S,C,,active,2023-05-02,,Seoul\n");
    Files.createDirectories(tmp.resolve("accounts"));
    Files.writeString(
        tmp.resolve("accounts/shop.csv"),
        "account_id,username,email,employee_id,enabled,privileged,last_login,created\n"
            + "kiosk-7,RETAIL\\JIKIM,,,true,false,2025-06-29,2024-03-01\n");

    var o =
        CommandLineTest.run(
            "identity",
            "reconcile",
            "--dir",
            tmp.toString(),
            "--as-of",
            "2025-07-01",
            "--format",
            "json");

    assertThat(o.code()).as(o.err()).isZero();
    assertThat(o.out())
        .contains(
            "\"cases\":[{\"account\":\"shop:kiosk-7\",\"system\":\"shop\",\"accountId\":"
                + "\"kiosk-7\",\"rule\":\"username\",\"candidates\":[\"E1006\",\"E1007\"]}]");
  }

  @Test
  void the_leavers_key_finding_names_the_published_kid_and_says_to_retire_it() throws Exception {
    var o =
        CommandLineTest.run(
            "identity",
            "reconcile",
            "--dir",
            demo.resolve("retailer").toString(),
            "--as-of",
            "2025-11-01",
            "--format",
            "json");
    assertThat(o.code()).isZero();
    var json = tools.jackson.databind.json.JsonMapper.builder().build().readTree(o.out());
    var found = new java.util.ArrayList<tools.jackson.databind.JsonNode>();
    json.get("findings")
        .forEach(
            f -> {
              if (f.get("type").asString().equals("secret-custodian-left")
                  && f.at("/subject/secret").asString().equals("gateway-token-signer")) {
                found.add(f);
              }
            });
    assertThat(found).hasSize(1);
    var f = found.get(0);
    assertThat(f.get("title").asString()).contains("(kid auth-2022-01)", "exported");
    assertThat(f.get("remedy").asString())
        .contains(
            "rotate transit key transit/keys/token-signer and raise its min_decryption_version",
            "retire kid auth-2022-01: remove it from the gateway JWKS (jwks/gateway.json:");
    // Breach Watch: the kid is still published, but a leaver exported its material
    var context =
        dev.haechi.detection.identity.LeaverGuardIdentity.fromDirectory(
            demo.resolve("retailer"), java.time.LocalDate.of(2025, 11, 1), java.util.Map.of());
    assertThat(context.keyStatus("auth-2022-01", java.time.Instant.parse("2025-06-24T03:00:00Z")))
        .isEqualTo(dev.haechi.detection.identity.KeyStatus.CUSTODIAN_LEFT);
    assertThat(context.keyStatus("auth-2025-01", java.time.Instant.parse("2025-06-24T03:00:00Z")))
        .isEqualTo(dev.haechi.detection.identity.KeyStatus.ACTIVE);
  }

  @Test
  void fail_on_critical_exits_1_when_a_critical_finding_exists() {
    var o =
        CommandLineTest.run(
            "identity",
            "reconcile",
            "--dir",
            demo.resolve("retailer").toString(),
            "--as-of",
            "2025-11-01",
            "--fail-on",
            "critical",
            "--format",
            "table");
    assertThat(o.code()).isEqualTo(1);
    assertThat(o.out()).contains("SEVERITY").contains("secret-custodian-left");
  }

  @Test
  void a_missing_directory_or_bad_date_exits_2_with_the_reason() {
    var missing = CommandLineTest.run("identity", "reconcile", "--dir", "/nonexistent/haechi");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("/nonexistent/haechi").contains("not a directory");
    var date =
        CommandLineTest.run(
            "identity", "reconcile", "--dir", demo.toString(), "--as-of", "yesterday");
    assertThat(date.code()).isEqualTo(2);
    assertThat(date.err()).contains("--as-of").contains("'yesterday'");
  }

  @Test
  void assess_shows_the_battery_past_its_life_and_the_file_store_without_backup() {
    var o =
        CommandLineTest.run(
            "resilience",
            "assess",
            "--catalog",
            demo.resolve("government").toString(),
            "--as-of",
            "2025-09-01",
            "--format",
            "json");
    assertThat(o.code()).isZero();
    assertThat(o.out())
        .contains("\"type\":\"battery-past-life\"")
        .contains("\"type\":\"battery-shares-zone-with-critical\"")
        .contains("\"type\":\"no-backup\"")
        .contains("g-drive");
  }

  @Test
  void a_fire_in_the_battery_room_loses_the_file_store_for_good() {
    var o =
        CommandLineTest.run(
            "resilience",
            "simulate",
            "--catalog",
            demo.resolve("government").toString(),
            "--lose",
            "zone:dj-5f-r7",
            "--event",
            "fire",
            "--at",
            "2025-09-26",
            "--format",
            "json");
    assertThat(o.code()).isZero();
    assertThat(o.out()).contains("\"stopped\":[").contains("g-drive\",\"lost\":\"all\"");
    var unknown =
        CommandLineTest.run(
            "resilience",
            "simulate",
            "--catalog",
            demo.resolve("government").toString(),
            "--lose",
            "room:x");
    assertThat(unknown.code()).isEqualTo(2);
  }

  @Test
  void the_restoration_plan_after_the_fire_is_never_below_its_bounds_nor_longer_than_greedy() {
    var o =
        CommandLineTest.run(
            "resilience",
            "plan",
            "--catalog",
            demo.resolve("government").toString(),
            "--lose",
            "zone:dj-5f-r7",
            "--at",
            "2025-09-26",
            "--crews",
            "3",
            "--time-limit",
            "2s",
            "--format",
            "json");
    assertThat(o.code()).as(o.err()).isZero();
    var plan = tools.jackson.databind.json.JsonMapper.builder().build().readTree(o.out());
    long bound = plan.path("bounds").path("makespan").asLong();
    long planned = plan.path("planned").path("makespan").asLong();
    assertThat(bound).isPositive();
    assertThat(planned).isGreaterThanOrEqualTo(bound);
    // The planner keeps the makespan near its bound first, then minimises weighted completion:
    // never a longer restoration than greedy's, and never below either bound.
    assertThat(planned).isLessThanOrEqualTo(plan.path("greedy").path("makespan").asLong());
    assertThat(plan.path("planned").path("weightedCompletion").asLong())
        .isGreaterThanOrEqualTo(plan.path("bounds").path("weightedCompletion").asLong());
    assertThat(plan.path("schedule").size())
        .isEqualTo(plan.path("summary").path("tasks").asInt())
        .isPositive();
    // FORMATS.md §4: tasks is an array of {entity, crew, start, end}, times as durations.
    var tasks = plan.path("tasks");
    assertThat(tasks.isArray()).as("tasks is an array: %s", tasks).isTrue();
    assertThat(tasks.size()).isEqualTo(plan.path("schedule").size());
    for (var t : tasks) {
      assertThat(t.path("entity").asString()).matches("[a-z]+:[a-z0-9-]+/[a-z0-9.-]+");
      assertThat(t.path("crew").asString()).isNotBlank();
      var start = dev.haechi.core.Durations.parse(t.path("start").asString());
      var end = dev.haechi.core.Durations.parse(t.path("end").asString());
      assertThat(end).isGreaterThanOrEqualTo(start);
      assertThat(end.toMinutes()).isLessThanOrEqualTo(planned);
    }
    assertThat(dev.haechi.core.Durations.parse(plan.path("makespan").asString()).toMinutes())
        .isEqualTo(planned);
    assertThat(plan.path("weightedCompletion").asLong())
        .isEqualTo(plan.path("planned").path("weightedCompletion").asLong());
    assertThat(
            dev.haechi.core.Durations.parse(plan.path("lowerBound").path("makespan").asString())
                .toMinutes())
        .isEqualTo(bound);
    assertThat(plan.path("schedule").toString()).contains("g-drive");
    assertThat(plan.path("makespanGapPercent").asDouble())
        .isEqualTo(100.0 * (planned - bound) / bound, org.assertj.core.data.Offset.offset(0.01));

    var table =
        CommandLineTest.run(
            "resilience",
            "plan",
            "--catalog",
            demo.resolve("government").toString(),
            "--lose",
            "zone:dj-5f-r7",
            "--crews",
            "3",
            "--time-limit",
            "1s",
            "--format",
            "table");
    assertThat(table.out()).contains("lower bound").contains("greedy").contains("gap to bound");
    assertThat(
            CommandLineTest.run(
                    "resilience",
                    "plan",
                    "--catalog",
                    demo.resolve("government").toString(),
                    "--lose",
                    "zone:dj-5f-r7",
                    "--crews",
                    "0")
                .code())
        .isEqualTo(2);
  }

  @Test
  void plan_takes_crews_with_sites_and_skills_from_a_crews_file() throws Exception {
    Path crewsFile = demo.resolve("crews.yaml");
    Files.writeString(
        crewsFile,
        """
        crews:
          - {name: electric, site: daejeon, skills: [power, cooling]}
          - {name: general, count: 3}
        """);
    var o =
        CommandLineTest.run(
            "resilience",
            "plan",
            "--catalog",
            demo.resolve("government").toString(),
            "--lose",
            "zone:dj-5f-r7",
            "--at",
            "2025-09-26",
            "--crews-file",
            crewsFile.toString(),
            "--time-limit",
            "2s",
            "--format",
            "json");
    assertThat(o.code()).as(o.err()).isZero();
    var plan = tools.jackson.databind.json.JsonMapper.builder().build().readTree(o.out());
    assertThat(plan.path("summary").path("crews").asInt()).isEqualTo(4);
    assertThat(plan.path("crewList").toString()).contains("\"skills\":[\"cooling\",\"power\"]");
    java.util.Map<String, String> crewOf = new java.util.HashMap<>();
    plan.path("tasks")
        .forEach(t -> crewOf.put(t.path("entity").asString(), t.path("crew").asString()));
    // the electrical crew takes only power and cooling work (the burned UPS battery); any crew
    // without skills may take anything
    assertThat(crewOf).containsKey("powerasset:default/dj-ups-5f-a");
    crewOf.forEach(
        (entity, crew) -> {
          if (crew.equals("electric")) {
            assertThat(entity).startsWith("powerasset:");
          }
        });
    assertThat(crewOf.values()).allMatch(c -> c.equals("electric") || c.startsWith("general-"));
    assertThat(plan.path("effortDefaulted").toString()).contains("powerasset:default/dj-ups-5f-a");

    Files.writeString(crewsFile, "crews:\n  - {name: a}\n  - {name: b, site: busan}\n");
    var bad =
        CommandLineTest.run(
            "resilience",
            "plan",
            "--catalog",
            demo.resolve("government").toString(),
            "--lose",
            "zone:dj-5f-r7",
            "--crews-file",
            crewsFile.toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains(crewsFile + ":3: site 'busan' is not a site of the catalog");

    // electricians alone cannot restore the services: the plan is infeasible and says so
    Files.writeString(crewsFile, "- {name: electric, skills: [power, cooling]}\n");
    var nobody =
        CommandLineTest.run(
            "resilience",
            "plan",
            "--catalog",
            demo.resolve("government").toString(),
            "--lose",
            "zone:dj-5f-r7",
            "--crews-file",
            crewsFile.toString());
    assertThat(nobody.code()).isEqualTo(2);
    assertThat(nobody.err()).contains("infeasible").contains("component:default/");
  }

  @Test
  void verify_finds_the_live_findings_planted_in_the_demo_week_of_reports() throws Exception {
    var manifest =
        tools.jackson.databind.json.JsonMapper.builder()
            .build()
            .readTree(demo.resolve("government/demo.json").toFile());
    var planted = manifest.path("planted").path("liveReports");
    assertThat(planted.path("lines").asInt()).isPositive();
    var o =
        CommandLineTest.run(
            "resilience",
            "verify",
            "--catalog",
            demo.resolve("government").toString(),
            "--reports",
            demo.resolve("government/reports/week.jsonl").toString(),
            "--as-of",
            planted.path("asOf").asString(),
            "--format",
            "json");
    assertThat(o.code()).as(o.err()).isZero();
    assertThat(o.err()).doesNotContain("skipped");
    var doc = tools.jackson.databind.json.JsonMapper.builder().build().readTree(o.out());
    java.util.List<String> found = new java.util.ArrayList<>();
    doc.path("findings")
        .forEach(
            f ->
                found.add(
                    f.path("type").asString()
                        + " "
                        + f.path("subject").path("entity").asString()
                        + " "
                        + f.path("subject").path("backup").asString()));
    String failing = planted.path("backupFailingLast2Runs").asString();
    assertThat(found).anyMatch(f -> f.startsWith("backup-failed ") && f.endsWith(" " + failing));
    String silent = planted.path("backupSilentAfterDay3").asString();
    assertThat(found).anyMatch(f -> f.startsWith("report-stale ") && f.endsWith(" " + silent));
    assertThat(found).anyMatch(f -> f.startsWith("backup-overdue ") && f.endsWith(" " + silent));
    String badRestore = planted.path("restoreTestFailed").asString();
    assertThat(found)
        .anyMatch(f -> f.startsWith("restore-test-failed ") && f.endsWith(" " + badRestore));
    assertThat(found).anyMatch(f -> f.startsWith("restore-test-overdue "));
    if (planted.has("lagOverRpoAtEnd")) {
      String lagging = planted.path("lagOverRpoAtEnd").asString();
      assertThat(found).contains("replication-lag-over-rpo " + lagging + " ");
      assertThat(found).anyMatch(f -> f.startsWith("live-rpo-breach " + lagging));
    }
    if (planted.has("lagSpikeRecovered")) {
      String spiked = planted.path("lagSpikeRecovered").asString();
      assertThat(found).doesNotContain("replication-lag-over-rpo " + spiked + " ");
      assertThat(doc.path("summary").path("recovered").toString()).contains(spiked);
    }
    if (planted.has("replicaSilentLast3h")) {
      assertThat(found)
          .contains("report-stale " + planted.path("replicaSilentLast3h").asString() + " ");
    }
    assertThat(doc.path("summary").path("badLines").asInt()).isZero();

    // Bad lines: named FILE:LINE on stderr, skipped, exit 0 with the count.
    Path bad = Files.createTempFile("reports", ".jsonl");
    Files.writeString(
        bad,
        "not json\n{\"time\":\"2025-09-25T00:00:00Z\",\"kind\":\"backup\",\"backup\":\"nope\","
            + "\"status\":\"success\"}\n");
    var b =
        CommandLineTest.run(
            "resilience",
            "verify",
            "--catalog",
            demo.resolve("government").toString(),
            "--reports",
            demo.resolve("government/reports/week.jsonl").toString(),
            bad.toString(),
            "--as-of",
            planted.path("asOf").asString(),
            "--format",
            "json");
    assertThat(b.code()).isZero();
    assertThat(b.err())
        .contains(bad + ":1: not JSON")
        .contains(bad + ":2: backup: no Backup 'nope'");
    assertThat(
            tools.jackson.databind.json.JsonMapper.builder()
                .build()
                .readTree(b.out())
                .path("summary")
                .path("badLines")
                .asInt())
        .isEqualTo(2);
  }

  @Test
  void the_battery_room_ranks_among_the_worst_places_for_a_fire() {
    var o =
        CommandLineTest.run(
            "resilience",
            "worst-case",
            "--catalog",
            demo.resolve("government").toString(),
            "--top",
            "5",
            "--format",
            "json");
    assertThat(o.code()).isZero();
    assertThat(o.out()).startsWith("{\"ranking\":[").contains("zone:dj-5f-r7");
  }

  @Test
  void an_invalid_catalog_exits_2_naming_the_file_and_line_and_loads_nothing() throws Exception {
    Path bad = Files.createTempDirectory("haechi-bad-catalog");
    Files.writeString(
        bad.resolve("zones.yaml"),
        "apiVersion: haechi.dev/v1alpha1\nkind: Zone\nmetadata: {name: r1}\nspec: {site: nowhere}\n");
    var o =
        CommandLineTest.run(
            "resilience", "assess", "--catalog", bad.toString(), "--format", "json");
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).contains("zones.yaml").contains("nowhere");
    assertThat(o.out()).isEmpty();
  }

  @Test
  void reconcile_takes_files_one_by_one_and_finds_the_same_key() {
    Path r = demo.resolve("retailer");
    var o =
        CommandLineTest.run(
            "identity",
            "reconcile",
            "--hr",
            r.resolve("hr.csv").toString(),
            "--accounts",
            "corp-ad=" + r.resolve("accounts/corp-ad.ldif"),
            "--accounts",
            "idp=" + r.resolve("accounts/idp.json"),
            "--secrets",
            r.resolve("secrets.csv").toString(),
            "--vault-audit",
            r.resolve("vault-audit.log").toString(),
            "--as-of",
            "2025-11-01",
            "--format",
            "json");
    assertThat(o.code()).as(o.err()).isZero();
    assertThat(o.out())
        .contains("\"type\":\"secret-custodian-left\",\"severity\":\"critical\"")
        .contains("transit/export/signing-key/token-signer");
  }

  @Test
  void a_live_ldap_source_is_reconciled_and_an_unreachable_one_fails_the_run() throws Exception {
    var config = new com.unboundid.ldap.listener.InMemoryDirectoryServerConfig("dc=example,dc=org");
    config.setSchema(null);
    var server = new com.unboundid.ldap.listener.InMemoryDirectoryServer(config);
    server.startListening();
    try {
      server.add("dn: dc=example,dc=org", "objectClass: top", "objectClass: domain", "dc: example");
      server.add(
          "dn: ou=people,dc=example,dc=org", "objectClass: organizationalUnit", "ou: people");
      Path hr = Files.createTempFile("hr", ".csv");
      Files.writeString(
          hr,
          "employee_id,email,given_name,family_name,department,title,manager_id,status,hire_date,"
              + "termination_date\n"
              + "E1,jkim@example.org,Jae,Kim,Platform,Engineer,,terminated,2022-11-07,2024-12-13\n");
      server.add(
          "dn: uid=jkim,ou=people,dc=example,dc=org",
          "objectClass: person",
          "objectClass: organizationalPerson",
          "objectClass: inetOrgPerson",
          "uid: jkim",
          "cn: jkim",
          "sn: Kim",
          "mail: jkim@example.org",
          "employeeNumber: E1");
      // No --as-of: the in-memory server stamps createTimestamp now, and accounts created after
      // the as-of date are rightly left out.
      String live =
          "ldap://127.0.0.1:"
              + server.getListenPort()
              + "/ou=people,dc=example,dc=org;flavour=nsaccountlock";
      var o =
          CommandLineTest.run(
              "identity",
              "reconcile",
              "--hr",
              hr.toString(),
              "--accounts",
              "dir=" + live,
              "--format",
              "json");
      assertThat(o.code()).as(o.err()).isZero();
      assertThat(o.out())
          .contains("\"type\":\"leaver-active-account\"")
          .contains("uid=jkim,ou=people,dc=example,dc=org");

      var down =
          CommandLineTest.run(
              "identity",
              "reconcile",
              "--hr",
              hr.toString(),
              "--accounts",
              "dir=ldap://127.0.0.1:1/ou=people,dc=example,dc=org",
              "--format",
              "json");
      assertThat(down.code()).isEqualTo(2);
      assertThat(down.out()).isEmpty();
      assertThat(down.err()).contains("127.0.0.1:1");
    } finally {
      server.shutDown(true);
    }
  }
}
