package dev.haechi.core;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a JSON parser's message (Jackson's {@code getOriginalMessage()}) into plain words for an
 * {@link InputException}: what is wrong, never the parser's internals (feature flags, {@code
 * "Source: REDACTED"} locations, character codes). The caller adds the file and line.
 */
public final class JsonErrors {
  private static final Pattern UNEXPECTED =
      Pattern.compile(
          "Unexpected character \\('(.+?)' \\(code \\d+\\)\\):?\\s*(.*)", Pattern.DOTALL);
  private static final Pattern TOKEN =
      Pattern.compile("(?:Unrecognized|Non-standard) token '(.*?)'.*", Pattern.DOTALL);
  private static final Pattern CLOSE =
      Pattern.compile("Unexpected close marker '(.)': .*", Pattern.DOTALL);
  private static final Pattern CTRL =
      Pattern.compile(
          "Illegal unquoted character \\(\\(CTRL-CHAR, code (\\d+)\\)\\).*", Pattern.DOTALL);

  private JsonErrors() {}

  /** The parser's message in plain words. */
  public static String plain(String parserMessage) {
    String m = parserMessage == null ? "" : parserMessage.trim();
    if (m.startsWith("Unexpected end-of-input")) {
      if (m.contains("close marker for Object")) {
        return "the file ends before an object ('{') is closed";
      }
      if (m.contains("close marker for Array")) {
        return "the file ends before a list ('[') is closed";
      }
      if (m.contains("closing quote")) {
        return "the file ends inside a string (a closing '\"' is missing)";
      }
      return "the file ends in the middle of the JSON";
    }
    Matcher u = UNEXPECTED.matcher(m);
    if (u.matches()) {
      String c = u.group(1);
      String rest = u.group(2);
      if (c.equals("/") || c.equals("#") || rest.contains("comment")) {
        return "comments are not allowed in JSON";
      }
      if (rest.contains("double-quote to start")) {
        return c.equals("'")
            ? "property names must be in double quotes, not single quotes"
            : "unexpected '"
                + c
                + "' where a property name in double quotes belongs"
                + (c.equals("}") ? " (a comma before '}'?)" : "");
      }
      if (rest.contains("colon")) {
        return "unexpected '" + c + "': a ':' must follow the property name";
      }
      if (rest.contains("comma")) {
        return "unexpected '" + c + "': a ',' must separate the entries";
      }
      if (rest.contains("expected a value")) {
        return "unexpected '"
            + c
            + "' where a value belongs"
            + (c.equals("]") || c.equals("}") ? " (a comma before '" + c + "'?)" : "");
      }
      return "unexpected '" + c + "'";
    }
    Matcher t = TOKEN.matcher(m);
    if (t.matches()) {
      return "'"
          + t.group(1)
          + "' is not a JSON value (expected a string in double quotes, a number, true, false,"
          + " null, an object or a list)";
    }
    Matcher cl = CLOSE.matcher(m);
    if (cl.matches()) {
      return "unexpected '" + cl.group(1) + "' that closes nothing";
    }
    Matcher ctrl = CTRL.matcher(m);
    if (ctrl.matches()) {
      return "a control character (code " + ctrl.group(1) + ") inside a string must be escaped";
    }
    if (m.startsWith("Invalid numeric value")) {
      int colon = m.indexOf(':');
      return "invalid number" + (colon > 0 ? ": " + sanitise(m.substring(colon + 1)) : "");
    }
    return sanitise(m);
  }

  /** Drops what names the parser's internals: locations, feature flags, code quotes. */
  static String sanitise(String m) {
    String s = m.replaceAll("\\s*\\(?(start marker at )?\\[Source:[^\\]]*\\]\\)?", "");
    s = s.replaceAll("\\s*\\([^()]*(Feature|feature)[^()]*\\)", "");
    s = s.replaceAll("[:;,]?\\s*enable `[^`]*`[^.;]*", "");
    s = s.replaceAll("`[^`]*Feature[^`]*`", "a parser option");
    s = s.replace("\n", " ").trim();
    return s.isEmpty() ? "not valid JSON" : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }
}
