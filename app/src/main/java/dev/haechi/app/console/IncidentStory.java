package dev.haechi.app.console;

import dev.haechi.app.alerts.Alert;
import dev.haechi.app.identity.IdentityState;
import dev.haechi.app.identity.RemediationPlans;
import dev.haechi.core.Finding;
import dev.haechi.identity.custody.CustodyEntry;
import dev.haechi.identity.custody.CustodyTimeline;
import dev.haechi.identity.model.Person;
import dev.haechi.identity.model.Secret;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One story per incident: from an alert to the signing key it is about, the key's custodians (and
 * whether they left), their person pages, Leaver Guard's findings on the key or person and the
 * remediation plans that touch them. Built from the latest reconciliation held in {@link
 * IdentityState}; empty parts mean Haechi does not know them (no reconciliation, a key the
 * inventory lacks), and the page says so.
 */
@Component
public class IncidentStory {
  private final IdentityState identity;
  private final RemediationPlans plans;
  private final JsonMapper json = JsonMapper.builder().build();

  public IncidentStory(IdentityState identity, RemediationPlans plans) {
    this.identity = identity;
    this.plans = plans;
  }

  /** A custodian of a key: the person (null when the source named nobody on the roster). */
  public record Custodian(String employeeId, String name, String status, String left, String how) {}

  /** A key or secret the alert is about, as the inventory knows it. */
  public record KeyStory(
      String kid, Secret secret, List<Custodian> custodians, boolean custodianLeft) {}

  /** Everything the console can tie to one alert. */
  public record Story(
      boolean reconciled,
      Set<String> kids,
      List<KeyStory> keys,
      List<Custodian> people,
      List<Finding> findings,
      List<RemediationPlans.Plan> plans) {
    public boolean isEmpty() {
      return kids.isEmpty() && keys.isEmpty() && people.isEmpty();
    }
  }

  public Story of(Alert a) {
    Set<String> kids = new LinkedHashSet<>();
    Set<String> secretIds = new LinkedHashSet<>();
    Set<String> personIds = new LinkedHashSet<>();
    JsonNode details = json.valueToTree(a.details());
    JsonNode raw = details.path("alert");
    collectKids(raw.path("event"), kids);
    raw.path("events").forEach(e -> collectKids(e, kids));
    raw.path("group")
        .properties()
        .forEach(
            e -> {
              if (e.getKey().endsWith("kid") && e.getValue().isValueNode()) {
                kids.add(e.getValue().asString());
              }
            });
    JsonNode subject = details.path("subject");
    if (subject.path("secret").isValueNode() && !subject.path("secret").asString().isEmpty()) {
      secretIds.add(subject.path("secret").asString());
    }
    if (subject.path("person").isValueNode() && !subject.path("person").asString().isEmpty()) {
      personIds.add(subject.path("person").asString());
    }
    var loaded = identity.current();
    if (loaded.isEmpty()) {
      return new Story(false, kids, List.of(), List.of(), List.of(), List.of());
    }
    var l = loaded.get();
    List<KeyStory> keys = new ArrayList<>();
    Map<String, Custodian> people = new LinkedHashMap<>();
    for (CustodyTimeline t : l.result().custody()) {
      Secret s = t.secret();
      String matchedKid = matchingKid(s, kids);
      if (matchedKid == null && !secretIds.contains(s.secretId())) {
        continue;
      }
      secretIds.add(s.secretId());
      List<Custodian> custodians = new ArrayList<>();
      boolean left = false;
      Map<String, Custodian> byKey = new LinkedHashMap<>();
      for (CustodyEntry e : t.entries()) {
        Custodian c = custodian(l.people(), e.employeeId(), e.name(), how(e));
        String key = c.employeeId() != null ? c.employeeId() : "?" + c.name();
        Custodian seen = byKey.get(key);
        byKey.put(
            key,
            seen == null || seen.how().contains(c.how())
                ? (seen == null ? c : seen)
                : new Custodian(
                    seen.employeeId(),
                    seen.name(),
                    seen.status(),
                    seen.left(),
                    seen.how() + "; " + c.how()));
        if (c.employeeId() != null) {
          people.putIfAbsent(c.employeeId(), c);
          left |= c.left() != null;
        }
      }
      custodians.addAll(byKey.values());
      // leavers first: they are why the key matters
      custodians.sort(java.util.Comparator.comparing((Custodian c) -> c.left() == null));
      keys.add(new KeyStory(matchedKid, s, custodians, left));
    }
    for (String id : personIds) {
      people.putIfAbsent(id, custodian(l.people(), id, id, "named by the alert"));
    }
    List<Finding> findings = new ArrayList<>();
    for (Finding f : l.result().findings()) {
      String secret = f.subject().get("secret");
      String person = f.subject().get("person");
      if ((secret != null && secretIds.contains(secret))
          || (person != null && personIds.contains(person))) {
        findings.add(f);
      }
    }
    return new Story(
        true,
        kids,
        keys,
        List.copyOf(people.values()),
        findings,
        plansTouching(secretIds, kids, people.keySet(), l));
  }

  /**
   * The key ids of the secrets a person held, for "alerts on their keys": every published key id
   * ({@code jwks:ISSUER#KID}) and the secret ids.
   */
  public List<String> keyIdsHeldBy(IdentityState.PersonView view) {
    Set<String> out = new LinkedHashSet<>();
    for (IdentityState.HeldSecret h : view.secrets()) {
      Secret s = h.timeline().secret();
      for (String loc : s.jwksLocations()) {
        int hash = loc.lastIndexOf('#');
        if (hash >= 0 && hash + 1 < loc.length()) {
          out.add(loc.substring(hash + 1));
        }
      }
      out.add(s.secretId());
    }
    return List.copyOf(out);
  }

  /** Plans whose actions touch these secrets or key ids, or accounts of these people. */
  public List<RemediationPlans.Plan> plansTouching(
      Collection<String> secretIds,
      Collection<String> kids,
      Collection<String> personIds,
      IdentityState.Loaded l) {
    Set<String> accounts = new LinkedHashSet<>();
    for (String p : personIds) {
      l.accountsByPerson().getOrDefault(p, List.of()).stream()
          .map(x -> x.system() + ":" + x.accountId())
          .forEach(accounts::add);
    }
    List<RemediationPlans.Plan> out = new ArrayList<>();
    for (RemediationPlans.Plan p : plans.list()) {
      boolean touches = false;
      for (RemediationPlans.Action a : p.actions()) {
        String object = a.accountId() == null ? "" : a.accountId();
        String reason = a.reason() == null ? "" : a.reason();
        if (accounts.contains(p.system() + ":" + object)) {
          touches = true;
        }
        for (String s : secretIds) {
          touches |= object.contains(s) || reason.contains(s);
        }
        for (String k : kids) {
          touches |= object.contains(k) || reason.contains(k);
        }
      }
      if (touches) {
        out.add(p);
      }
    }
    return out;
  }

  private static String how(CustodyEntry e) {
    String source =
        e.source() == null ? "" : e.source().toString().toLowerCase(java.util.Locale.ROOT);
    String words =
        switch (source) {
          case "inventory" -> "named in the secret inventory";
          case "vault" -> "used it in Vault";
          case "account_owner", "account-owner" -> "owns the account it belongs to";
          default -> source.replace('_', ' ');
        };
    return e.copiedKeyMaterial() ? words + ", copied the key material out" : words;
  }

  private static Custodian custodian(
      Map<String, Person> people, String employeeId, String name, String how) {
    Person p = employeeId == null ? null : people.get(employeeId);
    if (p == null) {
      return new Custodian(
          null, name == null ? "someone not on the roster" : name, null, null, how);
    }
    String left =
        p.terminationDate() != null && p.status() != dev.haechi.identity.model.PersonStatus.ACTIVE
            ? p.terminationDate().toString()
            : null;
    return new Custodian(
        p.employeeId(), p.givenName() + " " + p.familyName(), p.status().label(), left, how);
  }

  private static String matchingKid(Secret s, Set<String> kids) {
    for (String kid : kids) {
      if (s.secretId().equals(kid)) {
        return kid;
      }
      for (String loc : s.jwksLocations()) {
        if (loc.endsWith("#" + kid)) {
          return kid;
        }
      }
    }
    return null;
  }

  private static void collectKids(JsonNode event, Set<String> kids) {
    JsonNode kid = event.path("token").path("kid");
    if (kid.isValueNode() && !kid.asString().isEmpty()) {
      kids.add(kid.asString());
    }
  }
}
