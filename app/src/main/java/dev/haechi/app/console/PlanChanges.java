package dev.haechi.app.console;

import dev.haechi.app.identity.RemediationPlans;
import java.util.Locale;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What one action of a remediation plan changes, in words, before it runs; and, once it ran, what
 * it found and left (from the before-state the plan recorded). Used as {@code @planChanges} in the
 * plan page.
 */
@Component("planChanges")
public class PlanChanges {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** What the action will change (or changed), for the plan page's "What changes" column. */
  public String of(RemediationPlans.Plan p, RemediationPlans.Action a) {
    return switch (a.kind()) {
      case "disable-account" -> disable(p, a);
      case "rotate-transit-key" ->
          "Vault makes a new version of the transit key "
              + a.accountId()
              + " and raises its minimum decryption and encryption versions to it: every older"
              + " version (the copy a leaver took) can no longer sign, verify or decrypt. Reversing"
              + " lowers the minimums again; the new version stays.";
      case "retire-kid" ->
          "The key "
              + kidOf(a.accountId())
              + " is removed from the published key set "
              + fileOf(a.accountId())
              + ": tokens signed with it stop being accepted once relying parties refresh their"
              + " copy. Reversing puts the removed key back.";
      case "rotate-secret" ->
          "Nothing changes by itself: a person rotates the secret where it lives and confirms it"
              + " here with a note.";
      case "relying-party" ->
          "Nothing changes by itself: a person refreshes that party's cached key set and confirms"
              + " it here.";
      default -> a.kind().replace('-', ' ');
    };
  }

  private static String disable(RemediationPlans.Plan p, RemediationPlans.Action a) {
    String how = mechanism(p.target());
    StringBuilder s =
        new StringBuilder("Disabled on ")
            .append(p.system())
            .append(how.isEmpty() ? "" : " (" + how + ")")
            .append(": it can no longer sign in; its groups and other attributes stay, and it can")
            .append(" be re-enabled from this plan.");
    String done = recorded(a.before());
    if (!done.isEmpty()) {
      s.append(' ').append(done);
    }
    return s.toString();
  }

  /** How the target's directory or identity provider records a disabled account ("" unknown). */
  public String disabling(String target) {
    return mechanism(target);
  }

  static String mechanism(String target) {
    if (target == null) {
      return "";
    }
    String t = target.toLowerCase(Locale.ROOT);
    if (t.startsWith("scim")) {
      return "the identity provider's SCIM attribute active set to false";
    }
    if (t.contains("flavour=ad") || t.contains("flavour=active-directory")) {
      return "the ACCOUNTDISABLE bit set in userAccountControl";
    }
    if (t.contains("flavour=nsaccountlock")
        || t.contains("flavour=389")
        || t.contains("flavour=oracle")) {
      return "nsAccountLock set to true";
    }
    if (t.contains("flavour=ppolicy") || t.contains("flavour=openldap")) {
      return "pwdAccountLockedTime set to lock it permanently";
    }
    if (t.startsWith("ldap")) {
      return "the directory's own lock attribute, found when the plan runs";
    }
    return "";
  }

  /** The before-state an executed action recorded, as "Found …; set …", or empty. */
  static String recorded(String before) {
    if (before == null || !before.startsWith("{")) {
      return "";
    }
    try {
      JsonNode n = JSON.readTree(before);
      if (!n.has("mechanism")) {
        return "";
      }
      String attribute = n.path("mechanism").asString("");
      return "Found "
          + attribute
          + " = "
          + (n.path("before").isNull() ? "(not set)" : n.path("before").asString(""))
          + ", set it to "
          + (n.path("after").isNull() ? "(not set)" : n.path("after").asString(""))
          + (n.path("changed").asBoolean(true) ? "." : " (it was already disabled).");
    } catch (RuntimeException e) {
      return "";
    }
  }

  private static String kidOf(String object) {
    int hash = object.lastIndexOf('#');
    return hash < 0 ? object : object.substring(hash + 1);
  }

  private static String fileOf(String object) {
    int hash = object.lastIndexOf('#');
    return hash < 0 ? "" : object.substring(0, hash);
  }
}
