package dev.haechi.exercise.run;

import dev.haechi.exercise.scenario.InjectType;
import dev.haechi.exercise.scenario.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Decides an attack inject's outcome from what the run saw: refused by the gateway ({@code
 * prevented}), alerted on ({@code detected}), different from normal traffic but not alerted on
 * ({@code logged}, naming the differences and a rule that would have caught them), or like normal
 * traffic in every field detection sees ({@code missed}, naming the data source that would have
 * told it apart).
 */
final class Judge {
  private Judge() {}

  static InjectResult attack(
      ExerciseRunner.State st, Scenario s, World world, LongFunction<String> backgroundKid) {
    List<RuleFiring> fired = new ArrayList<>(st.rules.values());
    fired.sort(Comparator.comparing(RuleFiring::first));
    RuleFiring first = fired.isEmpty() ? null : fired.get(0);
    List<String> unusual = new ArrayList<>(st.unusual);
    volume(st, s, world).ifPresent(unusual::add);
    Outcome outcome;
    String why;
    String wouldCatch = null;
    if (st.events > 0 && st.refused == st.events) {
      outcome = Outcome.PREVENTED;
      why =
          "the gateway refused all "
              + st.events
              + " requests: the key they were signed with was no longer trusted"
              + (first != null ? "; " + first.title() + " also alerted" : "");
    } else if (first != null) {
      outcome = Outcome.DETECTED;
      why =
          first.title()
              + " fired "
              + ExerciseRunner.fmt(Duration.between(st.firstEvent, first.first()))
              + " after the first event"
              + (st.refused > 0 ? "; the gateway refused " + st.refused + " of " + st.events : "");
    } else if (!unusual.isEmpty()) {
      outcome = Outcome.LOGGED;
      why =
          "its "
              + st.events
              + " events were recorded and differ from normal traffic ("
              + String.join("; ", unusual)
              + "), but no rule in use fired";
      wouldCatch = suggestion(st, unusual, backgroundKid);
    } else {
      outcome = Outcome.MISSED;
      why =
          "no rule can tell its " + st.events + " events from normal traffic: " + describeQuiet(st);
      wouldCatch = quiet(st);
    }
    return new InjectResult(
        st.inj,
        outcome,
        st.firstEvent,
        first == null ? null : first.first(),
        first == null ? null : first.ruleId(),
        first == null ? null : first.title(),
        st.events,
        st.refused,
        fired,
        why,
        wouldCatch,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /**
   * When one principal made far more requests than a normal member makes in the same span: more
   * than 20 and more than 20 times the background's per-member rate.
   */
  private static java.util.Optional<String> volume(
      ExerciseRunner.State st, Scenario s, World world) {
    if (st.perPrincipal.isEmpty() || st.firstEvent == null) {
      return java.util.Optional.empty();
    }
    Map.Entry<String, Long> top =
        st.perPrincipal.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
    long members = 0;
    for (var r : world.memberRanges()) {
      members += r.count();
    }
    double span = Math.max(1, Duration.between(st.firstEvent, st.lastEvent).toSeconds() + 1);
    double normal =
        members == 0 ? 0 : s.background().ratePerSecond() / members * Math.max(span, 3600);
    if (top.getValue() > 20 && top.getValue() > 20 * Math.max(1, normal)) {
      return java.util.Optional.of(
          String.format(
              "one principal (%s) made %d requests within %s, where a member normally makes %.2f an hour",
              top.getKey(),
              top.getValue(),
              ExerciseRunner.fmt(Duration.ofSeconds((long) span)),
              members == 0 ? 0 : s.background().ratePerSecond() / members * 3600));
    }
    return java.util.Optional.empty();
  }

  private static String describeQuiet(ExerciseRunner.State st) {
    if (st.inj.type() == InjectType.VAULT_EXPORT) {
      return "a read of a Vault path like any other";
    }
    return "tokens signed with the key normal traffic uses, from the countries members use, for"
        + " existing members, reading their own data at a member's pace";
  }

  /** What would have told a quiet attack apart: the data source detection did not have. */
  private static String quiet(ExerciseRunner.State st) {
    if (st.inj.type() == InjectType.VAULT_EXPORT) {
      return "Vault's audit log holds the request; a Sigma rule on request.path (e.g."
          + " |startswith: transit/export/) or Leaver Guard's custody timeline would flag it.";
    }
    return "Nothing in the gateway's events separates a stolen valid token from its owner. What"
        + " would have caught it: tokens bound to the client (DPoP, RFC 9449, or mTLS-bound"
        + " tokens, RFC 8705), so that a replayed token fails or its key thumbprint (token.cnf.jkt)"
        + " changes; a device or session ID in gateway events with a Sigma value_count"
        + " correlation on source.ip (or device) grouped by token.sub within the token's lifetime;"
        + " or the identity provider's sign-in log joined with gateway use (a token used that no"
        + " sign-in of that member issued).";
  }

  /** A rule that would have caught a logged inject, from the first difference it showed. */
  private static String suggestion(
      ExerciseRunner.State st, List<String> unusual, LongFunction<String> backgroundKid) {
    List<String> out = new ArrayList<>();
    for (String u : unusual) {
      if (u.startsWith("tokens signed with")) {
        out.add(
            "keep the identity context current (JWKS and the secrets inventory with its"
                + " custodians) so that haechi.token.key_status marks the key and the built-in"
                + " rule 'Access Token Signed by a Retired or Custodian-Left Key' fires; or a"
                + " Sigma rule on token.kid for keys that must not sign");
      } else if (u.startsWith("requests from")) {
        out.add(
            "a Sigma rule on source.geo.country_iso_code outside the countries the service"
                + " serves, or usual countries per principal (roster column 'countries') for the"
                + " built-in 'Privileged Principal Acting From a Country It Never Used'");
      } else if (u.startsWith("tokens for member IDs")) {
        out.add(
            "the member ID space (members.json or spec.world.members) so the built-in 'Access"
                + " Token for a User ID That Does Not Exist' can judge haechi.user.exists");
      } else if (u.startsWith("one token")) {
        out.add(
            "the built-in enumeration correlation (value_count of data.subject_ids by token.kid"
                + " and source.ip), or one grouped by token.sub");
      } else if (u.startsWith("one principal")) {
        out.add(
            "an event_count correlation grouped by token.sub (or user.id) over 1h above the"
                + " members' normal volume, or the built-in disclosure baseline"
                + " (haechi.disclosure.above_baseline) once the principal has a day of history");
      } else if (u.startsWith("the Vault audit log")) {
        out.add(
            "a Sigma rule on the Vault audit log: service.name vault and request.path"
                + " |startswith: transit/export/ (key material copied out), given to the exercise"
                + " with spec.rules; Leaver Guard already reports the exporter as a custodian");
      } else if (u.startsWith("an action")) {
        out.add("a Sigma rule on event.action for actions normal clients never call");
      }
    }
    return out.isEmpty() ? null : String.join("; or ", new java.util.LinkedHashSet<>(out));
  }
}
