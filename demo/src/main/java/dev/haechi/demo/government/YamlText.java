package dev.haechi.demo.government;

import dev.haechi.demo.output.JsonText;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * YAML scalars for the catalog files: a value is written plain when YAML 1.1 and 1.2 readers both
 * take it as the same string (a name, a reference, a duration), and double-quoted otherwise — a
 * double-quoted JSON string is also a valid YAML double-quoted scalar (YAML 1.2 §7.3.1), so Hangul
 * and punctuation pass through unchanged. Dates are written plain on purpose, as FORMATS.md §3
 * writes them.
 */
final class YamlText {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z][A-Za-z0-9._/:-]*");
  private static final Set<String> RESERVED =
      Set.of("true", "false", "yes", "no", "on", "off", "y", "n", "null", "nan", "inf");

  private YamlText() {}

  static String scalar(String value) {
    if (PLAIN.matcher(value).matches()
        && !RESERVED.contains(value.toLowerCase(Locale.ROOT))
        && !value.endsWith(":")) {
      return value;
    }
    return JsonText.quote(new StringBuilder(), value).toString();
  }

  /** A flow sequence: {@code [a, b]}. */
  static String flow(List<String> values) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(scalar(values.get(i)));
    }
    return b.append(']').toString();
  }
}
