package dev.haechi.detection.identity;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What detection knows about identities: which user IDs exist, who is on the HR roster and whether
 * they have left, the status of each token-signing key, who is privileged, and in which countries
 * each principal usually acts. A plain immutable value built by callers ({@link Builder}, {@link
 * LeaverGuardIdentity}) and read by {@link IdentityEnrichment} and {@link IdentityPlaceholders}.
 *
 * <p>Principal names (user IDs, usernames, employee IDs, e-mail addresses) are matched
 * case-insensitively; {@code kid}s exactly (RFC 7515 §4.1.4 makes them case-sensitive); countries
 * are ISO 3166 alpha-2 codes, matched case-insensitively.
 */
public final class IdentityContext {
  private static final IdentityContext EMPTY = builder().build();

  private final KnownUserIds userIds;
  private final Map<String, Employee> employees;
  private final Set<String> accountNames;
  private final Map<String, SigningKey> keys;
  private final Set<String> privileged;
  private final Map<String, Set<String>> usualCountries;
  private final LocalDate asOf;

  private IdentityContext(Builder b) {
    this.userIds = b.userIds.build();
    this.employees = Map.copyOf(b.employees);
    this.accountNames = Set.copyOf(b.accountNames);
    this.keys = Map.copyOf(b.keys);
    this.privileged = Set.copyOf(b.privileged);
    Map<String, Set<String>> countries = new HashMap<>();
    b.usualCountries.forEach((k, v) -> countries.put(k, Set.copyOf(v)));
    this.usualCountries = Map.copyOf(countries);
    this.asOf = b.asOf;
  }

  /** A context that knows nothing: every enrichment field is unknown or absent. */
  public static IdentityContext empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Whether {@code id} exists: true when it is a known user ID, an account name or names someone on
   * the roster; false when it does not and the context knows the user ID space; null (unknown) when
   * the context knows no user IDs at all.
   */
  public Boolean userExists(String id) {
    if (id == null) {
      return null;
    }
    if (userIds.contains(id) || employees.containsKey(key(id)) || accountNames.contains(key(id))) {
      return true;
    }
    return userIds.isEmpty() ? null : false;
  }

  /**
   * Whether {@code id} is a known member (customer) ID. Customers and employees are different
   * populations: a principal value that is a member ID is a customer and is never looked up on the
   * HR roster, even when an employee's ID or username happens to be the same string.
   */
  public boolean isMember(String id) {
    return id != null && userIds.contains(id);
  }

  /** The HR status of the person {@code principal} names, on {@code date} (null: as the roster). */
  public HrStatus hrStatus(String principal, LocalDate date) {
    Employee e = principal == null ? null : employees.get(key(principal));
    return e == null ? HrStatus.UNKNOWN : e.statusOn(date);
  }

  /** The person {@code principal} names, or null. */
  public Employee employee(String principal) {
    return principal == null ? null : employees.get(key(principal));
  }

  /** The status a token signed with {@code kid} and presented at {@code at} sees. */
  public KeyStatus keyStatus(String kid, Instant at) {
    return keyStatus(null, kid, at);
  }

  /**
   * The status a token of issuer {@code iss} (null: the token names none) signed with {@code kid}
   * and presented at {@code at} sees: the key of exactly that (issuer, kid), else the key of that
   * kid whose issuer is not known, else — when the token names no issuer — the only key with that
   * kid; otherwise unknown (a kid another issuer uses says nothing about this one's key).
   */
  public KeyStatus keyStatus(String iss, String kid, Instant at) {
    SigningKey k = signingKey(iss, kid);
    return k == null ? KeyStatus.UNKNOWN : k.statusAt(at);
  }

  /** The key a token of {@code iss} signed with {@code kid} names (see {@link #keyStatus}). */
  public SigningKey signingKey(String iss, String kid) {
    if (kid == null) {
      return null;
    }
    if (iss != null) {
      SigningKey exact = keys.get(keyOf(iss, kid));
      if (exact != null) {
        return exact;
      }
      return keys.get(keyOf(null, kid));
    }
    SigningKey found = null;
    for (SigningKey k : keys.values()) {
      if (k.kid().equals(kid)) {
        if (found != null) {
          return null; // two issuers share the kid and the token does not say which
        }
        found = k;
      }
    }
    return found;
  }

  static String keyOf(String issuer, String kid) {
    return issuer == null ? kid : issuer + "\u0000" + kid;
  }

  public boolean privileged(String principal) {
    return principal != null && privileged.contains(key(principal));
  }

  /**
   * Whether {@code country} is one {@code principal} never used: null when the principal's usual
   * countries are not known (or no country is given), so that a missing baseline never raises.
   */
  public Boolean countryNew(String principal, String country) {
    if (principal == null || country == null || country.isEmpty()) {
      return null;
    }
    Set<String> usual = usualCountries.get(key(principal));
    if (usual == null) {
      return null;
    }
    return !usual.contains(country.toUpperCase(Locale.ROOT));
  }

  public KnownUserIds userIds() {
    return userIds;
  }

  /** Every signing key, by (issuer, kid) (the kid alone when the issuer is not known). */
  public Map<String, SigningKey> keys() {
    return keys;
  }

  /** The day "terminated" is judged on for placeholders; null means the roster's status. */
  public LocalDate asOf() {
    return asOf;
  }

  /**
   * Every name (employee ID, username, e-mail) of people who are terminated on {@link #asOf()},
   * sorted.
   */
  public List<String> terminatedNames() {
    Set<String> out = new TreeSet<>();
    employees.forEach(
        (name, e) -> {
          if (e.statusOn(asOf) == HrStatus.TERMINATED) {
            out.add(name);
          }
        });
    return List.copyOf(out);
  }

  /** The kids whose status is one of {@code statuses}, sorted. */
  public List<String> kids(KeyStatus... statuses) {
    Set<KeyStatus> wanted = Set.of(statuses);
    return keys.values().stream()
        .filter(k -> wanted.contains(k.status()))
        .map(SigningKey::kid)
        .sorted()
        .toList();
  }

  /** Privileged principal names (lower case), sorted. */
  public List<String> privilegedNames() {
    return privileged.stream().sorted().toList();
  }

  static String key(String principal) {
    return principal.trim().toLowerCase(Locale.ROOT);
  }

  /** Collects what a context knows; later facts about the same name or kid replace earlier. */
  public static final class Builder {
    private final KnownUserIds.Builder userIds = KnownUserIds.builder();
    private final Map<String, Employee> employees = new LinkedHashMap<>();
    private final Set<String> accountNames = new HashSet<>();
    private final Map<String, SigningKey> keys = new LinkedHashMap<>();
    private final Set<String> privileged = new HashSet<>();
    private final Map<String, Set<String>> usualCountries = new HashMap<>();
    private LocalDate asOf;

    /** Numeric member IDs {@code first} … {@code first + count - 1} exist. */
    public Builder memberRange(long first, long count) {
      userIds.range(first, count);
      return this;
    }

    public Builder userId(String id) {
      userIds.add(Objects.requireNonNull(id));
      return this;
    }

    public Builder userIds(Iterable<String> ids) {
      userIds.addAll(ids);
      return this;
    }

    public Builder userIds(KnownUserIds ids) {
      userIds.addAll(ids);
      return this;
    }

    /**
     * A person on the roster, reachable by each of {@code names} (employee ID, username, e-mail;
     * nulls skipped). The employee ID is always a name.
     */
    public Builder employee(Employee e, String... names) {
      employees.put(key(e.employeeId()), e);
      for (String n : names) {
        if (n != null && !n.isBlank()) {
          employees.put(key(n), e);
        }
      }
      return this;
    }

    /** As {@link #employee}, but the name does not replace another person's. */
    public Builder employeeAlias(Employee e, String name) {
      if (name != null && !name.isBlank()) {
        employees.putIfAbsent(key(name), e);
      }
      return this;
    }

    /**
     * An account name (username, account ID, e-mail) that exists. Unlike {@link #userId}, account
     * names do not make the user ID space known: with no user IDs, other IDs stay unknown.
     */
    public Builder accountName(String name) {
      if (name != null && !name.isBlank()) {
        accountNames.add(key(name));
      }
      return this;
    }

    public Builder signingKey(String kid, KeyStatus status, Instant since) {
      return signingKey(null, kid, status, since);
    }

    /** A key of issuer {@code issuer} (null: not known); status is keyed by (issuer, kid). */
    public Builder signingKey(String issuer, String kid, KeyStatus status, Instant since) {
      keys.put(keyOf(issuer, kid), new SigningKey(kid, status, since, issuer));
      return this;
    }

    public Builder keys(Map<String, KeyStatus> statuses) {
      statuses.forEach((kid, s) -> signingKey(kid, s, null));
      return this;
    }

    public Builder privileged(String principal) {
      privileged.add(key(principal));
      return this;
    }

    public Builder privileged(Collection<String> principals) {
      principals.forEach(this::privileged);
      return this;
    }

    /** Countries (ISO alpha-2) {@code principal} usually acts from; adds to earlier ones. */
    public Builder usualCountries(String principal, Collection<String> countries) {
      Set<String> s = usualCountries.computeIfAbsent(key(principal), k -> new LinkedHashSet<>());
      for (String c : countries) {
        s.add(c.trim().toUpperCase(Locale.ROOT));
      }
      return this;
    }

    public Builder asOf(LocalDate date) {
      this.asOf = date;
      return this;
    }

    public IdentityContext build() {
      return new IdentityContext(this);
    }
  }

  /** For messages: how much the context knows. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    parts.add(userIds.size() + " user IDs");
    parts.add(new HashSet<>(employees.values()).size() + " people");
    parts.add(keys.size() + " keys");
    parts.add(privileged.size() + " privileged");
    parts.add(usualCountries.size() + " country baselines");
    return "IdentityContext[" + String.join(", ", parts) + "]";
  }
}
