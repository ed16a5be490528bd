package dev.haechi.identity.readers;

import dev.haechi.identity.model.Account;
import dev.haechi.identity.model.SourceRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one place where directory entries become {@link Account}s (FORMATS.md §1.2), whether they
 * come from an LDIF export ({@link LdifAccountReader}) or from a live LDAP search (the connectors'
 * {@code LdapEntryMapping}). Entries are fed in the order they are read; {@link #finish()} then
 * resolves what needs the whole directory (nested groups, password policies) and returns the
 * accounts in entry order.
 *
 * <ul>
 *   <li><b>Accounts</b>: an entry with {@code uid} or {@code sAMAccountName}, or an object class
 *       {@code person}, {@code inetOrgPerson}, {@code user} or {@code posixAccount}; but never a
 *       {@code computer}, a {@code contact} (an Active Directory address-book entry: no logon), a
 *       group ({@code group}, {@code groupOfNames}, {@code groupOfUniqueNames}, {@code posixGroup})
 *       or a password policy ({@code pwdPolicy}).
 *   <li><b>Disabled</b>: {@code userAccountControl} bit 0x2 (ACCOUNTDISABLE), {@code nsAccountLock:
 *       true}, or an OpenLDAP ppolicy lock ({@code pwdAccountLockedTime}) that is permanent: the
 *       value {@code 000001010000Z}, or any time when the entry's policy has no lockout duration. A
 *       lock with a lockout duration ({@code pwdLockoutDuration > 0} in the policy named by the
 *       entry's {@code pwdPolicySubentry}, else in the export's only {@code pwdPolicy} entry) ends
 *       by itself after too many bad passwords: it is not "disabled" (slapo-ppolicy(5)).
 *   <li><b>Privileged</b>: {@code adminCount: 1}, or an Active Directory {@code primaryGroupID} of
 *       512 (Domain Admins), 518 (Schema Admins) or 519 (Enterprise Admins), whose membership
 *       {@code memberOf} never lists (MS-ADTS §3.1.1.4.5.19); groups are judged by reconciliation.
 *   <li><b>Groups</b>: the CNs of the entry's {@code memberOf} DNs and of the groups whose {@code
 *       member}/{@code uniqueMember} list it, then, transitively, of the groups those groups belong
 *       to as far as the entries read tell: nested membership counts. Groups that form a cycle are
 *       refused, naming the line (or DN) of a group on it, and nothing is read.
 *   <li><b>Times</b>: {@code accountExpires} and {@code lastLogonTimestamp} are Windows FILETIMEs;
 *       {@code authTimestamp}, {@code whenCreated}, {@code createTimestamp} are GeneralizedTimes.
 *       Logins count as tracked for an entry with a last login or a {@code sAMAccountName} (Active
 *       Directory always keeps {@code lastLogonTimestamp}, so its absence means "never").
 * </ul>
 */
public final class DirectoryMapping {

  /** The attributes the mapping reads; a live search needs no others. */
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
    "pwdPolicySubentry",
    "pwdLockoutDuration",
    "accountExpires",
    "lastLogonTimestamp",
    "authTimestamp",
    "memberOf",
    "member",
    "uniqueMember",
    "primaryGroupID",
    "adminCount",
    "whenCreated",
    "createTimestamp"
  };

  /**
   * The value of {@code pwdAccountLockedTime} that locks an account until an administrator acts.
   */
  public static final String PERMANENT_LOCK = "000001010000Z";

  /**
   * One directory entry: its DN, the line its {@code dn:} is on (0 for a live entry), and its
   * values by lower-case attribute name without options, in the order read.
   */
  public record Entry(String dn, long line, Map<String, List<String>> attributes) {
    public String first(String name) {
      List<String> v = attributes.get(name);
      return v == null || v.isEmpty() ? null : v.get(0);
    }

    public List<String> all(String name) {
      List<String> v = attributes.get(name);
      return v == null ? List.of() : v;
    }
  }

  /** Makes the exception for an unreadable entry, naming the entry as the source can. */
  @FunctionalInterface
  public interface Errors {
    RuntimeException at(Entry entry, String reason);
  }

  private static final Map<String, String> PRIVILEGED_PRIMARY_GROUPS =
      Map.of("512", "Domain Admins", "518", "Schema Admins", "519", "Enterprise Admins");

  private final String source;
  private final String system;
  private final Errors errors;
  private final List<Pending> accounts = new ArrayList<>();
  private final Map<String, Group> groups = new LinkedHashMap<>();
  private final Map<String, List<String>> listedBy = new HashMap<>();
  private final Map<String, Long> lockoutSeconds = new LinkedHashMap<>();
  private final Map<String, String> names = new HashMap<>();

  public DirectoryMapping(String source, String system, Errors errors) {
    this.source = source;
    this.system = system;
    this.errors = errors;
  }

  /** Maps a whole list of entries. */
  public static List<Account> accounts(
      Iterable<Entry> entries, String source, String system, Errors errors) {
    DirectoryMapping m = new DirectoryMapping(source, system, errors);
    for (Entry e : entries) {
      m.add(e);
    }
    return m.finish();
  }

  /** What an entry is, by its object classes and attributes. */
  enum Kind {
    ACCOUNT,
    GROUP,
    POLICY,
    OTHER
  }

  static Kind kind(Entry e) {
    Set<String> classes = new java.util.HashSet<>();
    for (String c : e.all("objectclass")) {
      classes.add(c.trim().toLowerCase(Locale.ROOT));
    }
    if (classes.contains("group")
        || classes.contains("groupofnames")
        || classes.contains("groupofuniquenames")
        || classes.contains("posixgroup")) {
      return Kind.GROUP;
    }
    if (classes.contains("pwdpolicy")) {
      return Kind.POLICY;
    }
    if (classes.contains("computer") || classes.contains("contact")) {
      return Kind.OTHER;
    }
    boolean account =
        e.first("uid") != null
            || e.first("samaccountname") != null
            || classes.contains("person")
            || classes.contains("inetorgperson")
            || classes.contains("user")
            || classes.contains("posixaccount");
    return account ? Kind.ACCOUNT : Kind.OTHER;
  }

  /**
   * Adds one entry: an account is converted now (its groups and lock state completed by {@link
   * #finish()}), a group or a password policy is remembered, anything else is skipped.
   */
  public void add(Entry e) {
    Kind k = kind(e);
    switch (k) {
      case GROUP -> addGroup(e);
      case POLICY -> addPolicy(e);
      case ACCOUNT -> accounts.add(pending(e));
      case OTHER -> {}
    }
  }

  private void addGroup(Entry e) {
    String key = normalise(e.dn());
    List<String> parents = new ArrayList<>();
    for (String p : e.all("memberof")) {
      parents.add(normalise(p));
    }
    String cn = e.first("cn");
    String name = cn != null && !cn.isBlank() ? cn.trim() : firstRdnValue(e.dn());
    groups.putIfAbsent(key, new Group(e, name, parents));
    for (String attr : List.of("member", "uniquemember")) {
      for (String m : e.all(attr)) {
        listedBy.computeIfAbsent(normalise(m), x -> new ArrayList<>(1)).add(key);
      }
    }
  }

  private void addPolicy(Entry e) {
    String d = e.first("pwdlockoutduration");
    long seconds = d == null ? 0 : number(e, d, "pwdLockoutDuration");
    lockoutSeconds.put(normalise(e.dn()), seconds);
  }

  /** The accounts, in entry order, with nested groups and password policies resolved. */
  public List<Account> finish() {
    rejectCycles();
    List<Account> out = new ArrayList<>(accounts.size());
    for (Pending p : accounts) {
      out.add(p.account(this));
    }
    return out;
  }

  private record Group(Entry entry, String name, List<String> parents) {}

  /** An account whose groups and lock state wait for the whole directory. */
  private record Pending(
      Entry entry,
      String username,
      String email,
      String employee,
      boolean enabledOtherwise,
      boolean privileged,
      Instant lastLogin,
      boolean tracked,
      Instant created,
      Instant expires,
      Map<String, String> attributes) {

    Account account(DirectoryMapping m) {
      Entry e = entry;
      boolean enabled = enabledOtherwise && !m.lockedForGood(e);
      List<String> groups = m.groupsOf(e);
      String rid = trim(e.first("primarygroupid"));
      String primary = rid == null ? null : PRIVILEGED_PRIMARY_GROUPS.get(rid);
      if (primary != null && !groups.contains(primary)) {
        groups.add(0, primary);
      }
      return new Account(
          m.system,
          e.dn(),
          username,
          email,
          employee,
          enabled,
          privileged || primary != null,
          lastLogin,
          tracked,
          created,
          expires,
          groups,
          attributes,
          new SourceRef(m.source, e.line()));
    }
  }

  private Pending pending(Entry e) {
    boolean enabled = true;
    String uac = e.first("useraccountcontrol");
    if (uac != null) {
      enabled = (number(e, uac, "userAccountControl") & 0x2) == 0;
    }
    String lock = e.first("nsaccountlock");
    if (lock != null && lock.trim().equalsIgnoreCase("true")) {
      enabled = false;
    }
    Instant lastLogin = null;
    String llt = e.first("lastlogontimestamp");
    if (llt != null) {
      lastLogin = time(e, () -> DirectoryTimes.fileTime(llt, "lastLogonTimestamp"));
    }
    String auth = e.first("authtimestamp");
    if (auth != null) {
      Instant a = time(e, () -> DirectoryTimes.generalizedTime(auth, "authTimestamp"));
      lastLogin = lastLogin == null || a.isAfter(lastLogin) ? a : lastLogin;
    }
    String exp = e.first("accountexpires");
    Instant expires =
        exp == null ? null : time(e, () -> DirectoryTimes.fileTime(exp, "accountExpires"));
    String createdText =
        e.first("whencreated") != null ? e.first("whencreated") : e.first("createtimestamp");
    Instant created =
        createdText == null
            ? null
            : time(e, () -> DirectoryTimes.generalizedTime(createdText, "creation time"));
    String lockedAt = e.first("pwdaccountlockedtime");
    if (lockedAt != null && !lockedAt.trim().equals(PERMANENT_LOCK)) {
      time(e, () -> DirectoryTimes.generalizedTime(lockedAt, "pwdAccountLockedTime"));
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
    return new Pending(
        e,
        trim(username),
        trim(e.first("mail")),
        trim(employee),
        enabled,
        adminCount,
        lastLogin,
        tracked,
        created,
        expires,
        attrs);
  }

  /**
   * True when a ppolicy lock holds until an administrator removes it: the permanent value, or a
   * lock under a policy without a lockout duration (or with no policy in the directory read).
   */
  private boolean lockedForGood(Entry e) {
    String lockedAt = e.first("pwdaccountlockedtime");
    if (lockedAt == null) {
      return false;
    }
    if (lockedAt.trim().equals(PERMANENT_LOCK)) {
      return true;
    }
    Long duration = null;
    String policy = e.first("pwdpolicysubentry");
    if (policy != null) {
      duration = lockoutSeconds.get(normalise(policy));
    } else if (lockoutSeconds.size() == 1) {
      duration = lockoutSeconds.values().iterator().next();
    }
    return duration == null || duration <= 0;
  }

  /** Direct groups in the order the entry lists them, then groups listing it, then nested ones. */
  private List<String> groupsOf(Entry e) {
    LinkedHashSet<String> direct = new LinkedHashSet<>();
    for (String dn : e.all("memberof")) {
      direct.add(normalise(dn));
    }
    List<String> lists = listedBy.get(normalise(e.dn()));
    if (lists != null) {
      direct.addAll(lists);
    }
    List<String> out = new ArrayList<>(direct.size());
    LinkedHashSet<String> seen = new LinkedHashSet<>();
    List<String> queue = new ArrayList<>();
    for (String dn : e.all("memberof")) {
      if (seen.add(normalise(dn))) {
        out.add(name(dn));
        queue.add(normalise(dn));
      }
    }
    for (String key : direct) {
      if (seen.add(key)) {
        out.add(groups.get(key).name());
        queue.add(key);
      }
    }
    for (int i = 0; i < queue.size(); i++) {
      for (String parent : parentsOf(queue.get(i))) {
        if (seen.add(parent)) {
          Group g = groups.get(parent);
          out.add(g != null ? g.name() : parentName(queue.get(i), parent));
          queue.add(parent);
        }
      }
    }
    return out;
  }

  /** The groups a group belongs to: its own {@code memberOf} and the groups that list it. */
  private List<String> parentsOf(String key) {
    Group g = groups.get(key);
    List<String> lists = listedBy.get(key);
    if (g == null) {
      return lists == null ? List.of() : lists;
    }
    if (lists == null) {
      return g.parents();
    }
    List<String> all = new ArrayList<>(g.parents());
    all.addAll(lists);
    return all;
  }

  /** The name of a parent group that is not in the export, from the child's memberOf value. */
  private String parentName(String childKey, String parentKey) {
    Group child = groups.get(childKey);
    if (child != null) {
      for (String dn : child.entry().all("memberof")) {
        if (normalise(dn).equals(parentKey)) {
          return name(dn);
        }
      }
    }
    return firstRdnValue(parentKey);
  }

  private String name(String dn) {
    Group g = groups.get(normalise(dn));
    if (g != null) {
      return g.name();
    }
    return names.computeIfAbsent(firstRdnValue(dn), x -> x);
  }

  /** Refuses groups that are (transitively) members of themselves, naming one of them. */
  private void rejectCycles() {
    Map<String, Integer> state = new HashMap<>();
    for (String start : groups.keySet()) {
      if (state.containsKey(start)) {
        continue;
      }
      // iterative depth-first search; state 1 = on the current path, 2 = done
      List<String> path = new ArrayList<>();
      List<java.util.Iterator<String>> its = new ArrayList<>();
      path.add(start);
      its.add(parentsOf(start).iterator());
      state.put(start, 1);
      while (!path.isEmpty()) {
        java.util.Iterator<String> it = its.get(its.size() - 1);
        if (!it.hasNext()) {
          state.put(path.remove(path.size() - 1), 2);
          its.remove(its.size() - 1);
          continue;
        }
        String next = it.next();
        if (!groups.containsKey(next)) {
          continue;
        }
        Integer s = state.get(next);
        if (s == null) {
          state.put(next, 1);
          path.add(next);
          its.add(parentsOf(next).iterator());
        } else if (s == 1) {
          List<String> cycle = new ArrayList<>(path.subList(path.indexOf(next), path.size()));
          cycle.add(next);
          StringBuilder sb = new StringBuilder();
          for (String key : cycle) {
            if (!sb.isEmpty()) {
              sb.append(" → ");
            }
            sb.append(groups.get(key).name());
          }
          Group at = groups.get(next);
          throw errors.at(
              at.entry(),
              "nested groups form a cycle ("
                  + sb
                  + "): group "
                  + at.entry().dn()
                  + " is a member of itself; nothing was read");
        }
      }
    }
  }

  private long number(Entry e, String v, String attr) {
    try {
      return DirectoryTimes.number(v, attr);
    } catch (IllegalArgumentException ex) {
      throw errors.at(e, ex.getMessage());
    }
  }

  private Instant time(Entry e, java.util.function.Supplier<Instant> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException ex) {
      throw errors.at(e, ex.getMessage());
    }
  }

  /** A DN compared case-insensitively, ignoring spaces around separators. */
  static String normalise(String dn) {
    StringBuilder sb = new StringBuilder(dn.length());
    String t = dn.trim();
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == '\\' && i + 1 < t.length()) {
        sb.append(c).append(Character.toLowerCase(t.charAt(++i)));
      } else if (c == ',' || c == '=' || c == '+') {
        while (!sb.isEmpty() && sb.charAt(sb.length() - 1) == ' ') {
          sb.setLength(sb.length() - 1);
        }
        sb.append(c);
        while (i + 1 < t.length() && t.charAt(i + 1) == ' ') {
          i++;
        }
      } else {
        sb.append(Character.toLowerCase(c));
      }
    }
    return sb.toString();
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
  public static String firstRdnValue(String dn) {
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
