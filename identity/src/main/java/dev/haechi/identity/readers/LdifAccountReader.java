package dev.haechi.identity.readers;

import dev.haechi.core.InputException;
import dev.haechi.identity.model.Account;
import dev.haechi.identity.model.SourceRef;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the accounts of one directory from an LDIF export (FORMATS.md §1.2). An entry is an account
 * when it has {@code uid} or {@code sAMAccountName}, or an object class {@code person}, {@code
 * inetOrgPerson}, {@code user} or {@code posixAccount}; computers, groups and OUs are skipped.
 *
 * <p>Meaning of attributes, by directory:
 *
 * <ul>
 *   <li>Active Directory: {@code userAccountControl} bit 0x2 (ACCOUNTDISABLE) = disabled; {@code
 *       accountExpires} and {@code lastLogonTimestamp} are Windows FILETIMEs (100 ns ticks since
 *       1601-01-01 UTC; 0 and 2^63-1 mean never); {@code adminCount: 1} marks a protected
 *       (privileged) account; {@code whenCreated} is a GeneralizedTime.
 *   <li>389 DS / OpenLDAP: {@code nsAccountLock: true} or any {@code pwdAccountLockedTime} =
 *       disabled; {@code authTimestamp} (lastbind overlay) is the last login; {@code
 *       createTimestamp}.
 * </ul>
 *
 * {@code memberOf} DNs become group CNs, from which reconciliation decides privilege. Logins count
 * as tracked for an Active Directory entry (it has {@code sAMAccountName}: AD always keeps {@code
 * lastLogonTimestamp}, so its absence means "never") and for any entry that carries a login time;
 * an OpenLDAP entry without {@code authTimestamp} has an unknown last login, since the lastbind
 * overlay may be off. Entries are converted as they are read, so a large export is never held
 * twice.
 */
public final class LdifAccountReader {
  private static final long FILETIME_EPOCH_OFFSET_SECONDS = 11_644_473_600L;

  private LdifAccountReader() {}

  public static List<Account> read(Path file, String source, String system) {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in, source, system);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @throws InputException naming the line of malformed LDIF or an unreadable attribute value
   */
  public static List<Account> read(Reader in, String source, String system) {
    LdifRecords records =
        new LdifRecords(
            in instanceof BufferedReader b ? b : new BufferedReader(in, 1 << 16), source);
    List<Account> out = new ArrayList<>();
    Map<String, Long> seen = new HashMap<>();
    Map<String, String> groupNames = new HashMap<>();
    LdifRecords.Entry entry;
    while ((entry = records.next()) != null) {
      if (!isAccount(entry)) {
        continue;
      }
      Long first = seen.putIfAbsent(entry.dn().toLowerCase(Locale.ROOT), entry.line());
      if (first != null) {
        throw new InputException(
            source, entry.line(), "dn " + entry.dn() + " already appears on line " + first);
      }
      out.add(account(entry, source, system, groupNames));
    }
    return out;
  }

  private static boolean isAccount(LdifRecords.Entry e) {
    List<String> classes =
        e.all("objectclass").stream().map(c -> c.trim().toLowerCase(Locale.ROOT)).toList();
    if (classes.contains("computer")) {
      return false;
    }
    return e.first("uid") != null
        || e.first("samaccountname") != null
        || classes.contains("person")
        || classes.contains("inetorgperson")
        || classes.contains("user")
        || classes.contains("posixaccount");
  }

  private static Account account(
      LdifRecords.Entry e, String source, String system, Map<String, String> groupNames) {
    long line = e.line();
    boolean enabled = true;
    String uac = e.first("useraccountcontrol");
    if (uac != null) {
      enabled = (number(uac, "userAccountControl", source, line) & 0x2) == 0;
    }
    String lock = e.first("nsaccountlock");
    if (lock != null && lock.trim().equalsIgnoreCase("true")) {
      enabled = false;
    }
    if (e.first("pwdaccountlockedtime") != null) {
      enabled = false;
    }
    Instant lastLogin = null;
    String llt = e.first("lastlogontimestamp");
    if (llt != null) {
      lastLogin = fileTime(llt, "lastLogonTimestamp", source, line);
    }
    String auth = e.first("authtimestamp");
    if (auth != null) {
      Instant a = generalizedTime(auth, "authTimestamp", source, line);
      lastLogin = lastLogin == null || a.isAfter(lastLogin) ? a : lastLogin;
    }
    String exp = e.first("accountexpires");
    Instant expires = exp == null ? null : fileTime(exp, "accountExpires", source, line);
    String created = e.first("whencreated");
    if (created == null) {
      created = e.first("createtimestamp");
    }
    List<String> groups = new ArrayList<>();
    for (String dn : e.all("memberof")) {
      String g = firstRdnValue(dn);
      groups.add(groupNames.computeIfAbsent(g, k -> k));
    }
    String username = e.first("samaccountname");
    if (username == null) {
      username = e.first("uid");
    }
    if (username == null) {
      username = e.first("cn");
    }
    String employee = e.first("employeeid");
    if (employee == null) {
      employee = e.first("employeenumber");
    }
    Map<String, String> attrs = new LinkedHashMap<>();
    if (e.first("cn") != null) {
      attrs.put("cn", e.first("cn"));
    }
    boolean adminCount = "1".equals(trim(e.first("admincount")));
    boolean tracked = lastLogin != null || e.first("samaccountname") != null;
    return new Account(
        system,
        e.dn(),
        trim(username),
        trim(e.first("mail")),
        trim(employee),
        enabled,
        adminCount,
        lastLogin,
        tracked,
        created == null ? null : generalizedTime(created, "creation time", source, line),
        expires,
        groups,
        attrs,
        new SourceRef(source, line));
  }

  private static String trim(String s) {
    if (s == null) {
      return null;
    }
    String t = s.trim();
    return t.isEmpty() ? null : t;
  }

  private static long number(String v, String attr, String source, long line) {
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException ex) {
      throw new InputException(source, line, attr + " '" + v.trim() + "' is not a number");
    }
  }

  /** A Windows FILETIME; null for 0 and 2^63-1, which AD uses for "never". */
  static Instant fileTime(String v, String attr, String source, long line) {
    long ticks = number(v, attr, source, line);
    if (ticks == 0 || ticks == Long.MAX_VALUE) {
      return null;
    }
    if (ticks < 0) {
      throw new InputException(source, line, attr + " '" + v.trim() + "' is negative");
    }
    return Instant.ofEpochSecond(
        ticks / 10_000_000L - FILETIME_EPOCH_OFFSET_SECONDS, (ticks % 10_000_000L) * 100);
  }

  /**
   * An LDAP GeneralizedTime (RFC 4517 §3.3.13), e.g. {@code 20241215093000.0Z} or {@code …+0900}.
   */
  static Instant generalizedTime(String v, String attr, String source, long line) {
    String t = v.trim();
    try {
      if (t.length() < 14) {
        throw new NumberFormatException();
      }
      int year = Integer.parseInt(t.substring(0, 4));
      int month = Integer.parseInt(t.substring(4, 6));
      int day = Integer.parseInt(t.substring(6, 8));
      int hour = Integer.parseInt(t.substring(8, 10));
      int minute = Integer.parseInt(t.substring(10, 12));
      int second = Integer.parseInt(t.substring(12, 14));
      int i = 14;
      int nanos = 0;
      if (i < t.length() && (t.charAt(i) == '.' || t.charAt(i) == ',')) {
        int j = i + 1;
        while (j < t.length() && Character.isDigit(t.charAt(j))) {
          j++;
        }
        String frac = (t.substring(i + 1, j) + "000000000").substring(0, 9);
        nanos = Integer.parseInt(frac);
        i = j;
      }
      ZoneOffset zone;
      String rest = t.substring(i);
      if (rest.equals("Z")) {
        zone = ZoneOffset.UTC;
      } else if (rest.length() == 5 && (rest.charAt(0) == '+' || rest.charAt(0) == '-')) {
        zone = ZoneOffset.of(rest.substring(0, 3) + ":" + rest.substring(3));
      } else {
        throw new NumberFormatException();
      }
      return OffsetDateTime.of(year, month, day, hour, minute, second, nanos, zone).toInstant();
    } catch (RuntimeException ex) {
      throw new InputException(
          source, line, attr + " '" + t + "' is not a GeneralizedTime (e.g. 20241215093000Z)");
    }
  }

  /**
   * The value of a DN's first RDN: {@code CN=Domain Admins,CN=Users,…} gives {@code Domain Admins}.
   */
  static String firstRdnValue(String dn) {
    StringBuilder sb = new StringBuilder();
    int eq = dn.indexOf('=');
    if (eq < 0) {
      return dn.trim();
    }
    for (int i = eq + 1; i < dn.length(); i++) {
      char c = dn.charAt(i);
      if (c == '\\' && i + 1 < dn.length()) {
        sb.append(dn.charAt(++i));
      } else if (c == ',' || c == '+') {
        break;
      } else {
        sb.append(c);
      }
    }
    return sb.toString().trim();
  }
}
