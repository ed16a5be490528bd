package dev.haechi.detection;

import static dev.haechi.detection.Rules.fires;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** One behaviour per modifier of the Sigma v2.1 modifiers appendix, plus plain value matching. */
class ModifierTest {
  @Test
  void plain_values_match_whole_value_case_insensitively() {
    String d = "sel: {Image: 'C:\\Windows\\cmd.exe'}\ncondition: sel";
    assertThat(fires(d, "{\"Image\":\"c:\\\\windows\\\\CMD.EXE\"}")).isTrue();
    assertThat(fires(d, "{\"Image\":\"c:\\\\windows\\\\cmd.exe2\"}")).isFalse();
  }

  @Test
  void wildcards_star_and_question_mark_match_and_can_be_escaped() {
    assertThat(fires("sel: {a: 'ab*d?'}\ncondition: sel", "{\"a\":\"abXYZdQ\"}")).isTrue();
    assertThat(fires("sel: {a: 'ab*d?'}\ncondition: sel", "{\"a\":\"abXYZd\"}")).isFalse();
    assertThat(fires("sel: {a: 'a\\*b'}\ncondition: sel", "{\"a\":\"a*b\"}")).isTrue();
    assertThat(fires("sel: {a: 'a\\*b'}\ncondition: sel", "{\"a\":\"aXb\"}")).isFalse();
    assertThat(fires("sel: {a: 'a\\\\*'}\ncondition: sel", "{\"a\":\"a\\\\xyz\"}")).isTrue();
  }

  @Test
  void contains_startswith_endswith() {
    assertThat(fires("sel: {a|contains: 'mid'}\ncondition: sel", "{\"a\":\"xxMIDxx\"}")).isTrue();
    assertThat(fires("sel: {a|startswith: 'pre'}\ncondition: sel", "{\"a\":\"prefix\"}")).isTrue();
    assertThat(fires("sel: {a|startswith: 'pre'}\ncondition: sel", "{\"a\":\"xpre\"}")).isFalse();
    assertThat(fires("sel: {a|endswith: '.exe'}\ncondition: sel", "{\"a\":\"x.EXE\"}")).isTrue();
    assertThat(fires("sel: {a|endswith: '.exe'}\ncondition: sel", "{\"a\":\"x.exe.txt\"}"))
        .isFalse();
  }

  @Test
  void all_requires_every_value_and_lists_default_to_any() {
    String all = "sel: {a|contains|all: [foo, bar]}\ncondition: sel";
    assertThat(fires(all, "{\"a\":\"bar foo\"}")).isTrue();
    assertThat(fires(all, "{\"a\":\"foo\"}")).isFalse();
    assertThat(fires("sel: {a|contains: [foo, bar]}\ncondition: sel", "{\"a\":\"bar\"}")).isTrue();
  }

  @Test
  void cased_matches_case_sensitively() {
    assertThat(fires("sel: {a|cased: Foo}\ncondition: sel", "{\"a\":\"Foo\"}")).isTrue();
    assertThat(fires("sel: {a|cased: Foo}\ncondition: sel", "{\"a\":\"foo\"}")).isFalse();
    assertThat(fires("sel: {a|contains|cased: Foo}\ncondition: sel", "{\"a\":\"xfoo\"}")).isFalse();
  }

  @Test
  void exists_checks_presence_only() {
    assertThat(fires("sel: {a|exists: true}\ncondition: sel", "{\"a\":null}")).isTrue();
    assertThat(fires("sel: {a|exists: true}\ncondition: sel", "{\"b\":1}")).isFalse();
    assertThat(fires("sel: {a|exists: false}\ncondition: sel", "{\"b\":1}")).isTrue();
  }

  @Test
  void null_matches_absent_or_null_and_empty_string_matches_only_empty() {
    assertThat(fires("sel: {a: null}\ncondition: sel", "{\"b\":1}")).isTrue();
    assertThat(fires("sel: {a: null}\ncondition: sel", "{\"a\":null}")).isTrue();
    assertThat(fires("sel: {a: null}\ncondition: sel", "{\"a\":\"\"}")).isFalse();
    assertThat(fires("sel: {a: ''}\ncondition: sel", "{\"a\":\"\"}")).isTrue();
    assertThat(fires("sel: {a: ''}\ncondition: sel", "{\"b\":1}")).isFalse();
  }

  @Test
  void neq_holds_when_present_and_different() {
    assertThat(fires("sel: {a|neq: x}\ncondition: sel", "{\"a\":\"y\"}")).isTrue();
    assertThat(fires("sel: {a|neq: x}\ncondition: sel", "{\"a\":\"X\"}")).isFalse();
    assertThat(fires("sel: {a|neq: x}\ncondition: sel", "{\"b\":\"y\"}")).isFalse();
  }

  @Test
  void windash_accepts_every_dash_variant_at_flag_start() {
    String d = "sel: {CommandLine|windash|contains: ' -enc '}\ncondition: sel";
    for (String flag : new String[] {"-enc", "/enc", "\u2013enc", "\u2014enc", "\u2015enc"}) {
      assertThat(fires(d, "{\"CommandLine\":\"powershell " + flag + " AAA\"}")).as(flag).isTrue();
    }
    assertThat(fires(d, "{\"CommandLine\":\"powershell +enc AAA\"}")).isFalse();
  }

  @Test
  void base64_and_base64offset_find_encoded_text() {
    assertThat(fires("sel: {a|base64: 'cmd'}\ncondition: sel", "{\"a\":\"Y21k\"}")).isTrue();
    String off = "sel: {a|base64offset|contains: 'http://'}\ncondition: sel";
    for (String prefix : new String[] {"", "a", "ab"}) {
      String encoded =
          java.util.Base64.getEncoder().encodeToString((prefix + "http://evil/x").getBytes());
      assertThat(fires(off, "{\"a\":\"x" + encoded + "\"}")).as(prefix).isTrue();
    }
  }

  @Test
  void utf16_encodings_feed_base64() {
    String le =
        java.util.Base64.getEncoder()
            .encodeToString("cmd".getBytes(java.nio.charset.StandardCharsets.UTF_16LE));
    String be =
        java.util.Base64.getEncoder()
            .encodeToString("cmd".getBytes(java.nio.charset.StandardCharsets.UTF_16BE));
    assertThat(fires("sel: {a|wide|base64: 'cmd'}\ncondition: sel", "{\"a\":\"" + le + "\"}"))
        .isTrue();
    assertThat(fires("sel: {a|utf16le|base64: 'cmd'}\ncondition: sel", "{\"a\":\"" + le + "\"}"))
        .isTrue();
    assertThat(fires("sel: {a|utf16be|base64: 'cmd'}\ncondition: sel", "{\"a\":\"" + be + "\"}"))
        .isTrue();
    assertThat(fires("sel: {a|utf16|base64: 'cmd'}\ncondition: sel", "{\"a\":\"//5jAG0AZAA=\"}"))
        .isTrue();
  }

  @Test
  void re_is_case_sensitive_search_with_i_m_s_flags() {
    assertThat(fires("sel: {a|re: 'b.d'}\ncondition: sel", "{\"a\":\"abcde\"}")).isTrue();
    assertThat(fires("sel: {a|re: 'B.D'}\ncondition: sel", "{\"a\":\"abcde\"}")).isFalse();
    assertThat(fires("sel: {a|re|i: 'B.D'}\ncondition: sel", "{\"a\":\"abcde\"}")).isTrue();
    assertThat(fires("sel: {a|re: '^two$'}\ncondition: sel", "{\"a\":\"one\\ntwo\"}")).isFalse();
    assertThat(fires("sel: {a|re|m: '^two$'}\ncondition: sel", "{\"a\":\"one\\ntwo\"}")).isTrue();
    assertThat(fires("sel: {a|re: 'one.two'}\ncondition: sel", "{\"a\":\"one\\ntwo\"}")).isFalse();
    assertThat(fires("sel: {a|re|s: 'one.two'}\ncondition: sel", "{\"a\":\"one\\ntwo\"}")).isTrue();
  }

  @Test
  void cidr_matches_ipv4_and_ipv6_networks() {
    String d = "sel: {ip|cidr: ['10.0.0.0/8', 'fd00::/8']}\ncondition: sel";
    assertThat(fires(d, "{\"ip\":\"10.1.2.3\"}")).isTrue();
    assertThat(fires(d, "{\"ip\":\"11.1.2.3\"}")).isFalse();
    assertThat(fires(d, "{\"ip\":\"fd12::1\"}")).isTrue();
    assertThat(fires(d, "{\"ip\":\"fe80::1\"}")).isFalse();
    assertThat(fires(d, "{\"ip\":\"not-an-ip\"}")).isFalse();
  }

  @Test
  void numeric_comparisons_read_numbers_and_numeric_text() {
    assertThat(fires("sel: {n|gt: 5}\ncondition: sel", "{\"n\":6}")).isTrue();
    assertThat(fires("sel: {n|gt: 5}\ncondition: sel", "{\"n\":5}")).isFalse();
    assertThat(fires("sel: {n|gte: 5}\ncondition: sel", "{\"n\":\"5\"}")).isTrue();
    assertThat(fires("sel: {n|lt: 5}\ncondition: sel", "{\"n\":4.5}")).isTrue();
    assertThat(fires("sel: {n|lte: 5}\ncondition: sel", "{\"n\":\"x\"}")).isFalse();
  }

  @Test
  void time_parts_read_the_date_as_written() {
    String t = "{\"t\":\"2025-06-24T03:12:45.123Z\"}";
    assertThat(fires("sel: {t|hour: 3}\ncondition: sel", t)).isTrue();
    assertThat(fires("sel: {t|minute: 12}\ncondition: sel", t)).isTrue();
    assertThat(fires("sel: {t|day: 24}\ncondition: sel", t)).isTrue();
    assertThat(fires("sel: {t|month: 6}\ncondition: sel", t)).isTrue();
    assertThat(fires("sel: {t|year: 2025}\ncondition: sel", t)).isTrue();
    assertThat(fires("sel: {t|week: 26}\ncondition: sel", t)).isTrue();
    assertThat(fires("sel: {t|hour|gte: 22}\ncondition: sel", t)).isFalse();
  }

  @Test
  void fieldref_compares_two_fields_of_the_event() {
    String d = "sel: {a|fieldref: b}\ncondition: sel";
    assertThat(fires(d, "{\"a\":\"X\",\"b\":\"x\"}")).isTrue();
    assertThat(fires(d, "{\"a\":\"X\",\"b\":\"y\"}")).isFalse();
    assertThat(fires("sel: {a|fieldref|neq: b}\ncondition: sel", "{\"a\":\"X\",\"b\":\"y\"}"))
        .isTrue();
    assertThat(
            fires(
                "sel: {a|fieldref|startswith: b}\ncondition: sel", "{\"a\":\"abc\",\"b\":\"ab\"}"))
        .isTrue();
  }

  @Test
  void keywords_search_every_value_of_the_event() {
    String d = "keywords: ['evil', 'bad thing']\ncondition: keywords";
    assertThat(fires(d, "{\"x\":{\"y\":\"an EVIL value\"}}")).isTrue();
    assertThat(fires(d, "{\"x\":[\"no\",\"a bad thing\"]}")).isTrue();
    assertThat(fires(d, "{\"x\":\"good\"}")).isFalse();
    assertThat(
            fires(
                "keywords:\n  '|all': [foo, bar]\ncondition: keywords",
                "{\"a\":\"foo\",\"b\":\"bar\"}"))
        .isTrue();
  }

  @Test
  void dotted_fields_read_nested_and_flattened_json_and_arrays() {
    String d = "sel: {process.parent.name: cmd.exe}\ncondition: sel";
    assertThat(fires(d, "{\"process\":{\"parent\":{\"name\":\"cmd.exe\"}}}")).isTrue();
    assertThat(fires(d, "{\"process.parent.name\":\"cmd.exe\"}")).isTrue();
    assertThat(fires(d, "{\"process\":{\"parent.name\":\"cmd.exe\"}}")).isTrue();
    assertThat(fires("sel: {tags: b}\ncondition: sel", "{\"tags\":[\"a\",\"b\"]}")).isTrue();
  }

  @Test
  void numbers_in_rules_match_numbers_and_numeric_text() {
    assertThat(fires("sel: {EventID: 4688}\ncondition: sel", "{\"EventID\":4688}")).isTrue();
    assertThat(fires("sel: {EventID: 4688}\ncondition: sel", "{\"EventID\":\"4688\"}")).isTrue();
    assertThat(fires("sel: {EventID: 4688}\ncondition: sel", "{\"EventID\":46880}")).isFalse();
  }
}
