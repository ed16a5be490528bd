package dev.haechi.detection.compiler;

import dev.haechi.detection.pipeline.RuleVariant;
import dev.haechi.detection.rules.FieldCondition;
import dev.haechi.detection.rules.Modifier;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles the values of one detection item into {@link ValueMatcher}s, applying the modifiers in
 * the order written (as pySigma does): {@code expand} placeholders, {@code windash}, the UTF-16
 * encodings feeding {@code base64}/{@code base64offset}, then {@code contains}/{@code
 * startswith}/{@code endswith}; or {@code re}, {@code cidr}, numeric and time-part comparisons.
 * Keyword values (no field) are searched as substrings of any value in the event.
 */
final class ValueMatchers {
  private static final Pattern PLACEHOLDER = Pattern.compile("%([^%\\s]+)%");

  record Compiled(ValueMatcher[] matchers, boolean all, boolean negate) {}

  private ValueMatchers() {}

  static Compiled compile(FieldCondition fc, RuleVariant v, boolean keyword) {
    List<ValueMatcher> out = new ArrayList<>();
    for (Object value : fc.values()) {
      out.add(one(fc, value, v, keyword));
    }
    return new Compiled(
        out.toArray(new ValueMatcher[0]), fc.has(Modifier.ALL), fc.has(Modifier.NEQ));
  }

  private static ValueMatcher one(FieldCondition fc, Object value, RuleVariant v, boolean keyword) {
    String where = (fc.field() == null ? "keywords" : fc.field()) + " value '" + value + "'";
    if (value == null) {
      return NullMatcher.INSTANCE;
    }
    Modifier comparison =
        fc.modifiers().stream().filter(Modifier::isComparison).findFirst().orElse(null);
    Modifier timePart =
        fc.modifiers().stream().filter(Modifier::isTimePart).findFirst().orElse(null);
    if (timePart != null) {
      return new TimePartMatcher(timePart, comparison, number(value, where));
    }
    if (comparison != null) {
      return new NumberMatcher(comparison, number(value, where));
    }
    List<String> raws = fc.has(Modifier.EXPAND) ? expand(String.valueOf(value), v, where) : null;
    if (fc.has(Modifier.RE)) {
      List<ValueMatcher> alts = new ArrayList<>();
      for (String r : raws == null ? List.of(String.valueOf(value)) : raws) {
        alts.add(RegexMatcher.of(r, fc.has(Modifier.I), fc.has(Modifier.M), fc.has(Modifier.S)));
      }
      return AnyOfMatcher.of(alts);
    }
    if (fc.has(Modifier.CIDR)) {
      List<ValueMatcher> alts = new ArrayList<>();
      for (String r : raws == null ? List.of(String.valueOf(value)) : raws) {
        alts.add(CidrMatcher.of(r));
      }
      return AnyOfMatcher.of(alts);
    }
    List<SigmaString> strings = new ArrayList<>();
    if (raws != null) {
      raws.forEach(r -> strings.add(SigmaString.parse(r)));
    } else if (value instanceof String s) {
      strings.add(SigmaString.parse(s));
    } else {
      strings.add(SigmaString.plain(plainNumber(value)));
    }
    List<SigmaString> current = strings;
    Charset encoding = StandardCharsets.UTF_8;
    boolean bom = false;
    for (Modifier m : fc.modifiers()) {
      List<SigmaString> next = new ArrayList<>();
      switch (m) {
        case WINDASH -> current.forEach(s -> next.addAll(s.windash()));
        case UTF16LE, WIDE -> {
          encoding = StandardCharsets.UTF_16LE;
          next.addAll(current);
        }
        case UTF16BE -> {
          encoding = StandardCharsets.UTF_16BE;
          next.addAll(current);
        }
        case UTF16 -> {
          encoding = StandardCharsets.UTF_16LE;
          bom = true;
          next.addAll(current);
        }
        case BASE64 -> {
          for (SigmaString s : current) {
            next.add(SigmaString.base64(bytes(s.plainText("base64"), encoding, bom)));
          }
        }
        case BASE64OFFSET -> {
          for (SigmaString s : current) {
            next.addAll(
                SigmaString.base64offset(bytes(s.plainText("base64offset"), encoding, bom)));
          }
        }
        case CONTAINS -> current.forEach(s -> next.add(s.prefixStar().suffixStar()));
        case STARTSWITH -> current.forEach(s -> next.add(s.suffixStar()));
        case ENDSWITH -> current.forEach(s -> next.add(s.prefixStar()));
        case CASED, ALL, NEQ, EXPAND -> next.addAll(current);
        default ->
            throw new CompileException(
                "'"
                    + where
                    + "': modifier '"
                    + m.spelling()
                    + "' does not apply to a string value");
      }
      current = next;
    }
    boolean cased = fc.has(Modifier.CASED);
    List<ValueMatcher> alts = new ArrayList<>();
    for (SigmaString s : current) {
      alts.add(matcher(keyword ? s.prefixStar().suffixStar() : s, cased));
    }
    return AnyOfMatcher.of(alts);
  }

  private static byte[] bytes(String text, Charset encoding, boolean bom) {
    byte[] b = text.getBytes(encoding);
    if (!bom) {
      return b;
    }
    byte[] out = new byte[b.length + 2];
    out[0] = (byte) 0xFF;
    out[1] = (byte) 0xFE;
    System.arraycopy(b, 0, out, 2, b.length);
    return out;
  }

  /** The simplest matcher for a wildcard string: exact, prefix, suffix, contains, else a glob. */
  static ValueMatcher matcher(SigmaString s, boolean cased) {
    String c = s.chars();
    int n = c.length();
    boolean lead = n > 0 && c.charAt(0) == SigmaString.STAR;
    boolean trail = n > 1 && c.charAt(n - 1) == SigmaString.STAR;
    String inner = c.substring(lead ? 1 : 0, trail ? n - 1 : n);
    if (inner.indexOf(SigmaString.STAR) < 0
        && inner.indexOf(SigmaString.ONE) < 0
        && !(n == 1 && lead)) {
      StringMatcher.Kind kind =
          lead && trail
              ? StringMatcher.Kind.CONTAINS
              : lead
                  ? StringMatcher.Kind.SUFFIX
                  : trail ? StringMatcher.Kind.PREFIX : StringMatcher.Kind.EQUALS;
      return StringMatcher.of(kind, inner, cased);
    }
    return new GlobMatcher(s, cased);
  }

  private static List<String> expand(String raw, RuleVariant v, String where) {
    List<String> out = new ArrayList<>();
    out.add("");
    Matcher m = PLACEHOLDER.matcher(raw);
    int last = 0;
    boolean any = false;
    while (m.find()) {
      any = true;
      String literal = raw.substring(last, m.start());
      List<String> values = v.placeholders().get(m.group(1));
      if (values == null) {
        if (!v.wildcardPlaceholders()) {
          throw new CompileException(
              "placeholder %"
                  + m.group(1)
                  + "% in "
                  + where
                  + " has no value (give it in a"
                  + " pipeline's vars / value_placeholders)");
        }
        values = List.of("*");
      }
      List<String> next = new ArrayList<>();
      for (String prefix : out) {
        for (String val : values) {
          next.add(prefix + literal + val);
        }
      }
      out = next;
      last = m.end();
    }
    if (!any) {
      throw new CompileException("'expand' on " + where + " but the value has no %placeholder%");
    }
    String tail = raw.substring(last);
    return out.stream().map(s -> s + tail).toList();
  }

  private static double number(Object value, String where) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return Double.parseDouble(String.valueOf(value).trim());
    } catch (NumberFormatException e) {
      throw new CompileException("'" + where + "' is not a number");
    }
  }

  private static String plainNumber(Object value) {
    if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
      return String.valueOf(d.longValue());
    }
    return String.valueOf(value);
  }
}
