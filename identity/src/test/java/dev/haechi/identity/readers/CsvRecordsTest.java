package dev.haechi.identity.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haechi.core.InputException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordsTest {

  static List<List<String>> all(String csv) {
    CsvRecords r = new CsvRecords(new StringReader(csv), "t.csv");
    List<List<String>> out = new ArrayList<>();
    List<String> rec;
    while ((rec = r.next()) != null) {
      out.add(rec);
    }
    return out;
  }

  @Test
  void quoted_fields_keep_commas_doubled_quotes_and_line_breaks() {
    assertThat(all("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",,x\r\n"))
        .containsExactly(List.of("a", "b,c", "say \"hi\""), List.of("two\nlines", "", "x"));
  }

  @Test
  void record_line_is_where_the_record_starts_even_after_a_multi_line_field() {
    CsvRecords r = new CsvRecords(new StringReader("h\n\"a\nb\"\nc\n"), "t.csv");
    r.next();
    r.next();
    assertThat(r.recordLine()).isEqualTo(2);
    assertThat(r.next()).containsExactly("c");
    assertThat(r.recordLine()).isEqualTo(4);
  }

  @Test
  void byte_order_mark_and_missing_final_line_break_are_accepted() {
    assertThat(all("\uFEFFa,b\n1,2")).containsExactly(List.of("a", "b"), List.of("1", "2"));
  }

  @Test
  void unclosed_quote_names_the_line_it_opened_on() {
    assertThatThrownBy(() -> all("a\n\"open\n\n"))
        .isInstanceOf(InputException.class)
        .hasMessage("t.csv:2: quoted field is never closed");
  }

  @Test
  void text_after_a_closing_quote_is_rejected() {
    assertThatThrownBy(() -> all("\"a\"b\n"))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("t.csv:1: unexpected character after closing quote");
  }

  @Test
  void quote_inside_an_unquoted_field_is_rejected() {
    assertThatThrownBy(() -> all("ok\nab\"c\n"))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("t.csv:2: quote inside an unquoted field");
  }
}
