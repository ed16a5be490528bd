package dev.haechi.identity.findings;

import dev.haechi.core.Durations;
import dev.haechi.core.Finding;
import dev.haechi.core.Severity;
import dev.haechi.identity.custody.CustodyEntry;
import dev.haechi.identity.custody.CustodySource;
import dev.haechi.identity.custody.CustodyTimeline;
import dev.haechi.identity.model.JwksKey;
import dev.haechi.identity.model.Person;
import dev.haechi.identity.model.Secret;
import dev.haechi.identity.model.SecretKind;
import dev.haechi.identity.model.VaultAccess;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two secret finding types, one method each, judged as of the evaluation's time on the key
 * material in use then ({@link Secret#materialSince}).
 *
 * <ul>
 *   <li>{@code secret-custodian-left} (critical for signing keys, else high), once per leaver: a
 *       custodian left on or before the as-of date and still holds the material in use. An
 *       inventory custodian or account owner holds it unless it was rotated after the leaving date;
 *       a Vault custodian holds it when one of their requests came after the material was made (a
 *       rotation after their last request took their copy's value away). Unknown material age
 *       counts as never rotated.
 *   <li>{@code secret-overdue-rotation} (high for signing keys, else medium): the material is older
 *       than the policy's {@code max_age}.
 * </ul>
 *
 * Inactive secrets (a deactivated AWS key) are skipped: they can no longer be used.
 */
public final class SecretFindings {
  /**
   * Vault lines quoted as evidence per custodian (key-material copies first); past it the rest are
   * counted in one line. A service account can make a request a minute for years, so the list is
   * capped; 100 lists every request of a person in the demo (18) and keeps a finding's evidence
   * well inside what the console stores.
   */
  static final int MAX_VAULT_LINES = 100;

  private SecretFindings() {}

  public static void evaluate(CustodyTimeline t, Evaluation ev, List<Finding> out) {
    Secret s = t.secret();
    if (!s.active()) {
      return;
    }
    Instant material = s.materialSince(ev.asOf());
    Map<String, List<CustodyEntry>> leavers = new LinkedHashMap<>();
    for (CustodyEntry e : t.entries()) {
      Person p = e.employeeId() == null ? null : ev.people().get(e.employeeId());
      if (p == null || !p.isLeaverOn(ev.asOfDate())) {
        continue;
      }
      if (stillHolds(e, p, material)) {
        leavers.computeIfAbsent(p.employeeId(), k -> new ArrayList<>()).add(e);
      }
    }
    for (Map.Entry<String, List<CustodyEntry>> l : leavers.entrySet()) {
      out.add(secretCustodianLeft(s, ev.people().get(l.getKey()), l.getValue(), material, ev));
    }
    if (material != null
        && Duration.between(material, ev.asOf()).compareTo(s.effectiveMaxAge()) > 0) {
      out.add(secretOverdueRotation(s, material, ev));
    }
  }

  static boolean stillHolds(CustodyEntry e, Person p, Instant material) {
    if (material == null) {
      return true;
    }
    if (e.source() == CustodySource.VAULT) {
      return !e.lastAccess().isBefore(material);
    }
    Instant left = p.terminationDate().atStartOfDay(ZoneOffset.UTC).toInstant();
    return !material.isAfter(left);
  }

  static Finding secretCustodianLeft(
      Secret s, Person p, List<CustodyEntry> custody, Instant material, Evaluation ev) {
    List<String> evidence = new ArrayList<>();
    evidence.add(Evidence.secret(s));
    evidence.add(Evidence.person(p));
    for (String loc : s.jwksLocations()) {
      JwksKey published = ev.jwks().get(loc);
      if (published != null) {
        evidence.add(
            published.source()
                + ": kid "
                + published.kid()
                + (published.alg() == null ? "" : " (" + published.alg() + ")")
                + " still published by "
                + published.issuer());
      }
    }
    boolean exported = false;
    for (CustodyEntry e : custody) {
      if (e.source() != CustodySource.VAULT) {
        evidence.add(
            e.evidence()
                + ": "
                + (e.source() == CustodySource.INVENTORY
                    ? "inventory names " + e.name() + " as a custodian"
                    : "the key belongs to an account of " + e.name()));
        continue;
      }
      exported |= e.copiedKeyMaterial();
      List<VaultAccess> quoted = new ArrayList<>();
      for (VaultAccess a : e.accesses()) {
        if (a.copiesKeyMaterial() && quoted.size() < MAX_VAULT_LINES) {
          quoted.add(a);
        }
      }
      for (VaultAccess a : e.accesses()) {
        if (!a.copiesKeyMaterial() && quoted.size() < MAX_VAULT_LINES) {
          quoted.add(a);
        }
      }
      quoted.sort(java.util.Comparator.comparingLong(a -> a.source().line()));
      for (VaultAccess a : quoted) {
        evidence.add(a.evidence());
      }
      int rest = e.accesses().size() - quoted.size();
      if (rest > 0) {
        evidence.add(
            "… and "
                + rest
                + " more Vault requests by "
                + e.name()
                + " between "
                + Evidence.day(e.since())
                + " and "
                + Evidence.day(e.lastAccess())
                + " (the evidence quotes "
                + MAX_VAULT_LINES
                + " per person)");
      }
    }
    boolean signing = s.kind() == SecretKind.SIGNING_KEY;
    String rotated =
        material == null
            ? "its age is unknown"
            : (s.lastRotated() == null || s.lastRotated().isAfter(ev.asOf())
                ? "never rotated since " + Evidence.day(material)
                : "last rotated " + Evidence.day(material));
    Map<String, String> subject = new LinkedHashMap<>();
    subject.put("person", p.employeeId());
    if (s.system() != null) {
      subject.put("system", s.system());
    }
    subject.put("secret", s.secretId());
    String remedy = remedy(s, custody, ev, signing, p);
    return new Finding(
        FindingTypes.SECRET_CUSTODIAN_LEFT,
        signing ? Severity.CRITICAL : Severity.HIGH,
        s.kind().label()
            + " "
            + s.secretId()
            + kids(s)
            + (exported ? " was exported by " : " was held by ")
            + "leaver "
            + p.displayName()
            + " ("
            + p.employeeId()
            + ", left "
            + p.terminationDate()
            + ") and "
            + rotated,
        subject,
        evidence,
        remedy);
  }

  /**
   * What to do: rotate and retire every location of the key (FORMATS.md §1.3). A Vault transit key
   * is rotated and its {@code min_decryption_version} / {@code min_encryption_version} raised to
   * the new version, past the version the leaver exported (Vault keeps old versions usable until
   * then); each published {@code kid} is removed from its issuer's JWKS and every relying party
   * that caches the JWKS is told (a cached key stays trusted until the cache expires).
   */
  static String remedy(
      Secret s, List<CustodyEntry> custody, Evaluation ev, boolean signing, Person p) {
    List<String> transit = s.transitKeys();
    List<String> kids = s.jwksLocations();
    StringBuilder remedy = new StringBuilder();
    if (transit.isEmpty() && kids.isEmpty()) {
      remedy.append("Rotate ").append(s.secretId());
      if (s.location() != null) {
        remedy.append(" (").append(s.location()).append(')');
      }
      remedy.append(" now and retire the old material");
    } else {
      remedy.append("Retire ").append(s.secretId()).append(" now");
      for (String key : transit) {
        remedy
            .append("; rotate transit key ")
            .append(key)
            .append(
                " and raise its min_decryption_version and min_encryption_version to the new"
                    + " version, past ")
            .append(exported(key, custody))
            .append(", so the leaked versions can no longer sign, verify or decrypt");
      }
      for (String loc : kids) {
        String issuer = loc.substring(5, loc.indexOf('#'));
        String kid = loc.substring(loc.indexOf('#') + 1);
        JwksKey published = ev.jwks().get(loc);
        if (published != null) {
          remedy
              .append("; retire kid ")
              .append(kid)
              .append(": remove it from the ")
              .append(issuer)
              .append(" JWKS (")
              .append(published.source())
              .append(
                  ") and have every relying party that caches that JWKS refresh it (tokens"
                      + " signed with it are accepted until their cache expires)");
        } else {
          remedy
              .append("; kid ")
              .append(kid)
              .append(" is not in the ")
              .append(issuer)
              .append(" JWKS read: keep it unpublished and out of relying parties' caches");
        }
      }
    }
    remedy
        .append("; review everything ")
        .append(signing ? "signed with it" : "done with it")
        .append(" since ")
        .append(p.terminationDate())
        .append('.');
    return remedy.toString();
  }

  /**
   * The versions of a transit key that a custodian copied out, in words: {@code "exported version
   * 1"}, or, for an export of the then latest version, {@code "every version up to the one current
   * on 2024-12-10"}; {@code "every current version"} when nothing was exported.
   */
  static String exported(String transitKey, List<CustodyEntry> custody) {
    java.util.TreeSet<Integer> versions = new java.util.TreeSet<>();
    Instant latestExport = null;
    for (CustodyEntry e : custody) {
      for (VaultAccess a : e.accesses()) {
        if (!a.copiesKeyMaterial() || !transitKey.equals(a.location())) {
          continue;
        }
        String path = a.path();
        int slash = path.lastIndexOf('/');
        String last = path.substring(slash + 1);
        if (!last.isEmpty() && last.chars().allMatch(Character::isDigit) && last.length() < 10) {
          versions.add(Integer.parseInt(last));
        } else if (latestExport == null || a.time().isAfter(latestExport)) {
          latestExport = a.time();
        }
      }
    }
    if (latestExport != null) {
      return "every version up to the one current on " + Evidence.day(latestExport);
    }
    if (!versions.isEmpty()) {
      return (versions.size() == 1 ? "exported version " : "exported versions ")
          + versions.stream()
              .map(String::valueOf)
              .collect(java.util.stream.Collectors.joining(", "));
    }
    return "every version in use while they held it";
  }

  /** {@code " (kid auth-2022-01)"} for a published key, else empty. */
  static String kids(Secret s) {
    List<String> kids = new ArrayList<>();
    for (String loc : s.jwksLocations()) {
      String kid = loc.substring(loc.indexOf('#') + 1);
      if (!kids.contains(kid)) {
        kids.add(kid);
      }
    }
    return kids.isEmpty()
        ? ""
        : (kids.size() == 1 ? " (kid " : " (kids ") + String.join(", ", kids) + ")";
  }

  static Finding secretOverdueRotation(Secret s, Instant material, Evaluation ev) {
    boolean signing = s.kind() == SecretKind.SIGNING_KEY;
    Map<String, String> subject = new LinkedHashMap<>();
    if (s.system() != null) {
      subject.put("system", s.system());
    }
    subject.put("secret", s.secretId());
    long days = ev.daysSince(material);
    return new Finding(
        FindingTypes.SECRET_OVERDUE_ROTATION,
        signing ? Severity.HIGH : Severity.MEDIUM,
        s.kind().label()
            + " "
            + s.secretId()
            + " is "
            + days
            + " days old; policy is "
            + Durations.format(s.effectiveMaxAge()),
        subject,
        List.of(Evidence.secret(s)),
        "Rotate "
            + s.secretId()
            + " and schedule rotation every "
            + Durations.format(s.effectiveMaxAge())
            + ".");
  }
}
