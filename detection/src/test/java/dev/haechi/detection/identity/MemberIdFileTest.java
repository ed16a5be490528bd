package dev.haechi.detection.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haechi.core.InputException;
import org.junit.jupiter.api.Test;

/** The two member file forms and their errors. */
class MemberIdFileTest {
  @Test
  void a_json_file_gives_ranges_and_explicit_ids() {
    KnownUserIds ids =
        MemberIdFile.json(
            "m.json",
            "{\"members\": [{\"first\": 10, \"count\": 5}, {\"first\": 100, \"count\": 1}],"
                + " \"ids\": [\"alice\", 7]}");
    assertThat(ids.contains("10")).isTrue();
    assertThat(ids.contains("14")).isTrue();
    assertThat(ids.contains("15")).isFalse();
    assertThat(ids.contains("100")).isTrue();
    assertThat(ids.contains("alice")).isTrue();
    assertThat(ids.contains("7")).isTrue();
    assertThat(ids.contains("8")).isFalse();
  }

  @Test
  void a_plain_file_has_one_id_per_line_with_comments_and_blanks_skipped() {
    KnownUserIds ids = MemberIdFile.lines("# members\n1000234\n\n  guest-9  \n#1000235\n");
    assertThat(ids.contains("1000234")).isTrue();
    assertThat(ids.contains("guest-9")).isTrue();
    assertThat(ids.contains("1000235")).isFalse();
    assertThat(ids.size()).isEqualTo(2);
  }

  @Test
  void malformed_json_and_bad_ranges_are_rejected_with_file_and_reason() {
    assertThatThrownBy(() -> MemberIdFile.json("m.json", "{\n\"members\": "))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("m.json")
        .hasMessageContaining("not JSON");
    assertThatThrownBy(
            () -> MemberIdFile.json("m.json", "{\"members\": {\"first\": -1, \"count\": 2}}"))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("negative");
    assertThatThrownBy(() -> MemberIdFile.json("m.json", "{\"members\": {\"first\": 1}}"))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("first");
  }
}
