package dev.haechi.detection.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.detection.builtin.BuiltinRules;
import dev.haechi.detection.correlation.CorrelationSettings;
import dev.haechi.detection.engine.AlertJson;
import dev.haechi.detection.engine.DetectionEngine;
import dev.haechi.detection.event.FieldAccessor;
import dev.haechi.detection.pipeline.PipelineLoader;
import dev.haechi.detection.pipeline.ProcessingPipeline;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link IdentityEnrichment} (one read of the principal and token fields per event, the last
 * signing key kept across events, status nodes made once) computes every enrichment field exactly
 * as {@link ReferenceIdentityEnrichment} (the enrichment before that work), on random events whose
 * fields are present, absent, null, of the wrong type, in other cases or padded, with the fields
 * read in random order, some events read twice, and the identity context replaced mid-stream; and
 * an engine compiled with either gives the same alerts.
 */
class IdentityEnrichmentAgreementTest {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  static final IdentityContext FIRST =
      IdentityContext.builder()
          .asOf(LocalDate.of(2025, 11, 20))
          .memberRange(1_000_000, 50)
          .userId("guest-42")
          .accountName("svc-batch")
          .employee(new Employee("E1001", true, LocalDate.of(2024, 12, 13)), "jkim", "jkim@x.kr")
          .employee(new Employee("E1002", false, LocalDate.of(2025, 3, 1)), "slee")
          .employee(new Employee("E1004", false, null), "hchoi", "1000007")
          .privileged("hchoi")
          .privileged("Admin1")
          .usualCountries("hchoi", List.of("KR"))
          .usualCountries("admin1", List.of("kr", "JP"))
          .signingKey("auth-2022-01", KeyStatus.RETIRED, null)
          .signingKey(
              "auth-2023-07", KeyStatus.CUSTODIAN_LEFT, Instant.parse("2024-12-13T00:00:00Z"))
          .signingKey("auth-2025-01", KeyStatus.ACTIVE, null)
          .signingKey("gateway", "shared", KeyStatus.RETIRED, Instant.parse("2025-01-01T00:00:00Z"))
          .signingKey("partner", "shared", KeyStatus.ACTIVE, null)
          .signingKey("gateway", "gw-only", KeyStatus.CUSTODIAN_LEFT, null)
          .build();

  /** The same kids with other statuses: a new reconciliation. */
  static final IdentityContext SECOND =
      IdentityContext.builder()
          .memberRange(1_000_000, 20)
          .employee(new Employee("E1004", true, LocalDate.of(2025, 1, 2)), "hchoi")
          .privileged("jkim")
          .usualCountries("jkim", List.of("CN"))
          .signingKey("auth-2022-01", KeyStatus.ACTIVE, null)
          .signingKey("auth-2023-07", KeyStatus.RETIRED, Instant.parse("2025-02-01T00:00:00Z"))
          .signingKey("gateway", "shared", KeyStatus.CUSTODIAN_LEFT, null)
          .build();

  static final List<String> PRINCIPALS =
      List.of(
          "1000001",
          "1000007",
          "1000049",
          "1000060",
          "01000001",
          "guest-42",
          "svc-batch",
          "SVC-Batch",
          "jkim",
          "JKim",
          " jkim ",
          "jkim@x.kr",
          "slee",
          "hchoi",
          "HCHOI",
          "admin1",
          "Admin1",
          "E1001",
          "nobody",
          "");
  static final List<String> KIDS =
      List.of(
          "auth-2022-01", "auth-2023-07", "auth-2025-01", "shared", "gw-only", "x", "AUTH-2022-01");
  static final List<String> ISSUERS = List.of("gateway", "partner", "other");
  static final List<String> COUNTRIES = List.of("KR", "kr", "JP", "CN", "US", "");

  static String pick(Random r, List<String> from) {
    return from.get(r.nextInt(from.size()));
  }

  /** A random gateway-like event: each field present, absent, null or of another type. */
  static String event(Random r, Instant base) {
    ObjectNode root = MAPPER.createObjectNode();
    int t = r.nextInt(20);
    Instant at = base.plusSeconds(r.nextInt(3 * 86_400));
    if (t == 0) {
      root.put("@timestamp", "not a time");
    } else if (t == 1) {
      root.put("@timestamp", at.toEpochMilli());
    } else if (t != 2) {
      root.put("@timestamp", at.toString());
    }
    ObjectNode user = null;
    for (String f : List.of("id", "name", "email")) {
      int k = r.nextInt(6);
      if (k < 3) {
        user = user == null ? root.putObject("user") : user;
        user.put(f, pick(r, PRINCIPALS));
      } else if (k == 3) {
        user = user == null ? root.putObject("user") : user;
        user.putNull(f);
      } else if (k == 4 && r.nextInt(4) == 0) {
        user = user == null ? root.putObject("user") : user;
        user.putArray(f).add(pick(r, PRINCIPALS));
      }
    }
    if (r.nextInt(5) != 0) {
      ObjectNode token = root.putObject("token");
      if (r.nextInt(6) != 0) {
        token.put("kid", pick(r, KIDS));
      }
      if (r.nextInt(3) != 0) {
        token.put("iss", pick(r, ISSUERS));
      }
      int s = r.nextInt(4);
      if (s == 0 && user != null && user.has("id") && user.get("id").isString()) {
        token.put("sub", user.get("id").asString()); // the subject is the user (the common case)
      } else if (s != 3) {
        token.put("sub", pick(r, PRINCIPALS));
      }
      long iat = at.getEpochSecond() - 86_400L * r.nextInt(400);
      switch (r.nextInt(6)) {
        case 0 -> token.put("iat", iat);
        case 1 -> token.put("iat", iat * 1000);
        case 2 -> token.put("iat", Long.toString(iat));
        case 3 -> token.put("iat", iat + 0.5);
        case 4 -> token.put("iat", "soon");
        default -> {}
      }
    }
    if (r.nextInt(4) != 0) {
      root.putObject("source").putObject("geo").put("country_iso_code", pick(r, COUNTRIES));
    }
    int d = r.nextInt(5);
    if (d < 3) {
      var ids = root.putObject("data").putArray("subject_ids");
      int n = d == 0 ? 0 : r.nextInt(d == 1 ? 3 : 400);
      for (int i = 0; i < n; i++) {
        ids.add(Integer.toString(1_000_000 + r.nextInt(90)));
      }
    } else if (d == 3) {
      root.putObject("data").put("subject_ids", "1000001");
    }
    return MAPPER.writeValueAsString(root);
  }

  @Test
  void every_field_agrees_with_the_reference_in_any_order_across_context_updates() {
    for (long seed = 1; seed <= 20; seed++) {
      Random r = new Random(seed);
      DisclosureBaseline.Settings small =
          new DisclosureBaseline.Settings(java.time.Duration.ofHours(1), 3, 2.0, 20, 7);
      IdentityEnrichment fast = new IdentityEnrichment(FIRST, small);
      ReferenceIdentityEnrichment reference = new ReferenceIdentityEnrichment(FIRST, small);
      Map<String, FieldAccessor> f = fast.fields();
      Map<String, FieldAccessor> g = reference.fields();
      assertThat(f.keySet()).containsExactlyElementsOf(g.keySet());
      List<String> names = new ArrayList<>(f.keySet());
      Instant base = Instant.parse("2025-01-01T00:00:00Z").plusSeconds(86_400L * seed);
      JsonNode previous = null;
      for (int i = 0; i < 3_000; i++) {
        if (r.nextInt(500) == 0) {
          IdentityContext next = r.nextBoolean() ? FIRST : SECOND;
          fast.update(next);
          reference.update(next);
        }
        // sometimes the same event object again (its facts are kept by identity)
        JsonNode root =
            previous != null && r.nextInt(10) == 0
                ? previous
                : MAPPER.readTree(event(r, base.plusSeconds(60L * i)));
        previous = root;
        Collections.shuffle(names, r);
        for (String name : names.subList(0, 1 + r.nextInt(names.size()))) {
          JsonNode a = f.get(name).find(root);
          JsonNode b = g.get(name).find(root);
          assertThat(a).as("%s of %s (seed %d)", name, root, seed).isEqualTo(b);
        }
      }
    }
  }

  @Test
  void an_engine_with_either_enrichment_raises_the_same_alerts() {
    List<ProcessingPipeline> pipelines = new ArrayList<>();
    pipelines.add(PipelineLoader.resolve("ecs"));
    pipelines.add(new IdentityPlaceholders(FIRST));
    DisclosureBaseline.Settings small =
        new DisclosureBaseline.Settings(java.time.Duration.ofHours(1), 3, 2.0, 20, 50);
    DetectionEngine fast =
        DetectionEngine.compile(
            BuiltinRules.load(),
            pipelines,
            CorrelationSettings.DEFAULT,
            new IdentityEnrichment(FIRST, small).fields());
    DetectionEngine reference =
        DetectionEngine.compile(
            BuiltinRules.load(),
            pipelines,
            CorrelationSettings.DEFAULT,
            new ReferenceIdentityEnrichment(FIRST, small).fields());
    Random r = new Random(18);
    List<String> a = new ArrayList<>();
    List<String> b = new ArrayList<>();
    Instant base = Instant.parse("2025-01-01T00:00:00Z");
    for (int i = 0; i < 20_000; i++) {
      String line = event(r, base.plusSeconds(30L * i));
      fast.evaluate(line, x -> a.add(AlertJson.toLine(x)));
      reference.evaluateWithoutReadAhead(line, x -> b.add(AlertJson.toLine(x)));
    }
    fast.flush(x -> a.add(AlertJson.toLine(x)));
    reference.flush(x -> b.add(AlertJson.toLine(x)));
    assertThat(a).hasSizeGreaterThan(100);
    assertThat(a).isEqualTo(b);
  }
}
