package dev.haechi.connectors.ldap;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import dev.haechi.connectors.ConnectorException;
import dev.haechi.identity.model.Account;
import dev.haechi.identity.model.SourceRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns directory entries into {@link Account}s exactly as {@code
 * dev.haechi.identity.readers.LdifAccountReader} turns an LDIF export of the same entries, so that
 * findings do not depend on whether a directory was read live or from a file. Only the account
 * source reference differs: a live entry has no line, so it is {@code (source, 0)}.
 *
 * <p>Rules (FORMATS.md §1.2): an entry is an account when it has {@code uid} or {@code
 * sAMAccountName}, or an object class {@code person}, {@code inetOrgPerson}, {@code user} or {@code
 * posixAccount}, and is not a {@code computer}. Disabled when {@code userAccountControl} has bit
 * 0x2, {@code nsAccountLock} is {@code true}, or any {@code pwdAccountLockedTime} is present. Last
 * login is the later of {@code lastLogonTimestamp} (FILETIME) and {@code authTimestamp}
 * (GeneralizedTime); logins count as tracked for an entry with a last login or a {@code
 * sAMAccountName} (Active Directory always keeps one), as the LDIF reader decides. {@code memberOf}
 * DNs become group CNs; privilege from groups is decided by reconciliation ({@code
 * PrivilegedGroups}), {@code adminCount: 1} marks an account privileged here. Attribute options
 * ({@code cn;lang-en}) are dropped and their values kept, as the LDIF reader does.
 *
 * <p>Design note: the identity module's parsing helpers are package-private, so the rules are
 * repeated here; {@code LdapEntryMappingAgreementTest} checks them against the LDIF reader on
 * random entries, so a change on either side shows up as a failing test.
 */
public final class LdapEntryMapping {

  /** The attributes the mapping reads; a search needs no others. */
  public static final String[] ATTRIBUTES = {
    "objectClass",
    "uid",
    "sAMAccountName",
    "cn",
    "mail",
    "employeeNumber",
    "employeeID",
    "userAccountControl",
    "nsAccountLock",
    "pwdAccountLockedTime",
    "accountExpires",
    "lastLogonTimestamp",
    "authTimestamp",
    "memberOf",
    "adminCount",
    "whenCreated",
    "createTimestamp"
  };

  private LdapEntryMapping() {}

  /**
   * The accounts among {@code entries}, in order.
   *
   * @throws ConnectorException naming {@code source} and the entry when a value cannot be read
   */
  public static List<Account> accounts(
      List<? extends Entry> entries, String source, String system) {
    List<Account> out = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      rejectRangedValues(e, source);
      Values v = Values.of(e);
      if (v.isAccount()) {
        out.add(account(v, source, system));
      }
    }
    return out;
  }

  /**
   * Active Directory returns large multi-valued attributes (a {@code memberOf} of more than 1,500
   * groups) in ranges, {@code memberOf;range=0-1499}, the rest to be fetched by further searches
   * (MS-ADTS §3.1.1.3.1.3.3). This mapping does not fetch them, so such an entry would be read in
   * part: it is refused instead.
   */
  private static void rejectRangedValues(Entry e, String source) {
    for (Attribute a : e.getAttributes()) {
      for (String option : a.getOptions()) {
        String o = option.toLowerCase(Locale.ROOT);
        if (o.startsWith("range=") && !o.endsWith("-*")) {
          throw new ConnectorException(
              source,
              "entry "
                  + e.getDN()
                  + ": "
                  + a.getName()
                  + " was returned in part (range retrieval), which is not supported; nothing"
                  + " was read");
        }
      }
    }
  }

  private static Account account(Values e, String source, String system) {
    try {
      return map(e, source, system);
    } catch (IllegalArgumentException ex) {
      throw new ConnectorException(source, "entry " + e.dn + ": " + ex.getMessage(), ex);
    }
  }

  private static Account map(Values e, String source, String system) {
    boolean enabled = true;
    String uac = e.first("useraccountcontrol");
    if (uac != null) {
      enabled = (DirectoryTimes.number(uac, "userAccountControl") & 0x2) == 0;
    }
    String lock = e.first("nsaccountlock");
    if (lock != null && lock.trim().equalsIgnoreCase("true")) {
      enabled = false;
    }
    if (e.first("pwdaccountlockedtime") != null) {
      enabled = false;
    }
    var lastLogin =
        e.first("lastlogontimestamp") == null
            ? null
            : DirectoryTimes.fileTime(e.first("lastlogontimestamp"), "lastLogonTimestamp");
    String auth = e.first("authtimestamp");
    if (auth != null) {
      var a = DirectoryTimes.generalizedTime(auth, "authTimestamp");
      lastLogin = lastLogin == null || a.isAfter(lastLogin) ? a : lastLogin;
    }
    String exp = e.first("accountexpires");
    var expires = exp == null ? null : DirectoryTimes.fileTime(exp, "accountExpires");
    String created = e.first("whencreated");
    if (created == null) {
      created = e.first("createtimestamp");
    }
    List<String> groups = new ArrayList<>();
    for (String dn : e.all("memberof")) {
      groups.add(firstRdnValue(dn));
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
    // Logins are tracked per entry, as LdifAccountReader decides: a last-login value, or an Active
    // Directory entry (AD always keeps lastLogonTimestamp, so its absence means "never").
    boolean loginsTracked = lastLogin != null || e.first("samaccountname") != null;
    return new Account(
        system,
        e.dn,
        trim(username),
        trim(e.first("mail")),
        trim(employee),
        enabled,
        "1".equals(trim(e.first("admincount"))),
        lastLogin,
        loginsTracked,
        created == null ? null : DirectoryTimes.generalizedTime(created, "creation time"),
        expires,
        groups,
        attrs,
        new SourceRef(source, 0));
  }

  private static String trim(String s) {
    if (s == null) {
      return null;
    }
    String t = s.trim();
    return t.isEmpty() ? null : t;
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

  /** An entry's values by lower-case attribute name without options, in the server's order. */
  private record Values(String dn, Map<String, List<String>> byName) {
    static Values of(Entry e) {
      Map<String, List<String>> m = new LinkedHashMap<>();
      for (Attribute a : e.getAttributes()) {
        String name = a.getBaseName().toLowerCase(Locale.ROOT);
        List<String> list = m.computeIfAbsent(name, k -> new ArrayList<>(1));
        for (String value : a.getValues()) {
          list.add(value);
        }
      }
      return new Values(e.getDN(), m);
    }

    String first(String name) {
      List<String> v = byName.get(name);
      return v == null || v.isEmpty() ? null : v.get(0);
    }

    List<String> all(String name) {
      List<String> v = byName.get(name);
      return v == null ? List.of() : v;
    }

    boolean isAccount() {
      List<String> classes =
          all("objectclass").stream().map(c -> c.trim().toLowerCase(Locale.ROOT)).toList();
      if (classes.contains("computer")) {
        return false;
      }
      return first("uid") != null
          || first("samaccountname") != null
          || classes.contains("person")
          || classes.contains("inetorgperson")
          || classes.contains("user")
          || classes.contains("posixaccount");
    }
  }
}
