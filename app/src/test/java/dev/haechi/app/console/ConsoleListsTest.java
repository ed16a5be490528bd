package dev.haechi.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.identity.correlation.CorrelationCase;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The short lists' filters, for the list the browser tests have no demo data for. */
class ConsoleListsTest {
  static final List<CorrelationCase> CASES =
      List.of(
          new CorrelationCase("gw:jkim", "gw", "jkim", "same-name", List.of("E100", "E200")),
          new CorrelationCase("vpn:park", "vpn", "park", "same-email", List.of("E300", "E301")),
          new CorrelationCase("gw:park2", "gw", "park2", "same-name", List.of("E300", "E302")));

  @Test
  void correlation_cases_filter_by_rule_and_text_and_export_the_same_rows() {
    assertThat(ConsoleLists.correlationCases(CASES, null, " ")).hasSize(3);
    assertThat(ConsoleLists.correlationCases(CASES, "same-name", null))
        .extracting(CorrelationCase::accountKey)
        .containsExactly("gw:jkim", "gw:park2");
    // a candidate's ID, any case
    assertThat(ConsoleLists.correlationCases(CASES, null, "e300"))
        .extracting(CorrelationCase::accountKey)
        .containsExactly("vpn:park", "gw:park2");
    assertThat(ConsoleLists.correlationCases(CASES, "same-email", "E300")).hasSize(1);
    var t =
        ConsoleLists.correlationCasesTable(
            ConsoleLists.correlationCases(CASES, "same-name", "park"));
    assertThat(Exports.csv(t))
        .isEqualTo(
            "\uFEFFaccount,system,account_id,rule,candidates\r\n"
                + "gw:park2,gw,park2,same-name,E300; E302\r\n");
  }

  @Test
  void blank_filters_do_not_filter_and_status_matches_whole_words() {
    assertThat(ConsoleLists.is(null, "open")).isTrue();
    assertThat(ConsoleLists.is("", "open")).isTrue();
    assertThat(ConsoleLists.is("open", "opened")).isFalse();
    assertThat(ConsoleLists.is("OPEN", "open")).isTrue();
    assertThat(ConsoleLists.contains("토큰", "위조 토큰, 서명")).isTrue();
    assertThat(ConsoleLists.contains("x", (String) null)).isFalse();
  }
}
