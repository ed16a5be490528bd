package dev.haechi.detection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.detection.compiler.CompiledRule;
import dev.haechi.detection.compiler.CompiledVariant;
import dev.haechi.detection.compiler.EventPredicate;
import dev.haechi.detection.compiler.Needs;
import dev.haechi.detection.compiler.RuleCompiler;
import dev.haechi.detection.engine.DetectionEngine;
import dev.haechi.detection.engine.RuleIds;
import dev.haechi.detection.event.Event;
import dev.haechi.detection.event.FieldTable;
import dev.haechi.detection.event.FieldValue;
import dev.haechi.detection.pipeline.PipelineLoader;
import dev.haechi.detection.pipeline.ProcessingPipeline;
import dev.haechi.detection.rules.RuleLoader;
import dev.haechi.detection.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Web-server and proxy rules shaped like the SigmaHQ web rules (a method or status equality, URI
 * and user-agent fragments, keyword lists, regular expressions, {@code not} filters), compiled with
 * the {@code ecs} pipeline, on gateway-like ECS events: the candidate index must find exactly the
 * rules the full scan finds, and what {@link Needs} derives from each compiled predicate must hold
 * in every event the predicate is true for (its exact values and one of its literals).
 */
class WebRuleAgreementTest {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private static final String[] FIELDS = {
    "cs-method", "sc-status", "c-uri", "c-useragent", "cs-uri-query", "cs-uri-stem"
  };

  private static final String[] WORDS = {
    "GET",
    "POST",
    "get",
    "404",
    "200",
    "={{",
    "=${",
    "select ",
    "UNION SELECT",
    "/api/v1",
    "'1'='1",
    "curl",
    "Mozilla/5.0",
    "..%2f",
    ".php",
    "/admin",
    "=",
    "a",
    "",
    "\u0130stanbul",
    "\u017Felect",
    "\u212Aey",
    "\u00FCnion",
    "\uD55C\uAE00"
  };

  private static final String[] REGEXES = {
    "^/api/v\\d+/",
    "(?i)union\\s+select",
    "\\.(php|jsp)$",
    "curl/[0-9]",
    "^GET$",
    "=\\$\\{",
    "\\d{3}"
  };

  private static final String[] MODS = {
    "", "", "|contains", "|startswith", "|endswith", "|re", "|contains|all", "|neq", "|cased"
  };

  /**
   * The candidate index finds what the full scan finds, for an event given as a tree and for the
   * same event given as a JSON line, as {@code haechi detect} and the server read it: through
   * {@code JsonTreeReader}'s trees (flat member maps, leaves collected while reading, interned
   * names) and the ordered stage.
   */
  @Property(tries = 60)
  void index_and_full_scan_agree_on_web_rules(@ForAll long seed) {
    Random rnd = new Random(seed);
    RuleSet set = rules(rnd);
    DetectionEngine engine = DetectionEngine.compile(set, List.of(ecs()));
    assertThat(engine.failures()).isEmpty();
    for (int i = 0; i < 80; i++) {
      JsonNode event = event(rnd);
      List<String> expected = ids(engine.matchFullScan(event));
      assertThat(ids(engine.match(event))).as("event %s, seed %d", event, seed).isEqualTo(expected);
      String line = event.toString();
      List<String> alerted = new ArrayList<>();
      engine.complete(engine.prepare(line), a -> alerted.add(a.ruleId()));
      assertThat(alerted).as("line %s, seed %d", line, seed).isEqualTo(expected);
    }
  }

  @Property(tries = 60)
  void needs_hold_in_every_event_a_web_rule_matches(@ForAll long seed) {
    Random rnd = new Random(seed);
    RuleSet set = rules(rnd);
    FieldTable fields = new FieldTable();
    RuleCompiler compiler = new RuleCompiler(fields, List.of(ecs()));
    List<CompiledVariant> variants = new ArrayList<>();
    set.rules().forEach(r -> variants.addAll(compiler.compile(r).variants()));
    for (int i = 0; i < 80; i++) {
      JsonNode node = event(rnd);
      Event e = new Event(node, fields);
      for (CompiledVariant v : variants) {
        for (EventPredicate p : List.of(v.route(), v.detection())) {
          if (p.test(e)) {
            assertHolds(Needs.of(p), e, p + " on " + node + ", seed " + seed);
          }
        }
      }
    }
  }

  /** The SigmaHQ shape that made every GET a candidate: the keywords, not "get", are required. */
  @Test
  void an_and_requires_searched_fragments_before_a_short_equality() {
    FieldTable fields = new FieldTable();
    RuleCompiler compiler = new RuleCompiler(fields, List.of(ecs()));
    CompiledRule r =
        compiler.compile(
            RuleLoader.loadText(
                    "ssti.yml",
                    """
                    title: ssti
                    logsource: {category: webserver}
                    detection:
                      method: {cs-method: GET}
                      keywords: ['={{', '=${', 'freemarker.template.utility.Execute']
                      filter: {sc-status: 404}
                      condition: method and keywords and not filter
                    """)
                .rules()
                .get(0));
    Needs needs = Needs.of(r.variants().get(0).detection());
    assertThat(needs.literal().literals())
        .extracting(Needs.SlotLiteral::literal)
        .containsExactlyInAnyOrder("={{", "=${", "freemarker.template.utility.execute");
    assertThat(needs.exacts()).hasSize(1);
    assertThat(needs.exacts().get(0).values()).containsExactly("get");
  }

  /** A long whole value is selective: it is still preferred over a short fragment. */
  @Test
  void a_long_equality_is_still_preferred_to_a_short_fragment() {
    FieldTable fields = new FieldTable();
    RuleCompiler compiler = new RuleCompiler(fields, List.of(ecs()));
    CompiledRule r =
        compiler.compile(
            RuleLoader.loadText(
                    "long.yml",
                    """
                    title: long
                    logsource: {category: webserver}
                    detection:
                      sel:
                        c-uri: '/owa/auth/logon.aspx'
                        cs-uri-query|contains: ' /c '
                      condition: sel
                    """)
                .rules()
                .get(0));
    Needs needs = Needs.of(r.variants().get(0).detection());
    assertThat(needs.literal().literals())
        .extracting(Needs.SlotLiteral::literal)
        .containsExactly("/owa/auth/logon.aspx");
  }

  private static void assertHolds(Needs needs, Event e, String what) {
    for (Needs.Exact x : needs.exacts()) {
      boolean found = false;
      for (FieldValue v : e.values(x.slot())) {
        found |= !v.isNull() && x.values().contains(v.lower());
      }
      assertThat(found).as("exact %s: %s", x, what).isTrue();
    }
    if (needs.literal() != null) {
      boolean found = false;
      for (Needs.SlotLiteral l : needs.literal().literals()) {
        for (FieldValue v : l.slot() < 0 ? e.leaves() : e.values(l.slot())) {
          found |= !v.isNull() && v.lower().contains(l.literal());
        }
      }
      assertThat(found).as("literal %s: %s", needs.literal(), what).isTrue();
    }
  }

  private static ProcessingPipeline ecs() {
    return PipelineLoader.resolve("ecs");
  }

  private static List<String> ids(List<CompiledRule> rules) {
    return rules.stream().map(r -> RuleIds.of(r.rule())).toList();
  }

  private static RuleSet rules(Random rnd) {
    StringBuilder yaml = new StringBuilder();
    for (int r = 0; r < 25; r++) {
      yaml.append(rule(rnd, r));
    }
    RuleSet set = RuleLoader.loadText("web.yml", yaml.toString());
    assertThat(set.report().failures()).as(yaml.toString()).isEmpty();
    return set;
  }

  private static String rule(Random rnd, int n) {
    StringBuilder b = new StringBuilder("---\ntitle: w").append(n).append("\nid: w").append(n);
    b.append("\nlogsource: {category: ")
        .append(rnd.nextBoolean() ? "webserver" : "proxy")
        .append("}\ndetection:\n");
    int sels = 1 + rnd.nextInt(3);
    for (int s = 0; s < sels; s++) {
      b.append("  sel").append(s).append(":\n");
      if (rnd.nextInt(4) == 0) {
        int k = 1 + rnd.nextInt(3);
        for (int i = 0; i < k; i++) {
          b.append("    - '").append(quoted(word(rnd))).append("'\n");
        }
        continue;
      }
      int items = 1 + rnd.nextInt(3);
      java.util.Set<String> keys = new java.util.HashSet<>();
      for (int i = 0; i < items; i++) {
        String field = FIELDS[rnd.nextInt(FIELDS.length)];
        String mod = MODS[rnd.nextInt(MODS.length)];
        if (!keys.add(field)) {
          continue;
        }
        b.append("    ").append(field).append(mod).append(": ");
        if (mod.equals("|re")) {
          b.append("'").append(quoted(REGEXES[rnd.nextInt(REGEXES.length)])).append("'");
        } else if (mod.equals("|contains|all") || rnd.nextInt(3) == 0) {
          b.append("['").append(quoted(word(rnd))).append("', '");
          b.append(quoted(word(rnd))).append("']");
        } else {
          b.append("'").append(quoted(word(rnd))).append("'");
        }
        b.append("\n");
      }
    }
    String[] forms = {
      "sel0",
      "1 of sel*",
      "all of sel*",
      "sel0 and sel1 and not sel2",
      "sel0 and not sel1",
      "not sel0",
      "(sel0 or sel1) and sel2"
    };
    String cond = forms[rnd.nextInt(forms.length)];
    if ((cond.contains("sel1") && sels < 2) || (cond.contains("sel2") && sels < 3)) {
      cond = "sel0";
    }
    b.append("  condition: ").append(cond).append("\n");
    return b.toString();
  }

  private static String quoted(String s) {
    return s.replace("'", "''");
  }

  private static String word(Random rnd) {
    String w = WORDS[rnd.nextInt(WORDS.length)];
    return rnd.nextInt(4) == 0 ? w + WORDS[rnd.nextInt(WORDS.length)] : w;
  }

  private static JsonNode event(Random rnd) {
    ObjectNode e = MAPPER.createObjectNode();
    e.put("@timestamp", "2025-06-17T00:00:03.179Z");
    if (rnd.nextInt(8) != 0) {
      e.putObject("event").putArray("category").add(rnd.nextInt(6) == 0 ? "network" : "web");
    }
    if (rnd.nextInt(5) != 0) {
      ObjectNode http = e.putObject("http");
      http.putObject("request").put("method", rnd.nextInt(3) == 0 ? "POST" : word(rnd));
      if (rnd.nextBoolean()) {
        http.putObject("response").put("status_code", rnd.nextBoolean() ? 200 : 404);
      } else {
        http.putObject("response").put("status_code", word(rnd));
      }
    }
    if (rnd.nextBoolean()) {
      e.putObject("url").put("original", "/" + word(rnd) + "?" + word(rnd) + word(rnd));
    }
    if (rnd.nextBoolean()) {
      e.putObject("user_agent").put("original", word(rnd) + " " + word(rnd));
    }
    if (rnd.nextInt(3) == 0) {
      e.put("cs-uri-query", word(rnd) + word(rnd));
    }
    if (rnd.nextInt(3) == 0) {
      e.putArray("cs-uri-stem").add(word(rnd)).add(word(rnd));
    }
    if (rnd.nextInt(4) == 0) {
      e.putObject("data").put("note", word(rnd) + " " + word(rnd));
    }
    if (rnd.nextInt(6) == 0) {
      // a wide object: past the reader's flat member map, and words among its members
      ObjectNode wide = e.putObject("labels");
      int n = 20 + rnd.nextInt(10);
      for (int k = 0; k < n; k++) {
        wide.put("l" + k, rnd.nextInt(3) == 0 ? word(rnd) : "v" + k);
      }
    }
    return e;
  }
}
