package dev.haechi.detection;

import static dev.haechi.detection.Rules.engine;
import static dev.haechi.detection.Rules.fires;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haechi.core.InputException;
import dev.haechi.detection.engine.DetectionEngine;
import dev.haechi.detection.pipeline.PipelineLoader;
import dev.haechi.detection.pipeline.ProcessingPipeline;
import dev.haechi.detection.pipeline.WindowsEvtxPipeline;
import dev.haechi.detection.rules.RuleLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** pySigma YAML pipelines and the built-in windows-evtx routing. */
class PipelineTest {
  private static final String PROC =
      "title: p\nid: p1\nlogsource: {category: process_creation, product: windows}\n"
          + "detection:\n  sel: {Image|endswith: '\\whoami.exe'}\n  condition: sel\n";

  private static String evtx(String channel, int id, String data) {
    return "{\"Event\":{\"System\":{\"Provider\":{\"#attributes\":{\"Name\":\"P\"}},\"EventID\":"
        + id
        + ",\"Channel\":\""
        + channel
        + "\"},\"EventData\":{"
        + data
        + "}}}";
  }

  @Test
  void process_creation_routes_to_sysmon_1_and_security_4688_with_its_field_mapping() {
    DetectionEngine e = engine(PROC, WindowsEvtxPipeline.instance());
    String image = "\"C:\\\\Windows\\\\whoami.exe\"";
    assertThat(fires(e, evtx("Microsoft-Windows-Sysmon/Operational", 1, "\"Image\":" + image)))
        .isTrue();
    assertThat(fires(e, evtx("Security", 4688, "\"NewProcessName\":" + image))).isTrue();
    assertThat(fires(e, evtx("Microsoft-Windows-Sysmon/Operational", 3, "\"Image\":" + image)))
        .isFalse();
    assertThat(fires(e, evtx("Security", 1, "\"Image\":" + image))).isFalse();
  }

  @Test
  void evtx_fields_resolve_from_system_attributes_and_event_data() {
    String rule =
        "title: s\nid: s1\nlogsource: {product: windows, service: security}\n"
            + "detection:\n  sel: {Provider_Name: P, EventID: 4624, LogonType: 3}\n  condition: sel\n";
    DetectionEngine e = engine(rule, WindowsEvtxPipeline.instance());
    assertThat(fires(e, evtx("Security", 4624, "\"LogonType\":3"))).isTrue();
    assertThat(fires(e, evtx("System", 4624, "\"LogonType\":3"))).isFalse();
  }

  @Test
  void field_name_mapping_add_condition_and_change_logsource_apply_by_log_source() {
    ProcessingPipeline p =
        PipelineLoader.parse(
            "p.yml",
            """
            name: test
            priority: 20
            transformations:
              - type: change_logsource
                product: gw
                rule_conditions: [{type: logsource, product: windows}]
              - type: field_name_mapping
                mapping: {Image: [process.executable, process.name]}
                rule_conditions: [{type: logsource, product: gw}]
              - type: add_condition
                conditions: {event.kind: event}
                rule_conditions: [{type: logsource, category: process_creation}]
            """);
    DetectionEngine e = engine(PROC, p);
    assertThat(
            fires(e, "{\"event\":{\"kind\":\"event\"},\"process\":{\"name\":\"x\\\\whoami.exe\"}}"))
        .isTrue();
    assertThat(
            fires(
                e,
                "{\"event\":{\"kind\":\"event\"},\"process\":{\"executable\":\"x\\\\whoami.exe\"}}"))
        .isTrue();
    assertThat(
            fires(e, "{\"event\":{\"kind\":\"alert\"},\"process\":{\"name\":\"x\\\\whoami.exe\"}}"))
        .isFalse();
    assertThat(fires(e, "{\"event\":{\"kind\":\"event\"},\"Image\":\"x\\\\whoami.exe\"}"))
        .isFalse();
  }

  /** Found by Jazzer (ReadersFuzzTest#pipeline): an empty condition value threw an NPE. */
  @Test
  void an_add_condition_value_left_empty_is_read_as_null_not_a_crash() {
    ProcessingPipeline p =
        PipelineLoader.parse(
            "p.yml",
            """
            name: test
            priority: 20
            transformations:
              - type: add_condition
                conditions: {cloud.providera :zure}
            """);
    DetectionEngine e = engine(PROC, p);
    assertThat(e.rules()).hasSize(1);
    // the added condition asks for a field that is null; this event has it set
    assertThat(fires(e, "{\"cloud\":{\"providera :zure\":\"x\"},\"Image\":\"x\\\\whoami.exe\"}"))
        .isFalse();
  }

  /** Found by Jazzer (ReadersFuzzTest#pipeline re-run): an empty rule condition threw an NPE. */
  @Test
  void an_empty_rule_condition_is_refused_with_a_reason() {
    assertThatThrownBy(
            () ->
                PipelineLoader.parse(
                    "p.yml",
                    """
                    name: test
                    transformations:
                      - type: add_condition
                        conditions: {a: b}
                        rule_conditions: [~]
                    """))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("rule_conditions");
  }

  @Test
  void expand_takes_placeholder_values_from_pipeline_vars() {
    String rule =
        "title: x\nid: x1\nlogsource: {product: gw}\n"
            + "detection:\n  sel: {user|expand: '%admins%'}\n  condition: sel\n";
    ProcessingPipeline p =
        PipelineLoader.parse(
            "p.yml",
            "name: v\nvars: {admins: [root, 'adm_*']}\ntransformations:\n  - type: value_placeholders\n");
    DetectionEngine e = engine(rule, p);
    assertThat(fires(e, "{\"user\":\"root\"}")).isTrue();
    assertThat(fires(e, "{\"user\":\"adm_kim\"}")).isTrue();
    assertThat(fires(e, "{\"user\":\"kim\"}")).isFalse();
  }

  @Test
  void a_placeholder_without_value_is_a_compile_failure_not_a_silent_miss() {
    var set =
        RuleLoader.loadText(
            "x.yml",
            "title: x\nid: x1\nlogsource: {product: gw}\n"
                + "detection:\n  sel: {user|expand: '%admins%'}\n  condition: sel\n");
    DetectionEngine e = DetectionEngine.compile(set, List.of());
    assertThat(e.rules()).isEmpty();
    assertThat(e.failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.file()).isEqualTo("x.yml");
              assertThat(f.reason()).contains("%admins%");
            });
  }

  @Test
  void wildcard_placeholders_turn_unknown_placeholders_into_wildcards() {
    String rule =
        "title: x\nid: x1\nlogsource: {product: gw}\n"
            + "detection:\n  sel: {user|expand: 'adm_%who%'}\n  condition: sel\n";
    ProcessingPipeline p =
        PipelineLoader.parse(
            "p.yml", "name: w\ntransformations:\n  - type: wildcard_placeholders\n");
    assertThat(fires(engine(rule, p), "{\"user\":\"adm_anyone\"}")).isTrue();
  }

  @Test
  void unsupported_transformations_are_rejected_by_name() {
    assertThatThrownBy(
            () ->
                PipelineLoader.parse(
                    "bad.yml", "name: b\ntransformations:\n  - type: set_state\n    key: k\n"))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("bad.yml")
        .hasMessageContaining("transformation 1")
        .hasMessageContaining("set_state");
  }

  @Test
  void ecs_builtin_maps_windows_names_to_ecs_fields() {
    DetectionEngine e = engine(PROC, PipelineLoader.resolve("ecs"));
    assertThat(
            fires(
                e,
                "{\"host\":{\"os\":{\"type\":\"windows\"}},"
                    + "\"process\":{\"executable\":\"C:\\\\x\\\\whoami.exe\"}}"))
        .isTrue();
    // a Windows rule is scoped to Windows hosts (host.os.type)
    assertThat(fires(e, "{\"process\":{\"executable\":\"C:\\\\x\\\\whoami.exe\"}}")).isFalse();
  }

  @Test
  void an_empty_transformation_item_is_refused_by_its_position() {
    // Found by InputFuzz: "  - " with nothing after it made the loader throw a
    // NullPointerException.
    assertThatThrownBy(
            () ->
                PipelineLoader.parse(
                    "bad.yml", "name: b\ntransformations:\n  - \n  - type: field_name_mapping\n"))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("bad.yml")
        .hasMessageContaining("transformation 1");
  }

  @Test
  void a_key_given_twice_is_refused_not_silently_overridden() {
    assertThatThrownBy(
            () ->
                PipelineLoader.parse(
                    "dup.yml",
                    "name: a\nname: b\ntransformations:\n  - type: field_name_mapping\n"
                        + "    mapping: {Image: process.executable}\n"))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("dup.yml")
        .hasMessageContaining("duplicate key");
  }
}
