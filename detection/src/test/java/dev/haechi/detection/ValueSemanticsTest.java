package dev.haechi.detection;

import static dev.haechi.detection.Rules.fires;
import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.detection.engine.DetectionEngine;
import dev.haechi.detection.engine.EventTime;
import dev.haechi.detection.pipeline.PipelineLoader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Values (issue 11 item 8), each case a small rule and event with the expected answer and where it
 * comes from. {@link Rules#fires} also fails when the candidate index and the full scan disagree.
 */
class ValueSemanticsTest {
  // --- null: "field: null" matches only an absent field or JSON null (pySigma SigmaNull: the
  // backends' "field is null / does not exist"); an empty array or object is a present value

  @Test
  void null_matches_an_absent_field_or_json_null_only() {
    String d = "sel: {a: null}\ncondition: sel";
    assertThat(fires(d, "{}")).isTrue();
    assertThat(fires(d, "{\"a\":null}")).isTrue();
    assertThat(fires(d, "{\"a\":\"\"}")).isFalse();
    assertThat(fires(d, "{\"a\":\"null\"}")).isFalse();
    assertThat(fires(d, "{\"a\":0}")).isFalse();
    assertThat(fires(d, "{\"a\":[]}")).as("empty array is present").isFalse();
    assertThat(fires(d, "{\"a\":{}}")).as("object is present").isFalse();
    assertThat(fires(d, "{\"a\":{\"b\":1}}")).as("object is present").isFalse();
  }

  @Test
  void not_null_is_the_exact_complement() {
    String d = "sel: {a: null}\ncondition: not sel";
    assertThat(fires(d, "{\"a\":[]}")).isTrue();
    assertThat(fires(d, "{\"a\":\"x\"}")).isTrue();
    assertThat(fires(d, "{}")).isFalse();
  }

  // --- epoch time: seconds and milliseconds told apart by magnitude (detection README)

  @Test
  void epoch_seconds_and_milliseconds_are_told_apart_by_magnitude() {
    Instant t = Instant.parse("2025-06-24T03:12:45Z");
    assertThat(EventTime.instant(Rules.json("{\"@timestamp\":1750734765}"))).isEqualTo(t);
    assertThat(EventTime.instant(Rules.json("{\"@timestamp\":1750734765000}"))).isEqualTo(t);
    assertThat(EventTime.instant(Rules.json("{\"@timestamp\":\"1750734765\"}"))).isEqualTo(t);
    assertThat(EventTime.instant(Rules.json("{\"@timestamp\":1750734765.5}")))
        .isEqualTo(t.plusMillis(500));
    assertThat(EventTime.instant(Rules.json("{\"timestamp\":1750734765000000}"))).isEqualTo(t);
    assertThat(EventTime.instant(Rules.json("{\"timestamp\":1750734765000000000}"))).isEqualTo(t);
    // the alert's timestamp is an ISO-8601 instant, not the raw number
    assertThat(EventTime.text(Rules.json("{\"@timestamp\":1750734765}")))
        .isEqualTo("2025-06-24T03:12:45Z");
    assertThat(EventTime.text(Rules.json("{\"@timestamp\":\"2025-06-24T03:12:45.123Z\"}")))
        .isEqualTo("2025-06-24T03:12:45.123Z");
    assertThat(EventTime.instant(Rules.json("{\"@timestamp\":\"not a time\"}"))).isNull();
  }

  @Test
  void an_epoch_seconds_event_is_correlated_at_its_real_time() {
    DetectionEngine e =
        Rules.engine(
            """
            title: base
            id: b1
            name: base
            logsource: {product: test}
            detection:
              sel: {a: x}
              condition: sel
            ---
            title: two in a minute
            id: c1
            correlation:
              type: event_count
              rules: [base]
              timespan: 1m
              condition: {gte: 2}
            """);
    List<String> alerts = new ArrayList<>();
    // the base rule feeds the correlation only (silenced); the correlation fires at the second
    // event, at its real time: read as milliseconds it would be dated January 1970
    e.evaluate("{\"@timestamp\":1750734765,\"a\":\"x\"}", a -> alerts.add(a.ruleId()));
    e.evaluate(
        "{\"@timestamp\":1750734795,\"a\":\"x\"}",
        a -> alerts.add(a.ruleId() + "@" + a.timestamp()));
    e.flush(a -> alerts.add(a.ruleId() + "@" + a.timestamp()));
    assertThat(alerts).containsExactly("c1@2025-06-24T03:13:15Z");
  }

  // --- Unicode case folding: index and full scan fold alike, per code point

  @Test
  void case_insensitive_matching_folds_greek_final_sigma_and_dotted_i_per_character() {
    // String.toLowerCase folds "ΟΣ" to "ος" (final sigma) but "ΟΣΑ" to "οσα": a contains would
    // miss; per-character folding (Java regex UNICODE_CASE, equalsIgnoreCase) matches
    assertThat(fires("sel: {a|contains: 'ΟΣ'}\ncondition: sel", "{\"a\":\"ΟΣΑ\"}")).isTrue();
    assertThat(fires("sel: {a|contains: 'οσ'}\ncondition: sel", "{\"a\":\"ΚΟΣΜΟΣ\"}")).isTrue();
    assertThat(fires("sel: {a: 'σοφία'}\ncondition: sel", "{\"a\":\"ΣΟΦΊΑ\"}")).isTrue();
    // "İ".toLowerCase() is two characters; one '?' must still stand for it
    assertThat(fires("sel: {a: 'x?y'}\ncondition: sel", "{\"a\":\"xİy\"}")).isTrue();
    assertThat(fires("sel: {a|endswith: 'İ'}\ncondition: sel", "{\"a\":\"Kİ\"}")).isTrue();
    assertThat(fires("sel: {a|startswith: 'k'}\ncondition: sel", "{\"a\":\"\u212Aelvin\"}"))
        .as("Kelvin sign folds to k")
        .isTrue();
  }

  @Test
  void a_cased_value_is_found_by_the_index_whatever_its_lower_case_would_be() {
    // the index looked for lower("ΟΣ") = "ος" in lower("ΟΣΑ") = "οσα": a miss the full scan did
    // not make (Rules.fires throws on any disagreement)
    assertThat(fires("sel: {a|contains|cased: 'ΟΣ'}\ncondition: sel", "{\"a\":\"ΟΣΑ\"}")).isTrue();
    assertThat(fires("sel: {a|contains|cased: 'ΟΣ'}\ncondition: sel", "{\"a\":\"οσα\"}")).isFalse();
    assertThat(fires("sel: {a|cased: 'İ'}\ncondition: sel", "{\"a\":\"İ\"}")).isTrue();
  }

  // --- neq with a list: pySigma's neq negates the detection item (SigmaNegateModifier), so
  // a|neq: [x, y] is NOT (a = x OR a = y)

  @Test
  void neq_with_a_list_means_none_of_the_values() {
    String d = "sel: {a|neq: [x, y]}\ncondition: sel";
    assertThat(fires(d, "{\"a\":\"x\"}")).isFalse();
    assertThat(fires(d, "{\"a\":\"Y\"}")).isFalse();
    assertThat(fires(d, "{\"a\":\"z\"}")).isTrue();
    assertThat(fires(d, "{\"a\":[\"z\",\"x\"]}")).as("an element equals x").isFalse();
    assertThat(fires(d, "{}")).as("absent is not different").isFalse();
    assertThat(fires("sel: {a|neq|contains: [foo, bar]}\ncondition: sel", "{\"a\":\"a bar\"}"))
        .isFalse();
    assertThat(fires("sel: {a|neq|contains: [foo, bar]}\ncondition: sel", "{\"a\":\"baz\"}"))
        .isTrue();
    assertThat(
            fires(
                "sel: {a|fieldref|neq: [b, c]}\ncondition: sel",
                "{\"a\":\"x\",\"b\":\"y\",\"c\":\"x\"}"))
        .isFalse();
    assertThat(
            fires(
                "sel: {a|fieldref|neq: [b, c]}\ncondition: sel",
                "{\"a\":\"x\",\"b\":\"y\",\"c\":\"z\"}"))
        .isTrue();
  }

  // --- cidr on IPv4-mapped IPv6

  @Test
  void cidr_reads_an_ipv4_mapped_ipv6_address_as_its_ipv4_address() {
    String d = "sel: {ip|cidr: 10.0.0.0/8}\ncondition: sel";
    assertThat(fires(d, "{\"ip\":\"::ffff:10.1.2.3\"}")).isTrue();
    assertThat(fires(d, "{\"ip\":\"::FFFF:10.1.2.3\"}")).isTrue();
    assertThat(fires(d, "{\"ip\":\"::ffff:192.168.1.1\"}")).isFalse();
    assertThat(fires(d, "{\"ip\":\"10.1.2.3\"}")).isTrue();
    assertThat(fires(d, "{\"ip\":\"::10.1.2.3\"}")).as("IPv4-compatible is not mapped").isFalse();
    assertThat(fires(d, "{\"ip\":\"2001:db8::1\"}")).isFalse();
    assertThat(
            fires("sel: {ip|cidr: '::ffff:10.0.0.0/104'}\ncondition: sel", "{\"ip\":\"10.9.9.9\"}"))
        .isTrue();
  }

  // --- numbers: 4688.0 is 4688

  @Test
  void an_integral_json_float_equals_the_rule_integer() {
    assertThat(fires("sel: {EventID: 4688}\ncondition: sel", "{\"EventID\":4688.0}")).isTrue();
    assertThat(fires("sel: {EventID: 4688}\ncondition: sel", "{\"EventID\":4.688e3}")).isTrue();
    assertThat(fires("sel: {EventID: [4624, 4688]}\ncondition: sel", "{\"EventID\":4688.0}"))
        .isTrue();
    assertThat(fires("sel: {EventID: 4688}\ncondition: sel", "{\"EventID\":4688.5}")).isFalse();
    assertThat(fires("sel: {v: 1.5}\ncondition: sel", "{\"v\":1.50}")).isTrue();
  }

  @Test
  void an_integral_json_float_routes_through_the_windows_pipeline() {
    DetectionEngine e =
        Rules.engine(
            """
            title: proc
            id: p1
            logsource: {category: process_creation, product: windows}
            detection:
              sel: {CommandLine|contains: whoami}
              condition: sel
            """,
            PipelineLoader.resolve("windows-evtx"));
    String event =
        "{\"Event\":{\"System\":{\"EventID\":4688.0,\"Channel\":\"Security\"},"
            + "\"EventData\":{\"CommandLine\":\"whoami /all\"}}}";
    assertThat(Rules.fires(e, event)).isTrue();
  }

  // --- ecs maps Hashes so that IMPHASH= rules can match

  @Test
  void hashes_under_ecs_match_imphash_and_sha256_rules() {
    DetectionEngine e =
        Rules.engine(
            """
            title: imphash
            id: h1
            logsource: {category: process_creation, product: windows}
            detection:
              sel:
                Hashes|contains:
                  - IMPHASH=0EB64EACA8C951D760EEA1A941A2A3F7
              condition: sel
            ---
            title: sha256
            id: h2
            logsource: {category: process_creation, product: windows}
            detection:
              sel:
                Hashes|contains: SHA256=8F16A431C919A0AA7C9466EC1CDC1E721F30EB5C8182835585A1B74ABECB1920
              condition: sel
            """,
            PipelineLoader.resolve("ecs"));
    String event =
        "{\"host\":{\"os\":{\"type\":\"windows\"}},\"event\":{\"category\":[\"process\"],"
            + "\"type\":[\"start\"]},\"process\":{\"executable\":\"C:\\\\Windows\\\\PING.EXE\","
            + "\"hash\":{\"sha1\":\"ce8e487cb76704fe5fbb821a78a1e969efbe71f9\","
            + "\"sha256\":\"8f16a431c919a0aa7c9466ec1cdc1e721f30eb5c8182835585a1b74abecb1920\"},"
            + "\"pe\":{\"imphash\":\"0eb64eaca8c951d760eea1a941a2a3f7\"}}}";
    List<String> ids = new ArrayList<>();
    e.evaluate(event, a -> ids.add(a.ruleId()));
    assertThat(ids).containsExactly("h1", "h2");
    List<String> none = new ArrayList<>();
    e.evaluate(
        event.replace("0eb64eaca8c951d760eea1a941a2a3f7", "ffff"), a -> none.add(a.ruleId()));
    assertThat(none).containsExactly("h2");
  }
}
