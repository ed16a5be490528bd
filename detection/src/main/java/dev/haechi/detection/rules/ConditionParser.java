package dev.haechi.detection.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parses a Sigma condition string into a {@link Condition}. Grammar (Sigma rules specification,
 * "Condition", precedence from loosest): {@code or}, {@code and}, {@code not}, {@code x of
 * pattern}, parentheses. Keywords are case-insensitive. The deprecated aggregation syntax ({@code |
 * count() ...}, {@code near}) is rejected as unsupported, by name.
 */
public final class ConditionParser {
  private static final Pattern TOKEN = Pattern.compile("\\s*(\\(|\\)|\\||[^\\s()|]+)");

  private final List<String> tokens;
  private final String source;
  private int pos;

  private ConditionParser(String source, List<String> tokens) {
    this.source = source;
    this.tokens = tokens;
  }

  /** Parses {@code text}; throws {@link RuleSyntaxException} naming the problem. */
  public static Condition parse(String text) {
    List<String> tokens = new ArrayList<>();
    var m = TOKEN.matcher(text);
    int end = 0;
    while (m.lookingAt()) {
      tokens.add(m.group(1));
      end = m.end();
      m.region(end, text.length());
    }
    if (!text.substring(end).isBlank()) {
      throw new RuleSyntaxException(
          "condition '" + text + "': cannot read '" + text.substring(end) + "'");
    }
    if (tokens.contains("|")) {
      throw new RuleSyntaxException(
          "condition '"
              + text
              + "': unsupported feature: aggregation expression after '|' (Sigma 1.0); use a"
              + " correlation rule");
    }
    ConditionParser p = new ConditionParser(text, tokens);
    if (tokens.isEmpty()) {
      throw new RuleSyntaxException("condition is empty");
    }
    Condition c = p.or();
    if (p.pos < tokens.size()) {
      throw p.error("unexpected '" + tokens.get(p.pos) + "'");
    }
    return c;
  }

  private Condition or() {
    List<Condition> parts = new ArrayList<>();
    parts.add(and());
    while (peekKeyword("or")) {
      pos++;
      parts.add(and());
    }
    return parts.size() == 1 ? parts.get(0) : new Condition.Or(parts);
  }

  private Condition and() {
    List<Condition> parts = new ArrayList<>();
    parts.add(not());
    while (peekKeyword("and")) {
      pos++;
      parts.add(not());
    }
    return parts.size() == 1 ? parts.get(0) : new Condition.And(parts);
  }

  private Condition not() {
    if (peekKeyword("not")) {
      pos++;
      return new Condition.Not(not());
    }
    return primary();
  }

  private Condition primary() {
    if (pos >= tokens.size()) {
      throw error("expression expected at end");
    }
    String t = tokens.get(pos);
    if (t.equals("(")) {
      pos++;
      Condition inner = or();
      if (pos >= tokens.size() || !tokens.get(pos).equals(")")) {
        throw error("')' expected");
      }
      pos++;
      return inner;
    }
    if (pos + 1 < tokens.size() && tokens.get(pos + 1).equalsIgnoreCase("of")) {
      boolean all;
      if (t.equalsIgnoreCase("all")) {
        all = true;
      } else if (t.equals("1") || t.equalsIgnoreCase("any")) {
        all = false;
      } else {
        throw error("unsupported quantifier '" + t + " of' (only '1 of' and 'all of')");
      }
      pos += 2;
      if (pos >= tokens.size()) {
        throw error("search identifier pattern expected after 'of'");
      }
      String target = tokens.get(pos++);
      if (target.equals("(") || target.equals(")") || isKeyword(target)) {
        throw error("search identifier pattern expected after 'of', found '" + target + "'");
      }
      return new Condition.Quantified(all, target.equalsIgnoreCase("them") ? null : target);
    }
    if (t.equals(")") || isKeyword(t)) {
      throw error("search identifier expected, found '" + t + "'");
    }
    if (t.equalsIgnoreCase("near")) {
      throw error("unsupported feature: 'near' (Sigma 1.0); use a temporal correlation rule");
    }
    pos++;
    return new Condition.Ref(t);
  }

  private boolean peekKeyword(String k) {
    return pos < tokens.size() && tokens.get(pos).equalsIgnoreCase(k);
  }

  private static boolean isKeyword(String t) {
    String l = t.toLowerCase(Locale.ROOT);
    return l.equals("and") || l.equals("or") || l.equals("not") || l.equals("of");
  }

  private RuleSyntaxException error(String what) {
    return new RuleSyntaxException("condition '" + source + "': " + what);
  }
}
