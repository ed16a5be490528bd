package dev.haechi.detection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.detection.engine.DetectionEngine;
import dev.haechi.detection.event.EventLineReader;
import dev.haechi.detection.event.EvtxDumpShape;
import dev.haechi.detection.pipeline.WindowsEvtxPipeline;
import dev.haechi.detection.rules.RuleLoader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Real Windows exports, in the three forms {@code evtx_dump} writes (fixtures: the evtx project's
 * own sample logs, {@code shared/data/real-world/evtx-dump/}, see its SOURCE.txt): JSON Lines by
 * default, JSON Lines with {@code --separate-json-attributes}, and {@code -o json} (pretty, with
 * {@code Record N} lines). The same log must give the same alerts, with the same timestamps, in
 * every form.
 */
class EvtxDumpFormsTest {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static DetectionEngine engine;

  @BeforeAll
  static void compileTheCorpus() {
    engine =
        DetectionEngine.compile(
            RuleLoader.load(List.of(SharedData.sigma().resolve("rules"))),
            List.of(WindowsEvtxPipeline.instance()));
  }

  static Path dump(String name) {
    return SharedData.root().resolve("real-world").resolve("evtx-dump").resolve(name);
  }

  @Test
  void every_separate_attributes_record_normalises_to_its_default_shape_twin() throws IOException {
    for (String log : List.of("system", "sysmon")) {
      List<String> plain = Files.readAllLines(dump(log + ".jsonl"), StandardCharsets.UTF_8);
      List<String> sep = Files.readAllLines(dump(log + ".sep.jsonl"), StandardCharsets.UTF_8);
      assertThat(sep).hasSameSizeAs(plain);
      for (int i = 0; i < plain.size(); i++) {
        JsonNode p = MAPPER.readTree(plain.get(i));
        JsonNode s = MAPPER.readTree(sep.get(i));
        assertThat(EvtxDumpShape.isSeparateAttributes(s)).isTrue();
        assertThat(EvtxDumpShape.isSeparateAttributes(p)).isFalse();
        assertThat(EvtxDumpShape.normalize(p)).isSameAs(p);
        assertThat(unwrapText(EvtxDumpShape.normalize(s)))
            .as("%s line %d", log, i + 1)
            .isEqualTo(unwrapText(p));
      }
    }
  }

  @Test
  void the_system_log_gives_the_same_alerts_and_times_in_both_json_lines_forms()
      throws IOException {
    List<String> plain = alerts(dump("system.jsonl"));
    List<String> sep = alerts(dump("system.sep.jsonl"));
    assertThat(plain).isNotEmpty();
    assertThat(sep).containsExactlyElementsOf(plain);
    assertThat(sep).noneMatch(a -> a.contains("@null"));
  }

  @Test
  void the_sysmon_log_gives_the_same_alerts_and_times_in_both_json_lines_forms()
      throws IOException {
    List<String> plain = alerts(dump("sysmon.jsonl"));
    List<String> sep = alerts(dump("sysmon.sep.jsonl"));
    assertThat(plain).isNotEmpty();
    assertThat(sep).containsExactlyElementsOf(plain);
    assertThat(sep).noneMatch(a -> a.contains("@null"));
  }

  @Test
  void pretty_record_output_is_read_as_the_same_events_as_json_lines() throws IOException {
    List<String> lines =
        Files.readAllLines(dump("new-user-security.jsonl"), StandardCharsets.UTF_8);
    List<JsonNode> records = new ArrayList<>();
    List<Long> starts = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(dump("new-user-security.pretty.json"))) {
      EventLineReader reader = new EventLineReader(in);
      EventLineReader.Item item;
      while ((item = reader.next()) != null) {
        assertThat(reader.prettyEvtxDump()).isTrue();
        records.add(MAPPER.readTree(item.text()));
        starts.add(item.line());
      }
    }
    assertThat(records).hasSameSizeAs(lines);
    for (int i = 0; i < lines.size(); i++) {
      assertThat(records.get(i)).isEqualTo(MAPPER.readTree(lines.get(i)));
    }
    assertThat(starts.get(0)).isEqualTo(2); // the line of the '{' after 'Record 1'
    List<String> fromPretty = new ArrayList<>();
    for (JsonNode r : records) {
      engine.evaluate(r, a -> fromPretty.add(a.ruleId() + "@" + a.timestamp()));
    }
    assertThat(fromPretty).containsExactlyElementsOf(alerts(dump("new-user-security.jsonl")));
  }

  @Test
  void a_truncated_pretty_record_is_handed_on_to_be_reported_not_lost() throws IOException {
    String text =
        "Record 1\n{\n  \"Event\": {\n    \"a\": 1\n  }\n}\nRecord 2\n{\n  \"Event\": {\n";
    EventLineReader reader = new EventLineReader(new BufferedReader(new StringReader(text)));
    assertThat(MAPPER.readTree(reader.next().text()).path("Event").path("a").asInt()).isEqualTo(1);
    EventLineReader.Item cut = reader.next();
    assertThat(cut.line()).isEqualTo(8);
    assertThat(cut.text()).startsWith("{");
    assertThat(reader.next()).isNull();
  }

  @Test
  void json_lines_are_read_line_by_line_with_their_numbers() throws IOException {
    EventLineReader reader =
        new EventLineReader(new BufferedReader(new StringReader("\n{\"a\":1}\nRecord 3\n")));
    EventLineReader.Item first = reader.next();
    assertThat(first.line()).isEqualTo(2);
    assertThat(reader.prettyEvtxDump()).isFalse();
    assertThat(reader.next().text()).isEqualTo("Record 3"); // not JSON: reported by the caller
    assertThat(reader.next()).isNull();
  }

  private static List<String> alerts(Path file) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      engine.evaluate(line, a -> out.add(a.ruleId() + "@" + a.timestamp()));
    }
    return out;
  }

  /** {@code {"#text": x}} alone is read as {@code x} (Event.convert): compare with it unwrapped. */
  private static JsonNode unwrapText(JsonNode n) {
    if (n.isArray()) {
      var out = JsonNodeFactory.instance.arrayNode();
      n.values().forEach(e -> out.add(unwrapText(e)));
      return out;
    }
    if (!n.isObject()) {
      return n;
    }
    if (n.size() == 1 && n.get("#text") != null) {
      return unwrapText(n.get("#text"));
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      out.set(e.getKey(), unwrapText(e.getValue()));
    }
    return out;
  }
}
