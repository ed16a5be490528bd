package dev.haechi.exercise.run;

import dev.haechi.core.InputException;
import dev.haechi.detection.identity.IdentityContext;
import dev.haechi.detection.identity.KeyStatus;
import dev.haechi.detection.identity.KnownUserIds;
import dev.haechi.detection.identity.LeaverGuardIdentity;
import dev.haechi.detection.identity.MemberIdFile;
import dev.haechi.exercise.scenario.Inject;
import dev.haechi.exercise.scenario.InjectType;
import dev.haechi.exercise.scenario.Scenario;
import dev.haechi.identity.IdentityReconciler;
import dev.haechi.identity.ReconcileOptions;
import dev.haechi.identity.ReconcileResult;
import dev.haechi.identity.model.IdentitySnapshot;
import dev.haechi.identity.model.Person;
import dev.haechi.identity.model.PersonStatus;
import dev.haechi.identity.readers.IdentityDirectory;
import dev.haechi.resilience.catalog.Catalog;
import dev.haechi.resilience.catalog.CatalogLoader;
import dev.haechi.resilience.catalog.PowerAsset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The organisation a scenario runs against: its identity directory (read with Leaver Guard's
 * readers), its member ID space, its catalog. {@link #check} refuses a scenario whose injects name
 * a person, key, zone or asset the world does not have, before anything runs.
 */
public final class World {
  private final IdentitySnapshot snapshot;
  private final KnownUserIds members;
  private final Catalog catalog;
  private final Path catalogDir;
  private final Map<String, Person> people = new HashMap<>();
  private final IdentityContext initial;

  private World(
      IdentitySnapshot snapshot,
      KnownUserIds members,
      Catalog catalog,
      Path catalogDir,
      LocalDate asOf) {
    this.snapshot = snapshot;
    this.members = members;
    this.catalog = catalog;
    this.catalogDir = catalogDir;
    if (snapshot != null) {
      for (Person p : snapshot.people()) {
        for (String n : new String[] {p.employeeId(), p.username(), p.email()}) {
          if (n != null && !n.isBlank()) {
            people.putIfAbsent(n.toLowerCase(Locale.ROOT), p);
          }
        }
      }
      Map<String, Person> byId = new HashMap<>();
      snapshot.people().forEach(p -> byId.put(p.employeeId(), p));
      // as Leaver Guard does: the e-mail's local part, and the usernames of a person's accounts
      for (Person p : snapshot.people()) {
        if (p.email() != null && p.email().indexOf('@') > 0) {
          people.putIfAbsent(
              p.email().substring(0, p.email().indexOf('@')).toLowerCase(Locale.ROOT), p);
        }
      }
      for (var a : snapshot.accounts()) {
        Person p = a.employeeId() == null ? null : byId.get(a.employeeId());
        if (p != null && a.username() != null && !a.username().isBlank()) {
          people.putIfAbsent(a.username().toLowerCase(Locale.ROOT), p);
        }
      }
    }
    this.initial = snapshot == null ? null : context(asOf, Map.of(), Map.of());
  }

  /** Reads the world a scenario names (readers throw {@link InputException} on bad files). */
  public static World load(Scenario s) {
    Scenario.WorldSpec w = s.world();
    IdentitySnapshot snapshot = null;
    KnownUserIds members = KnownUserIds.none();
    if (w.identity() != null) {
      snapshot = IdentityDirectory.read(w.identity());
      if (w.membersFrom() != null) {
        members =
            KnownUserIds.builder()
                .range(w.membersFrom(), w.membersTo() - w.membersFrom() + 1)
                .build();
      } else {
        for (String name : LeaverGuardIdentity.MEMBER_FILES) {
          Path f = w.identity().resolve(name);
          if (Files.isRegularFile(f)) {
            members = MemberIdFile.read(f);
            break;
          }
        }
      }
    }
    Catalog catalog = w.catalog() == null ? null : CatalogLoader.load(w.catalog()).catalog();
    return new World(
        snapshot, members, catalog, w.catalog(), s.start().atZone(ZoneOffset.UTC).toLocalDate());
  }

  /**
   * Refuses, naming the document and the path inside it, a scenario whose injects need something
   * the world does not have.
   */
  public void check(Scenario s) {
    for (Inject i : s.injects()) {
      switch (i.type().category()) {
        case ATTACK, IDENTITY, RESPONSE -> {
          if (snapshot == null) {
            throw refuse(s, i, "", i.type().label() + " needs spec.world.identity");
          }
        }
        case FAILURE -> {
          if (catalog == null) {
            throw refuse(s, i, "", i.type().label() + " needs spec.world.catalog");
          }
        }
      }
      switch (i.type()) {
        case FORGED_TOKEN_REQUESTS, ENUMERATION -> {
          requireKid(s, i, i.string("kid"));
          if (members.ranges().isEmpty()) {
            throw refuse(
                s,
                i,
                "",
                "the world has no member ID range (spec.world.members or members.json in the"
                    + " identity folder), so there are no members to forge tokens for");
          }
        }
        case BULK_DISCLOSURE -> {
          if (i.string("kid") != null) {
            requireKid(s, i, i.string("kid"));
          }
          if (members.ranges().isEmpty()) {
            throw refuse(s, i, "", "the world has no member ID range to disclose");
          }
        }
        case VAULT_EXPORT, TERMINATE -> {
          Person p = person(i.string("person"));
          if (p == null) {
            throw refuse(
                s, i, ".with.person", "no one in the roster is '" + i.string("person") + "'");
          }
          if (i.type() == InjectType.TERMINATE
              && p.terminationDate() != null
              && !p.terminationDate().isAfter(date(s.start().plus(i.at())))) {
            throw refuse(
                s,
                i,
                ".with.person",
                i.string("person") + " already left on " + p.terminationDate());
          }
        }
        case ROTATE_KEY -> requireKid(s, i, i.string("kid"));
        case FIRE, POWER_LOSS, COOLING_LOSS -> {
          String zone = i.string("zone");
          String asset = i.string("asset");
          if (zone != null && catalog.zone(zone).isEmpty()) {
            throw refuse(
                s, i, ".with.zone", "the catalog has no zone '" + zone + "'" + some(zones()));
          }
          if (asset != null && catalog.powerAsset(asset).isEmpty()) {
            throw refuse(
                s,
                i,
                ".with.asset",
                "the catalog has no PowerAsset '" + asset + "'" + some(assets()));
          }
        }
      }
    }
    if (s.background().ratePerSecond() > 0) {
      if (snapshot == null) {
        throw new InputException(
            s.source(), 0, "spec.background.gateway: background traffic needs spec.world.identity");
      }
      if (members.ranges().isEmpty()) {
        throw new InputException(
            s.source(),
            0,
            "spec.background.gateway: the world has no member ID range (spec.world.members or"
                + " members.json) to draw members from");
      }
      String kid = s.background().kid();
      if (kid != null && initial.keyStatus(kid, null) == KeyStatus.UNKNOWN) {
        throw new InputException(
            s.source(), 0, "spec.background.gateway.kid: the world knows no key '" + kid + "'");
      }
      if (kid == null && activeKid() == null) {
        throw new InputException(
            s.source(),
            0,
            "spec.background.gateway: the world publishes no active signing key; name one with kid");
      }
    }
  }

  private void requireKid(Scenario s, Inject i, String kid) {
    if (initial.keyStatus(kid, null) == KeyStatus.UNKNOWN) {
      throw refuse(
          s,
          i,
          ".with.kid",
          "the world knows no signing key '"
              + kid
              + "' (known: "
              + String.join(", ", new TreeSet<>(initial.keys().keySet()))
              + ")");
    }
  }

  private static InputException refuse(Scenario s, Inject i, String sub, String reason) {
    return new InputException(s.source(), i.line(), i.path() + sub + ": " + reason);
  }

  private static String some(List<String> names) {
    if (names.isEmpty()) {
      return "";
    }
    List<String> first = names.subList(0, Math.min(8, names.size()));
    return " (it has " + String.join(", ", first) + (names.size() > 8 ? ", …" : "") + ")";
  }

  private List<String> zones() {
    return catalog.zones().stream().map(z -> z.name()).sorted().toList();
  }

  private List<String> assets() {
    return catalog.powerAssets().stream().map(PowerAsset::name).sorted().toList();
  }

  /** The person a name (employee ID, username, e-mail) names, or null. */
  public Person person(String name) {
    return name == null ? null : people.get(name.toLowerCase(Locale.ROOT).trim());
  }

  /**
   * The identity context with some people terminated (from the instant given, judged by day) and
   * some key statuses set explicitly (a rotated key).
   */
  public IdentityContext context(
      LocalDate asOf, Map<String, Instant> terminated, Map<String, KeyStatus> keyStatuses) {
    IdentitySnapshot snap = snapshot;
    if (!terminated.isEmpty()) {
      List<Person> ps = new ArrayList<>();
      for (Person p : snapshot.people()) {
        Instant t = terminated.get(p.employeeId());
        ps.add(
            t == null
                ? p
                : new Person(
                    p.employeeId(),
                    p.email(),
                    p.username(),
                    p.givenName(),
                    p.familyName(),
                    p.department(),
                    p.title(),
                    p.managerId(),
                    PersonStatus.TERMINATED,
                    p.hireDate(),
                    date(t),
                    p.attributes(),
                    p.source()));
      }
      snap =
          new IdentitySnapshot(
              ps,
              snapshot.accounts(),
              snapshot.secrets(),
              snapshot.vaultAccesses(),
              snapshot.jwksKeys(),
              snapshot.vaultLinesRead());
    }
    ReconcileResult result = IdentityReconciler.reconcile(snap, ReconcileOptions.asOf(asOf));
    return LeaverGuardIdentity.fromSnapshot(snap, result, members, asOf, keyStatuses);
  }

  /** The context as of the scenario's start, or null without an identity directory. */
  public IdentityContext initialContext() {
    return initial;
  }

  /** The first active key (sorted by kid), or null. */
  public String activeKid() {
    List<String> active = initial == null ? List.of() : initial.kids(KeyStatus.ACTIVE);
    return active.isEmpty() ? null : active.get(0);
  }

  public KnownUserIds members() {
    return members;
  }

  public List<KnownUserIds.Range> memberRanges() {
    return members.ranges();
  }

  public Catalog catalog() {
    return catalog;
  }

  public Path catalogDir() {
    return catalogDir;
  }

  public IdentitySnapshot snapshot() {
    return snapshot;
  }

  static LocalDate date(Instant t) {
    return t.atZone(ZoneOffset.UTC).toLocalDate();
  }
}
