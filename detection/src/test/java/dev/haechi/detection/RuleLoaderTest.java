package dev.haechi.detection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.detection.rules.LoadFailure;
import dev.haechi.detection.rules.RuleLoader;
import dev.haechi.detection.rules.RuleSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad rules are reported with file, document and reason, and never stop the others. */
class RuleLoaderTest {
  private static final String GOOD =
      "title: good\nid: g\nlogsource: {product: x}\ndetection: {sel: {a: 1}, condition: sel}\n";

  private static String reasonFor(String yaml) {
    RuleSet set = RuleLoader.loadText("bad.yml", yaml);
    assertThat(set.rules()).isEmpty();
    assertThat(set.report().failures()).hasSize(1);
    LoadFailure f = set.report().failures().get(0);
    assertThat(f.file()).isEqualTo("bad.yml");
    return f.reason();
  }

  @Test
  void unknown_modifier_is_named() {
    assertThat(
            reasonFor(
                "title: t\nlogsource: {product: x}\ndetection: {sel: {a|sparkles: 1}, condition: sel}"))
        .contains("unsupported modifier 'sparkles'");
  }

  @Test
  void undefined_identifier_in_condition_is_named() {
    assertThat(
            reasonFor(
                "title: t\nlogsource: {product: x}\ndetection: {sel: {a: 1}, condition: other}"))
        .contains("undefined search identifier 'other'");
  }

  @Test
  void quantifier_matching_nothing_is_an_error() {
    assertThat(
            reasonFor(
                "title: t\nlogsource: {product: x}\ndetection: {sel: {a: 1}, condition: 1 of filter_*}"))
        .contains("matches no search identifier");
  }

  @Test
  void regex_flag_without_re_and_encoding_without_base64_are_errors() {
    assertThat(
            reasonFor(
                "title: t\nlogsource: {product: x}\ndetection: {sel: {a|i: x}, condition: sel}"))
        .contains("only allowed after 're'");
    assertThat(
            reasonFor(
                "title: t\nlogsource: {product: x}\ndetection: {sel: {a|wide: x}, condition: sel}"))
        .contains("must be followed by 'base64'");
  }

  @Test
  void missing_sections_and_yaml_errors_are_reported() {
    assertThat(reasonFor("title: t\nlogsource: {product: x}\n")).contains("no 'detection'");
    assertThat(reasonFor("title: t\ndetection: {sel: {a: 1}, condition: sel}"))
        .contains("'logsource' is missing");
    assertThat(reasonFor("title: [unclosed\n")).contains("YAML error at line");
    assertThat(reasonFor("title: t\ntitle: u\nlogsource: {}\ndetection: {s: {a: 1}, condition: s}"))
        .contains("YAML error");
  }

  @Test
  void one_bad_document_does_not_keep_the_others_from_loading(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.yml"), GOOD);
    Files.writeString(
        dir.resolve("b.yml"),
        "title: bad\nlogsource: {}\ndetection: {condition: x}\n---\n"
            + GOOD.replace("id: g", "id: g2"));
    RuleSet set = RuleLoader.load(List.of(dir));
    assertThat(set.rules()).extracting(r -> r.id()).containsExactly("g", "g2");
    assertThat(set.report().failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.file()).endsWith("b.yml");
              assertThat(f.document()).isEqualTo(1);
            });
  }

  @Test
  void correlation_referring_to_an_unknown_rule_fails_at_load() {
    RuleSet set =
        RuleLoader.loadText(
            "c.yml",
            GOOD
                + "---\ntitle: c\ncorrelation: {type: event_count, rules: [nope], group-by: [a],"
                + " timespan: 5m, condition: {gte: 2}}\n");
    assertThat(set.correlations()).isEmpty();
    assertThat(set.report().failures())
        .singleElement()
        .satisfies(f -> assertThat(f.reason()).contains("unknown rule(s) [nope]"));
  }
}
