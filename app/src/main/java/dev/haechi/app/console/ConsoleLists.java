package dev.haechi.app.console;

import dev.haechi.app.breach.BreachCases;
import dev.haechi.app.exercise.ExerciseRuns;
import dev.haechi.app.identity.RemediationPlans;
import dev.haechi.app.security.AppUser;
import dev.haechi.identity.correlation.CorrelationCase;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The filters of the console's short lists (breach cases, remediation plans, correlation cases,
 * exercise runs, users) and the tables their CSV and JSON downloads carry. The page and its
 * download apply the same filter, so a download holds exactly the rows the page lists. These lists
 * are held in memory whole (tens to hundreds of rows), so they filter in Java.
 */
final class ConsoleLists {
  private ConsoleLists() {}

  static String blank(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /** True when {@code q} is blank or any of the texts contains it, ignoring case. */
  static boolean contains(String q, String... texts) {
    String needle = blank(q);
    if (needle == null) {
      return true;
    }
    String n = needle.toLowerCase(Locale.ROOT);
    return Stream.of(texts).anyMatch(t -> t != null && t.toLowerCase(Locale.ROOT).contains(n));
  }

  static boolean is(String wanted, String value) {
    String w = blank(wanted);
    return w == null || w.equalsIgnoreCase(value);
  }

  private static <T> List<T> filter(List<T> all, Predicate<T> p) {
    return all.stream().filter(p).toList();
  }

  static List<BreachCases.Case> breachCases(
      List<BreachCases.Case> all, String status, String severity, String q) {
    return filter(
        all,
        c ->
            is(status, c.status())
                && is(severity, c.severity())
                && contains(q, c.title(), c.kid(), c.principal(), c.assignee()));
  }

  static Exports.Table breachCasesTable(List<BreachCases.Case> cases) {
    var t =
        Exports.Table.of(
            List.of(
                "id",
                "title",
                "status",
                "severity",
                "assignee",
                "alert_id",
                "kid",
                "principal",
                "aware_at",
                "notify_by",
                "opened_at",
                "opened_by"));
    for (var c : cases) {
      t.add(
          c.id(),
          c.title(),
          c.status(),
          c.severity(),
          c.assignee(),
          c.alertId(),
          c.kid(),
          c.principal(),
          c.awareAt(),
          c.awareAt() == null ? null : c.awareAt().plusSeconds(72 * 3600),
          c.openedAt(),
          c.openedBy());
    }
    return t;
  }

  static List<RemediationPlans.Plan> plans(
      List<RemediationPlans.Plan> all, String status, String q) {
    return filter(
        all,
        p ->
            is(status, p.status())
                && contains(
                    q,
                    Stream.concat(
                            Stream.of(
                                Long.toString(p.id()),
                                p.system(),
                                p.person(),
                                p.createdBy(),
                                p.approvedBy()),
                            p.actions().stream().map(RemediationPlans.Action::accountId))
                        .toArray(String[]::new)));
  }

  static Exports.Table plansTable(List<RemediationPlans.Plan> plans) {
    var t =
        Exports.Table.of(
            List.of(
                "id",
                "system",
                "status",
                "proposed_by",
                "approved_by",
                "target",
                "actions",
                "actions_done",
                "accounts_and_keys",
                "guard_raised",
                "for_person"));
    for (var p : plans) {
      t.add(
          p.id(),
          p.system(),
          p.status(),
          p.createdBy(),
          p.approvedBy(),
          p.target(),
          p.actions().size(),
          p.actions().stream().filter(a -> "done".equals(a.state())).count(),
          p.actions().stream().map(RemediationPlans.Action::accountId).toList(),
          p.guardRaised(),
          p.person());
    }
    return t;
  }

  static List<CorrelationCase> correlationCases(List<CorrelationCase> all, String rule, String q) {
    return filter(
        all,
        c ->
            is(rule, c.rule())
                && contains(
                    q,
                    Stream.concat(
                            Stream.of(c.accountKey(), c.system(), c.accountId()),
                            c.candidates().stream())
                        .toArray(String[]::new)));
  }

  static Exports.Table correlationCasesTable(List<CorrelationCase> cases) {
    var t = Exports.Table.of(List.of("account", "system", "account_id", "rule", "candidates"));
    for (var c : cases) {
      t.add(c.accountKey(), c.system(), c.accountId(), c.rule(), c.candidates());
    }
    return t;
  }

  static List<ExerciseRuns.Run> runs(List<ExerciseRuns.Run> all, String scenario, String status) {
    return filter(all, r -> is(scenario, r.scenario()) && is(status, r.status()));
  }

  static Exports.Table runsTable(List<ExerciseRuns.Run> runs) {
    var t =
        Exports.Table.of(
            List.of(
                "id",
                "scenario",
                "title",
                "started_at",
                "started_by",
                "finished_at",
                "status",
                "background_rate",
                "score",
                "summary",
                "error"));
    for (var r : runs) {
      t.add(
          r.id(),
          r.scenario(),
          r.title(),
          r.startedAt(),
          r.startedBy(),
          r.finishedAt(),
          r.status(),
          r.backgroundRate(),
          r.score(),
          r.summary(),
          r.error());
    }
    return t;
  }

  static List<AppUser> users(List<AppUser> all, String role, String q) {
    return filter(all, u -> is(role, u.role().label()) && contains(q, u.username(), u.source()));
  }

  static Exports.Table usersTable(List<AppUser> users) {
    var t = Exports.Table.of(List.of("username", "role", "enabled", "source", "created_at"));
    for (var u : users) {
      t.add(u.username(), u.role().label(), u.enabled(), u.source(), u.createdAt());
    }
    return t;
  }
}
