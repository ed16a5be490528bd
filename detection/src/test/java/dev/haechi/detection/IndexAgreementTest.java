package dev.haechi.detection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.detection.compiler.CompiledRule;
import dev.haechi.detection.engine.DetectionEngine;
import dev.haechi.detection.pipeline.WindowsEvtxPipeline;
import dev.haechi.detection.rules.RuleLoader;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The candidate index (exact routing + Aho–Corasick literal gate) must find exactly the rules the
 * full scan finds, on random rules over a small vocabulary (so that matches are frequent) and
 * random events, with and without the windows-evtx pipeline.
 */
class IndexAgreementTest {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final String[] FIELDS = {"a", "b", "c", "d.e"};
  private static final String[] WORDS = {
    "foo", "bar", "Foo", "ba", "o", "x-y", "1", "42", "q*z", ""
  };

  /**
   * Letters whose lower case depends on context (Greek final sigma), expands (dotted capital I,
   * sharp s), or folds from several forms (Kelvin sign, long s, titlecase dz): String.toLowerCase
   * of a whole value is not the concatenation of its pieces' lower cases for these.
   */
  private static final String[] UNICODE_WORDS = {
    "ΟΣ", "ος", "οσ", "Σ", "ς", "σα", "İ", "i", "I", "ı", "ſ", "s", "S", "K", "k", "K", "ß", "SS",
    "ǅ", "ǆ", "Ǆ", "é", "É", "ÿ", "Ÿ", "ﬀ", ""
  };

  private static final ThreadLocal<String[]> VOCABULARY = ThreadLocal.withInitial(() -> WORDS);

  private static final String[] MODS = {
    "",
    "|contains",
    "|startswith",
    "|endswith",
    "|contains|all",
    "|cased",
    "|neq",
    "|re",
    "|gt",
    "|exists",
    "|windash|contains",
    "|contains|cased"
  };

  @Property(tries = 40)
  void index_and_full_scan_agree_on_generic_json(@ForAll long seed) {
    check(seed, false);
  }

  @Property(tries = 40)
  void index_and_full_scan_agree_on_evtx_events_with_routing(@ForAll long seed) {
    check(seed, true);
  }

  /**
   * Non-ASCII values, case-insensitive and cased: the index's literals and routing keys must fold
   * case exactly as the full scan's comparisons do.
   */
  @Property(tries = 60)
  void index_and_full_scan_agree_on_unicode_case_folding(@ForAll long seed) {
    VOCABULARY.set(UNICODE_WORDS);
    try {
      check(seed, seed % 2 == 0);
    } finally {
      VOCABULARY.remove();
    }
  }

  private static void check(long seed, boolean evtx) {
    Random rnd = new Random(seed);
    StringBuilder yaml = new StringBuilder();
    for (int r = 0; r < 25; r++) {
      yaml.append(rule(rnd, r, evtx));
    }
    var set = RuleLoader.loadText("random.yml", yaml.toString());
    assertThat(set.report().failures()).as(yaml.toString()).isEmpty();
    DetectionEngine engine =
        DetectionEngine.compile(set, evtx ? List.of(WindowsEvtxPipeline.instance()) : List.of());
    assertThat(engine.failures()).isEmpty();
    for (int i = 0; i < 60; i++) {
      JsonNode event = event(rnd, evtx);
      List<String> fast = ids(engine.match(event));
      List<String> slow = ids(engine.matchFullScan(event));
      assertThat(fast).as("event %s, seed %d", event, seed).isEqualTo(slow);
    }
  }

  private static List<String> ids(List<CompiledRule> rules) {
    return rules.stream().map(r -> r.rule().id()).toList();
  }

  private static String rule(Random rnd, int n, boolean evtx) {
    StringBuilder b = new StringBuilder("---\ntitle: r").append(n).append("\nid: r").append(n);
    String ls =
        evtx
            ? new String[] {
                  "{category: process_creation, product: windows}",
                  "{product: windows, service: security}",
                  "{product: windows}"
                }
                [rnd.nextInt(3)]
            : "{product: test}";
    b.append("\nlogsource: ").append(ls).append("\ndetection:\n");
    int sels = 1 + rnd.nextInt(3);
    for (int s = 0; s < sels; s++) {
      b.append("  sel").append(s).append(":\n");
      if (rnd.nextInt(6) == 0) {
        b.append("    - '").append(word(rnd)).append("'\n");
        continue;
      }
      int items = 1 + rnd.nextInt(2);
      java.util.Set<String> keys = new java.util.HashSet<>();
      for (int i = 0; i < items; i++) {
        String field = FIELDS[rnd.nextInt(FIELDS.length)];
        if (evtx && rnd.nextBoolean()) {
          field = rnd.nextBoolean() ? "Image" : "EventID";
        }
        String mod = MODS[rnd.nextInt(MODS.length)];
        if (!keys.add(field + mod)) {
          continue;
        }
        b.append("    ").append(field).append(mod).append(": ");
        switch (mod) {
          case "|exists" -> b.append(rnd.nextBoolean());
          case "|gt" -> b.append(rnd.nextInt(50));
          case "|re" ->
              b.append("'")
                  .append(
                      new String[] {
                            "^f",
                            "o+",
                            "b.r$",
                            "\\d",
                            "Foo|bar",
                            "(?i)ba[rz]",
                            "[Oo]{2}",
                            "x-y|\\d{2}",
                            "(?i)q.*z",
                            "(f|b)(o|a)"
                          }
                          [rnd.nextInt(10)])
                  .append("'");
          case "|contains|all" ->
              b.append("['").append(word(rnd)).append("', '").append(word(rnd)).append("']");
          default -> {
            if (rnd.nextBoolean()) {
              b.append("['").append(word(rnd)).append("', '").append(word(rnd)).append("']");
            } else {
              b.append("'").append(word(rnd)).append("'");
            }
          }
        }
        b.append("\n");
      }
    }
    String[] forms = {
      "sel0",
      "1 of sel*",
      "all of sel*",
      "1 of them",
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

  private static String word(Random rnd) {
    String[] words = VOCABULARY.get();
    String w = words[rnd.nextInt(words.length)];
    return rnd.nextInt(4) == 0 ? w + words[rnd.nextInt(words.length)] : w;
  }

  private static JsonNode event(Random rnd, boolean evtx) {
    ObjectNode data = MAPPER.createObjectNode();
    for (String f : new String[] {"a", "b", "c", "Image"}) {
      int kind = rnd.nextInt(6);
      if (kind == 0) {
        continue;
      }
      if (kind == 1) {
        data.putNull(f);
      } else if (kind == 2) {
        data.putArray(f).add(word(rnd)).add(word(rnd));
      } else if (kind == 3) {
        data.put(f, rnd.nextInt(60));
      } else {
        data.put(f, (rnd.nextBoolean() ? "-" : "/") + word(rnd) + word(rnd));
      }
    }
    if (rnd.nextBoolean()) {
      data.putObject("d").put("e", word(rnd));
    }
    if (!evtx) {
      return data;
    }
    ObjectNode root = MAPPER.createObjectNode();
    ObjectNode system = root.putObject("Event").putObject("System");
    system.put("EventID", new int[] {1, 4688, 4624, 3}[rnd.nextInt(4)]);
    system.put("Channel", rnd.nextBoolean() ? "Security" : "Microsoft-Windows-Sysmon/Operational");
    ((ObjectNode) root.get("Event")).set("EventData", data);
    return root;
  }
}
