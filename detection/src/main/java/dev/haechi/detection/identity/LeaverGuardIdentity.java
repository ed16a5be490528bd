package dev.haechi.detection.identity;

import dev.haechi.core.Finding;
import dev.haechi.identity.IdentityReconciler;
import dev.haechi.identity.ReconcileOptions;
import dev.haechi.identity.ReconcileResult;
import dev.haechi.identity.findings.FindingTypes;
import dev.haechi.identity.model.Account;
import dev.haechi.identity.model.IdentitySnapshot;
import dev.haechi.identity.model.JwksKey;
import dev.haechi.identity.model.Person;
import dev.haechi.identity.model.PersonStatus;
import dev.haechi.identity.model.Secret;
import dev.haechi.identity.readers.IdentityDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds an {@link IdentityContext} from what Leaver Guard knows: the identity files of FORMATS.md
 * §1.4 (read by the identity module's {@link IdentityDirectory}), optionally its latest {@link
 * ReconcileResult}, a member ID file ({@link MemberIdFile}) and explicit key statuses.
 *
 * <p>How each fact is derived:
 *
 * <ul>
 *   <li><b>People</b>: every roster row, reachable by employee ID, username and e-mail (and the
 *       e-mail's local part, unless another name already has it); terminated from the termination
 *       date (or, without one, when the status says {@code terminated}). An optional extra roster
 *       column {@code countries} ({@code ;}-separated ISO alpha-2 codes) gives the person's usual
 *       countries.
 *   <li><b>Account names</b> (username, account ID, e-mail) exist. An account tied to a person
 *       (Leaver Guard's correlation link, else the account's own {@code employee_id}) makes its
 *       username and e-mail names of that person too (unless they already name someone), so a
 *       leaver's {@code jkim-adm} is terminated with him. A privileged account makes its names, and
 *       its owner's employee ID, privileged.
 *   <li><b>Keys</b> (by kid): a kid published in a JWKS is {@code active}. A kid tied to the
 *       inventory ({@code location} {@code jwks:ISSUER#KID}) but absent from that issuer's JWKS is
 *       {@code retired} (JWKS has no standard "retired" marker: not published means no longer
 *       trusted; only judged when the issuer's JWKS was read). A tied key is {@code custodian-left}
 *       when an inventory custodian left on or before the as-of date and the secret was not rotated
 *       after the leaving date (Leaver Guard's {@code secret-custodian-left} rule for inventory
 *       custody), or when a Leaver Guard {@code secret-custodian-left} finding names its secret or
 *       a row <em>linked</em> to it. Links are explicit, never guessed: a row whose {@code
 *       location} names several places ({@code
 *       transit/keys/token-signer;jwks:gateway#auth-2022-01}, FORMATS.md §1.3) is one key, so Vault
 *       custody of the transit key is custody of the published kid; and two rows naming a common
 *       location are the same key material. (Until issue 11 a "material twin" guess also linked any
 *       two signing-key rows of one system with equal dates; it is gone: two keys made the same day
 *       are two keys.)
 *   <li><b>User IDs</b>: from the member file only; without one, {@code haechi.user.exists} is
 *       false for nobody.
 * </ul>
 */
public final class LeaverGuardIdentity {
  /** Member ID files looked for in an identity directory, first found wins. */
  public static final List<String> MEMBER_FILES = List.of("members.json", "members.txt");

  private LeaverGuardIdentity() {}

  /**
   * Reads an identity directory (FORMATS.md §1.4) and, when present, its {@code members.json} or
   * {@code members.txt}, and runs Leaver Guard's reconciliation on it as of {@code asOf} (for Vault
   * custody). The app, which already holds a reconciliation, calls {@link #fromSnapshot} instead.
   */
  public static IdentityContext fromDirectory(
      Path dir, LocalDate asOf, Map<String, KeyStatus> keyStatuses) {
    Objects.requireNonNull(asOf, "asOf");
    IdentitySnapshot snapshot = IdentityDirectory.read(dir);
    ReconcileResult result = IdentityReconciler.reconcile(snapshot, ReconcileOptions.asOf(asOf));
    KnownUserIds members = KnownUserIds.none();
    for (String name : MEMBER_FILES) {
      Path f = dir.resolve(name);
      if (Files.isRegularFile(f)) {
        members = MemberIdFile.read(f);
        break;
      }
    }
    return fromSnapshot(snapshot, result, members, asOf, keyStatuses);
  }

  /**
   * The context for a snapshot and, when not null, the reconciliation Leaver Guard ran on it.
   *
   * @param members the member ID space (or {@link KnownUserIds#none()})
   * @param asOf the day placeholders and inventory custody are judged on
   * @param keyStatuses explicit statuses by kid, winning over what the files say
   */
  public static IdentityContext fromSnapshot(
      IdentitySnapshot snapshot,
      ReconcileResult result,
      KnownUserIds members,
      LocalDate asOf,
      Map<String, KeyStatus> keyStatuses) {
    IdentityContext.Builder b = IdentityContext.builder().asOf(asOf).userIds(members);
    Map<String, Person> people = new HashMap<>();
    Map<String, Employee> employees = new HashMap<>();
    for (Person p : snapshot.people()) {
      people.put(p.employeeId(), p);
      Employee e =
          new Employee(p.employeeId(), p.status() == PersonStatus.TERMINATED, p.terminationDate());
      employees.put(p.employeeId(), e);
      b.employee(e, p.username(), p.email());
      if (p.email() != null && p.email().indexOf('@') > 0) {
        b.employeeAlias(e, p.email().substring(0, p.email().indexOf('@')));
      }
      String countries = p.attributes().get("countries");
      if (countries != null && !countries.isBlank()) {
        List<String> codes =
            Arrays.stream(countries.split(";"))
                .map(String::strip)
                .filter(c -> !c.isEmpty())
                .toList();
        for (String name : new String[] {p.employeeId(), p.username(), p.email()}) {
          if (name != null) {
            b.usualCountries(name, codes);
          }
        }
      }
    }
    Map<String, String> owners = new HashMap<>();
    if (result != null) {
      result.links().forEach(l -> owners.put(l.accountKey(), l.employeeId()));
    }
    for (Account a : snapshot.accounts()) {
      b.accountName(a.username()).accountName(a.accountId()).accountName(a.email());
      String owner = owners.getOrDefault(a.key(), a.employeeId());
      Employee e = owner == null ? null : employees.get(owner);
      if (e != null) {
        // a linked account's names lead to its owner, unless they already name someone
        b.employeeAlias(e, a.username()).employeeAlias(e, a.email());
      }
      if (a.privileged()) {
        for (String name : new String[] {a.username(), a.email(), owner}) {
          if (name != null && !name.isBlank()) {
            b.privileged(name);
          }
        }
      }
    }
    keys(snapshot, result, people, asOf)
        .forEach((kid, k) -> b.signingKey(kid, k.status(), k.since()));
    if (keyStatuses != null) {
      keyStatuses.forEach((kid, s) -> b.signingKey(kid, s, null));
    }
    return b.build();
  }

  private static Map<String, SigningKey> keys(
      IdentitySnapshot snapshot,
      ReconcileResult result,
      Map<String, Person> people,
      LocalDate asOf) {
    Map<String, SigningKey> out = new LinkedHashMap<>();
    Set<String> issuersRead = new HashSet<>();
    Set<String> published = new HashSet<>();
    for (JwksKey k : snapshot.jwksKeys()) {
      issuersRead.add(k.issuer());
      published.add(k.location());
      out.put(k.kid(), new SigningKey(k.kid(), KeyStatus.ACTIVE, null));
    }
    Map<String, Secret> tied = new LinkedHashMap<>();
    for (Secret s : snapshot.secrets()) {
      List<Tie> ties = ties(s);
      if (ties.isEmpty()) {
        continue;
      }
      tied.put(s.secretId(), s);
      Instant left = custodianLeft(s, people, asOf);
      for (Tie t : ties) {
        if (issuersRead.contains(t.issuer()) && !published.contains(t.location())) {
          out.putIfAbsent(t.kid(), new SigningKey(t.kid(), KeyStatus.RETIRED, null));
        }
        if (left != null) {
          out.put(t.kid(), new SigningKey(t.kid(), KeyStatus.CUSTODIAN_LEFT, left));
        }
      }
    }
    if (result != null) {
      Map<String, Secret> byId = new HashMap<>();
      snapshot.secrets().forEach(s -> byId.putIfAbsent(s.secretId(), s));
      for (Finding f : result.findings()) {
        if (!FindingTypes.SECRET_CUSTODIAN_LEFT.equals(f.type())) {
          continue;
        }
        Secret held = byId.get(f.subject().get("secret"));
        if (held == null) {
          continue;
        }
        Person p = people.get(f.subject().get("person"));
        Instant left = p == null ? null : startOf(p.terminationDate());
        for (Secret jwk : tied.values()) {
          if (jwk == held || linked(jwk, held)) {
            for (Tie t : ties(jwk)) {
              String kid = t.kid();
              SigningKey earlier = out.get(kid);
              Instant since = left;
              if (earlier != null && earlier.status() == KeyStatus.CUSTODIAN_LEFT) {
                since = earliest(since, earlier.since());
              }
              out.put(kid, new SigningKey(kid, KeyStatus.CUSTODIAN_LEFT, since));
            }
          }
        }
      }
    }
    return out;
  }

  /** The earliest leaving date of an inventory custodian who still holds the material, or null. */
  private static Instant custodianLeft(Secret s, Map<String, Person> people, LocalDate asOf) {
    Instant earliest = null;
    for (String id : s.custodians()) {
      Person p = people.get(id);
      if (p == null
          || p.terminationDate() == null
          || (asOf != null && p.terminationDate().isAfter(asOf))) {
        continue;
      }
      Instant left = startOf(p.terminationDate());
      if (s.lastRotated() == null || !s.lastRotated().isAfter(left)) {
        earliest = earliest(earliest, left);
      }
    }
    return earliest;
  }

  /**
   * Two inventory rows that name a common location (FORMATS.md §1.3: "custody learned at any of
   * them is custody of all"): an explicit link, unlike equal dates.
   */
  static boolean linked(Secret a, Secret b) {
    if (a == b || a.location() == null || b.location() == null) {
      return false;
    }
    Set<String> mine = new HashSet<>();
    for (String l : a.location().split(";")) {
      if (!l.isBlank()) {
        mine.add(l.strip());
      }
    }
    for (String l : b.location().split(";")) {
      if (mine.contains(l.strip())) {
        return true;
      }
    }
    return false;
  }

  private record Tie(String issuer, String kid) {
    String location() {
      return "jwks:" + issuer + "#" + kid;
    }
  }

  /** The published keys a secret's locations name ({@code jwks:ISSUER#KID}, FORMATS.md §1.3). */
  private static List<Tie> ties(Secret s) {
    List<Tie> out = new java.util.ArrayList<>(1);
    for (String location : s.jwksLocations()) {
      int hash = location.indexOf('#');
      if (hash < 0 || hash == location.length() - 1) {
        continue;
      }
      out.add(new Tie(location.substring(5, hash), location.substring(hash + 1)));
    }
    return out;
  }

  private static Instant startOf(LocalDate d) {
    return d == null ? null : d.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private static Instant earliest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isBefore(b) ? a : b;
  }
}
