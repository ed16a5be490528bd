package dev.haechi.detection.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Which search identifiers {@code 1 of …} / {@code all of …} cover. */
public final class Quantifiers {
  private Quantifiers() {}

  /**
   * The identifiers a quantifier covers: {@code them} (null pattern) is every identifier not
   * starting with '_' (Sigma rules specification, "1/all of them"); a pattern matches with '*' as
   * any run of characters.
   */
  public static List<String> matching(String pattern, Iterable<String> names) {
    Pattern p = null;
    if (pattern != null) {
      List<String> quoted = new ArrayList<>();
      for (String part : pattern.split("\\*", -1)) {
        quoted.add(Pattern.quote(part));
      }
      p = Pattern.compile(String.join(".*", quoted));
    }
    List<String> out = new ArrayList<>();
    for (String n : names) {
      if (p == null ? !n.startsWith("_") : p.matcher(n).matches()) {
        out.add(n);
      }
    }
    return out;
  }
}
