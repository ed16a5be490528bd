package dev.haechi.identity.correlation;

import dev.haechi.identity.model.Account;
import dev.haechi.identity.model.AccountTable;
import dev.haechi.identity.model.Person;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One way to tie an account to a person, with the confidence a link made this way deserves. Rules
 * are tried in the order configured; the first that finds anyone decides. Each rule compares
 * normalised keys ({@link #accountKeys}, {@link #personKeys}): an account and a person match when
 * they share a key.
 *
 * <ul>
 *   <li>{@code employee-id}: the account's employee ID equals the person's (case and whitespace
 *       ignored);
 *   <li>{@code email}: the e-mail addresses are equal (case and surrounding whitespace ignored);
 *   <li>{@code username}: the account's username (its local part when it is an e-mail, the part
 *       after the backslash of a down-level logon name such as CORP&#92;jkim; the e-mail's local
 *       part when there is no username) equals the person's roster username or e-mail local part.
 * </ul>
 */
public enum CorrelationRule {
  EMPLOYEE_ID("employee-id", 1.0),
  EMAIL("email", 0.95),
  USERNAME("username", 0.8);

  private final String label;
  private final double confidence;

  CorrelationRule(String label, double confidence) {
    this.label = label;
    this.confidence = confidence;
  }

  public String label() {
    return label;
  }

  /** How sure a link made by this rule is, from 0 to 1. */
  public double confidence() {
    return confidence;
  }

  /** The default order: employee ID, e-mail, username. */
  public static List<CorrelationRule> defaults() {
    return List.of(EMPLOYEE_ID, EMAIL, USERNAME);
  }

  /** Parses {@code employee-id|email|username}. */
  public static CorrelationRule parse(String text) {
    for (CorrelationRule r : values()) {
      if (r.label.equalsIgnoreCase(text.trim())) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "unknown correlation rule '" + text + "' (expected employee-id, email or username)");
  }

  /** The account's keys under this rule; empty when it has nothing this rule can use. */
  public List<String> accountKeys(Account a) {
    return accountKeys(a, Set.of());
  }

  /**
   * The account's keys, where an e-mail address gives its local part alone only within {@code
   * ownDomains} (the organisation's own mail domains, lower case; empty for any domain): {@code
   * jkim@gmail.com} is not the organisation's jkim.
   */
  public List<String> accountKeys(Account a, Set<String> ownDomains) {
    return single(accountKey(a, ownDomains));
  }

  /**
   * The account's one key under this rule (an account has at most one), or null: {@link
   * #accountKeys} without a list per account, for the correlator's loop over every account.
   */
  public String accountKey(Account a, Set<String> ownDomains) {
    return switch (this) {
      case EMPLOYEE_ID -> id(a.employeeId());
      case EMAIL -> email(a.email());
      case USERNAME ->
          a.username() != null ? login(a.username(), ownDomains) : localPart(a.email(), ownDomains);
    };
  }

  /**
   * As {@link #accountKey(Account, Set)}, for account {@code row} of a table: only the fields this
   * rule reads are decoded.
   */
  public String accountKey(AccountTable t, int row, Set<String> ownDomains) {
    return switch (this) {
      case EMPLOYEE_ID -> id(t.employeeId(row));
      case EMAIL -> email(t.email(row));
      case USERNAME -> {
        String u = t.username(row);
        yield u != null ? login(u, ownDomains) : localPart(t.email(row), ownDomains);
      }
    };
  }

  /** The person's keys under this rule. */
  public List<String> personKeys(Person p) {
    return personKeys(p, Set.of());
  }

  /** The person's keys, e-mail local parts only within {@code ownDomains} (empty for any). */
  public List<String> personKeys(Person p, Set<String> ownDomains) {
    return switch (this) {
      case EMPLOYEE_ID -> single(id(p.employeeId()));
      case EMAIL -> single(email(p.email()));
      case USERNAME -> {
        List<String> keys = new ArrayList<>(2);
        String u = p.username() == null ? null : login(p.username(), ownDomains);
        if (u != null) {
          keys.add(u);
        }
        String local = localPart(p.email(), ownDomains);
        if (local != null && !local.equals(u)) {
          keys.add(local);
        }
        yield keys;
      }
    };
  }

  private static List<String> single(String key) {
    return key == null ? List.of() : List.of(key);
  }

  /** Lower case, all whitespace removed; null when nothing is left. */
  static String id(String s) {
    if (s == null) {
      return null;
    }
    int n = s.length();
    int k = 0;
    while (k < n && !Character.isWhitespace(s.charAt(k))) {
      k++;
    }
    if (k == n) {
      // Nothing to remove: the same string lower-cased (no copy when it already is).
      return n == 0 ? null : s.toLowerCase(Locale.ROOT);
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!Character.isWhitespace(c)) {
        sb.append(c);
      }
    }
    return sb.isEmpty() ? null : sb.toString().toLowerCase(Locale.ROOT);
  }

  /**
   * An e-mail address normalised: whitespace removed, lower case; null when it has no local part.
   */
  public static String email(String s) {
    String e = id(s);
    return e == null || e.indexOf('@') <= 0 ? null : e;
  }

  static String localPart(String s) {
    return localPart(s, Set.of());
  }

  /** The local part of an address in one of {@code ownDomains} (any domain when empty). */
  static String localPart(String s, Set<String> ownDomains) {
    String e = email(s);
    if (e == null) {
      return null;
    }
    int at = e.indexOf('@');
    if (!ownDomains.isEmpty() && !ownDomains.contains(e.substring(at + 1))) {
      return null;
    }
    return e.substring(0, at);
  }

  /** A login name normalised: CORP&#92;jkim, {@code jkim@corp.example} and {@code JKim} → jkim. */
  public static String login(String s) {
    return login(s, Set.of());
  }

  /** As {@link #login(String)}; a login that is an address outside {@code ownDomains} has none. */
  public static String login(String s, Set<String> ownDomains) {
    String u = id(s);
    if (u == null) {
      return null;
    }
    int bs = u.lastIndexOf('\\');
    if (bs >= 0) {
      u = u.substring(bs + 1);
    }
    int at = u.indexOf('@');
    if (at >= 0) {
      if (!ownDomains.isEmpty() && !ownDomains.contains(u.substring(at + 1))) {
        return null;
      }
      u = u.substring(0, at);
    }
    return u.isEmpty() ? null : u;
  }
}
