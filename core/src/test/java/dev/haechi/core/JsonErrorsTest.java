package dev.haechi.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonErrorsTest {

  /** Messages as Jackson 3.1 writes them (getOriginalMessage()) for common broken files. */
  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "Unexpected end-of-input: expected close marker for Object (start marker at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); byte offset: #UNKNOWN])|the file ends before an object ('{') is closed",
        "Unexpected end-of-input: expected close marker for Array (start marker at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 1])|the file ends before a list ('[') is closed",
        "Unexpected end-of-input: was expecting closing quote for a string value|the file ends inside a string (a closing '\"' is missing)",
        "Unexpected character ('}' (code 125)): was expecting double-quote to start property name|unexpected '}' where a property name in double quotes belongs (a comma before '}'?)",
        "Unexpected character ('/' (code 47)): maybe a (non-standard) comment? (not recognized as one since Feature 'ALLOW_COMMENTS' not enabled for parser)|comments are not allowed in JSON",
        "Unexpected character (''' (code 39)): was expecting double-quote to start property name|property names must be in double quotes, not single quotes",
        "Non-standard token 'NaN': enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow|'NaN' is not a JSON value (expected a string in double quotes, a number, true, false, null, an object or a list)",
        "Unexpected character ('1' (code 49)): was expecting a colon to separate property name and value|unexpected '1': a ':' must follow the property name",
        "Unexpected character ('}' (code 125)): expected a value|unexpected '}' where a value belongs (a comma before '}'?)",
        "Unexpected close marker '}': no open Object to close|unexpected '}' that closes nothing",
        "Illegal unquoted character ((CTRL-CHAR, code 1)): has to be escaped using backslash to be included in string value|a control character (code 1) inside a string must be escaped",
        "Invalid numeric value: Leading zeroes not allowed|invalid number: leading zeroes not allowed",
        "Something new (start marker at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 3, column: 1])|something new",
      })
  void parser_messages_become_plain_words_without_parser_internals(String raw, String plain) {
    String out = JsonErrors.plain(raw);

    assertThat(out).isEqualTo(plain);
    assertThat(out).doesNotContain("Feature", "Source:", "REDACTED", "code 125", "`");
  }
}
