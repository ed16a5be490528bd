package dev.haechi.identity.findings;

import dev.haechi.core.Finding;
import dev.haechi.core.Severity;
import dev.haechi.identity.correlation.AccountLink;
import dev.haechi.identity.correlation.IndexedCorrelator;
import dev.haechi.identity.model.Account;
import dev.haechi.identity.model.AccountTable;
import dev.haechi.identity.model.Person;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The four account finding types, one method each. Every account is judged once, as of the
 * evaluation's time, and only usable accounts (enabled, not expired) are findings: a disabled
 * account is what a leaver's account should be.
 *
 * <ul>
 *   <li>{@code leaver-active-account} (high; critical when privileged): its owner left on or before
 *       the as-of date;
 *   <li>{@code privileged-without-owner} (high): privileged, no owner, not awaiting a decision;
 *   <li>{@code orphan-account} (medium): not privileged, no owner, not awaiting a decision;
 *   <li>{@code dormant-account} (medium when privileged, else low): its owner is still employed and
 *       it has not been used for longer than the dormancy period (a login after the as-of time is
 *       not evidence of dormancy on that date, so such an account is not called dormant).
 * </ul>
 */
public final class AccountFindings {
  private AccountFindings() {}

  /**
   * The findings about {@code accounts} (whose links are {@code linkOf}, index for index), in
   * account order; slices of accounts are judged in parallel.
   */
  public static List<Finding> evaluateAll(
      List<Account> accounts, AccountLink[] linkOf, Evaluation ev) {
    int slice = 1 << 15;
    int slices = (accounts.size() + slice - 1) / slice;
    List<List<Finding>> parts =
        IntStream.range(0, slices)
            .parallel()
            .mapToObj(
                s -> {
                  List<Finding> out = new ArrayList<>();
                  int end = Math.min(accounts.size(), (s + 1) * slice);
                  for (int i = s * slice; i < end; i++) {
                    evaluate(accounts.get(i), linkOf[i], ev, out);
                  }
                  return out;
                })
            .toList();
    List<Finding> all = new ArrayList<>();
    for (List<Finding> part : parts) {
      all.addAll(part);
    }
    return all;
  }

  /**
   * Adds the finding (at most one) about account {@code a}, whose correlation link is {@code link}
   * (null when it has none).
   */
  public static void evaluate(Account a, AccountLink link, Evaluation ev, List<Finding> out) {
    if (!a.isUsableAt(ev.asOf())) {
      return;
    }
    Person owner = ev.owner(link);
    boolean privileged = ev.isPrivileged(a);
    if (owner != null && owner.isLeaverOn(ev.asOfDate())) {
      out.add(leaverActiveAccount(a, link, owner, privileged, ev));
    } else if (owner == null && !ev.undecided().contains(a.key())) {
      out.add(privileged ? privilegedWithoutOwner(a, ev) : orphanAccount(a, ev));
    } else if (owner == null) {
      List<Person> candidates = leaversOnly(a, ev);
      if (candidates != null) {
        out.add(everyCandidateLeft(a, candidates, privileged, ev));
      }
    } else if (owner != null && isDormant(a, ev)) {
      out.add(dormantAccount(a, link, owner, privileged, ev));
    }
  }

  /**
   * The fast path of {@link #evaluateAll}: the same verdicts, in the same order, as findings whose
   * title is made now and whose evidence, subject and remedy are written only when the finding is
   * read ({@link PendingFinding#render}). The day, the dormancy cutoff and the key of an account
   * are computed once per run, not once per account.
   */
  public static List<PendingFinding> judgeAll(
      List<Account> accounts, AccountLink[] linkOf, Evaluation ev) {
    Judge judge = new Judge(ev);
    int slice = 1 << 15;
    int slices = (accounts.size() + slice - 1) / slice;
    List<List<PendingFinding>> parts =
        IntStream.range(0, slices)
            .parallel()
            .mapToObj(
                s -> {
                  List<PendingFinding> out = new ArrayList<>();
                  int end = Math.min(accounts.size(), (s + 1) * slice);
                  for (int i = s * slice; i < end; i++) {
                    PendingFinding p = judge.judge(accounts.get(i), linkOf[i]);
                    if (p != null) {
                      out.add(p);
                    }
                  }
                  return out;
                })
            .toList();
    int total = 0;
    for (List<PendingFinding> part : parts) {
      total += part.size();
    }
    List<PendingFinding> all = new ArrayList<>(total);
    for (List<PendingFinding> part : parts) {
      all.addAll(part);
    }
    return all;
  }

  /**
   * {@link #judgeAll} for the accounts {@code rows} of a table, whose links are {@code links}
   * (position for position): the same verdicts in the same order, without making an account object
   * (a finding keeps the table and the row, and makes the account when it is written out).
   */
  public static PendingRows judgeTable(
      AccountTable table, int[] rows, IndexedCorrelator.TableLinks links, Evaluation ev) {
    Judge judge = new Judge(ev);
    int slice = 1 << 15;
    int slices = (rows.length + slice - 1) / slice;
    List<PendingRows> parts =
        IntStream.range(0, slices)
            .parallel()
            .mapToObj(
                s -> {
                  int end = Math.min(rows.length, (s + 1) * slice);
                  PendingRows out = new PendingRows(table, links, end - s * slice);
                  for (int k = s * slice; k < end; k++) {
                    judge.judge(table, rows[k], links, k, out);
                  }
                  return out;
                })
            .toList();
    return PendingRows.concat(table, links, parts);
  }

  /** {@link #evaluate} with what does not change from account to account computed once. */
  static final class Judge {
    private final Evaluation ev;
    private final java.time.LocalDate day;
    private final Instant cutoff;

    Judge(Evaluation ev) {
      this.ev = ev;
      this.day = ev.asOfDate();
      this.cutoff = ev.asOf().minus(ev.dormantAfter());
    }

    /**
     * {@link #judge(Account, AccountLink)} for row {@code row}, position {@code k} of links: adds
     * the finding (at most one) to {@code out}.
     */
    void judge(
        AccountTable t, int row, IndexedCorrelator.TableLinks links, int k, PendingRows out) {
      if (!t.isUsableAt(row, ev.asOf())) {
        return;
      }
      Person owner = links.owner(k);
      List<String> groups = t.groups(row);
      boolean privileged =
          t.privileged(row) || (!groups.isEmpty() && ev.privilegedGroups().anyPrivileged(groups));
      if (owner != null && owner.isLeaverOn(day)) {
        out.add(PendingFinding.LEAVER, privileged, row, k, null);
        return;
      }
      if (owner == null) {
        String key = ev.undecided().isEmpty() ? null : t.key(row);
        if (key == null || !ev.undecided().contains(key)) {
          out.add(
              privileged ? PendingFinding.PRIVILEGED_WITHOUT_OWNER : PendingFinding.ORPHAN,
              privileged,
              row,
              k,
              null);
          return;
        }
        List<Person> candidates = leaversOnly(key, ev);
        if (candidates != null) {
          out.add(PendingFinding.EVERY_CANDIDATE_LEFT, privileged, row, k, candidates);
        }
        return;
      }
      // As isDormant, on the table's columns (no Instant per account).
      boolean dormant =
          t.hasLastLogin(row)
              ? t.lastLoginBefore(row, cutoff)
              : t.loginsTracked(row) && t.createdBefore(row, cutoff);
      if (dormant) {
        out.add(PendingFinding.DORMANT, privileged, row, k, null);
      }
    }

    PendingFinding judge(Account a, AccountLink link) {
      if (!a.isUsableAt(ev.asOf())) {
        return null;
      }
      Person owner = ev.owner(link);
      boolean privileged = ev.isPrivileged(a);
      if (owner != null && owner.isLeaverOn(day)) {
        return PendingFinding.account(
            FindingTypes.LEAVER_ACTIVE_ACCOUNT,
            privileged ? Severity.CRITICAL : Severity.HIGH,
            leaverTitle(a, owner, privileged),
            PendingFinding.LEAVER,
            a,
            link,
            owner,
            privileged,
            null);
      }
      if (owner == null) {
        boolean undecided = !ev.undecided().isEmpty() && ev.undecided().contains(a.key());
        if (!undecided) {
          return privileged
              ? PendingFinding.account(
                  FindingTypes.PRIVILEGED_WITHOUT_OWNER,
                  Severity.HIGH,
                  privilegedWithoutOwnerTitle(a),
                  PendingFinding.PRIVILEGED_WITHOUT_OWNER,
                  a,
                  null,
                  null,
                  true,
                  null)
              : PendingFinding.account(
                  FindingTypes.ORPHAN_ACCOUNT,
                  Severity.MEDIUM,
                  orphanTitle(a),
                  PendingFinding.ORPHAN,
                  a,
                  null,
                  null,
                  false,
                  null);
        }
        List<Person> candidates = leaversOnly(a, ev);
        if (candidates == null) {
          return null;
        }
        return PendingFinding.account(
            FindingTypes.LEAVER_ACTIVE_ACCOUNT,
            privileged ? Severity.CRITICAL : Severity.HIGH,
            everyCandidateLeftTitle(a, candidates, privileged),
            PendingFinding.EVERY_CANDIDATE_LEFT,
            a,
            null,
            null,
            privileged,
            candidates);
      }
      boolean dormant =
          a.lastLogin() != null
              ? a.lastLogin().isBefore(cutoff)
              : a.loginsTracked() && a.created() != null && a.created().isBefore(cutoff);
      if (!dormant) {
        return null;
      }
      return PendingFinding.account(
          FindingTypes.DORMANT_ACCOUNT,
          privileged ? Severity.MEDIUM : Severity.LOW,
          dormantTitle(a, owner, privileged),
          PendingFinding.DORMANT,
          a,
          link,
          owner,
          privileged,
          null);
    }
  }

  static Finding leaverActiveAccount(
      Account a, AccountLink link, Person owner, boolean privileged, Evaluation ev) {
    List<String> evidence = new ArrayList<>();
    evidence.add(Evidence.person(owner));
    evidence.add(Evidence.account(a, privileged, link));
    Instant left = owner.terminationDate().atStartOfDay(ZoneOffset.UTC).toInstant();
    if (a.lastLogin() != null && a.lastLogin().isAfter(left) && !a.lastLogin().isAfter(ev.asOf())) {
      evidence.add(
          a.source()
              + ": last login "
              + a.lastLogin()
              + " is after the termination date "
              + owner.terminationDate());
    }
    long days = ev.daysSince(left);
    return new Finding(
        FindingTypes.LEAVER_ACTIVE_ACCOUNT,
        privileged ? Severity.CRITICAL : Severity.HIGH,
        leaverTitle(a, owner, privileged),
        subject(owner.employeeId(), a),
        evidence,
        "Disable "
            + a.system()
            + " account "
            + a.label()
            + " ("
            + a.accountId()
            + "); its owner left on "
            + owner.terminationDate()
            + " ("
            + days
            + " days before "
            + ev.asOfDate()
            + "). Review what it did since then.");
  }

  static String leaverTitle(Account a, Person owner, boolean privileged) {
    return leaverTitle(a.system(), a.label(), owner, privileged);
  }

  static String leaverTitle(String system, String label, Person owner, boolean privileged) {
    return "Leaver "
        + owner.displayName()
        + " ("
        + owner.employeeId()
        + ") still has an enabled "
        + (privileged ? "privileged " : "")
        + system
        + " account "
        + label;
  }

  /**
   * The candidate owners of an account awaiting a decision when every one of them has left by the
   * as-of date; null when any candidate is still here (or unknown): then the case waits for a
   * person, but an account that could only belong to a leaver is a leaver's account either way.
   */
  static List<Person> leaversOnly(Account a, Evaluation ev) {
    return leaversOnly(a.key(), ev);
  }

  static List<Person> leaversOnly(String key, Evaluation ev) {
    List<String> ids = ev.caseCandidates().get(key);
    if (ids == null || ids.isEmpty()) {
      return null;
    }
    List<Person> people = new ArrayList<>(ids.size());
    for (String id : ids) {
      Person p = ev.people().get(id);
      if (p == null || !p.isLeaverOn(ev.asOfDate())) {
        return null;
      }
      people.add(p);
    }
    return people;
  }

  static Finding everyCandidateLeft(
      Account a, List<Person> candidates, boolean privileged, Evaluation ev) {
    List<String> evidence = new ArrayList<>();
    evidence.add(Evidence.account(a, privileged, null));
    for (Person p : candidates) {
      evidence.add(Evidence.person(p));
    }
    String names = names(candidates);
    return new Finding(
        FindingTypes.LEAVER_ACTIVE_ACCOUNT,
        privileged ? Severity.CRITICAL : Severity.HIGH,
        everyCandidateLeftTitle(a, candidates, privileged),
        subject(null, a),
        evidence,
        "Disable "
            + a.system()
            + " account "
            + a.label()
            + " ("
            + a.accountId()
            + "): it awaits a correlation decision, but every candidate owner ("
            + names
            + ") left by "
            + ev.asOfDate()
            + ". Then record who owned it.");
  }

  private static String names(List<Person> candidates) {
    StringBuilder names = new StringBuilder();
    for (Person p : candidates) {
      if (!names.isEmpty()) {
        names.append(", ");
      }
      names.append(p.displayName()).append(" (").append(p.employeeId()).append(')');
    }
    return names.toString();
  }

  static String everyCandidateLeftTitle(Account a, List<Person> candidates, boolean privileged) {
    return everyCandidateLeftTitle(a.system(), a.label(), candidates, privileged);
  }

  static String everyCandidateLeftTitle(
      String system, String label, List<Person> candidates, boolean privileged) {
    return "Every possible owner of enabled "
        + (privileged ? "privileged " : "")
        + system
        + " account "
        + label
        + " has left: "
        + names(candidates);
  }

  static Finding privilegedWithoutOwner(Account a, Evaluation ev) {
    return new Finding(
        FindingTypes.PRIVILEGED_WITHOUT_OWNER,
        Severity.HIGH,
        privilegedWithoutOwnerTitle(a),
        subject(null, a),
        List.of(Evidence.account(a, true, null)),
        "Find who uses "
            + a.label()
            + " and record them as its owner (employee ID on the account, or a correlation"
            + " decision); disable it if nobody claims it.");
  }

  static Finding orphanAccount(Account a, Evaluation ev) {
    return new Finding(
        FindingTypes.ORPHAN_ACCOUNT,
        Severity.MEDIUM,
        orphanTitle(a),
        subject(null, a),
        List.of(Evidence.account(a, false, null)),
        "Find the owner of "
            + a.label()
            + " and record it, or disable the account if it belongs to nobody.");
  }

  static String privilegedWithoutOwnerTitle(Account a) {
    return privilegedWithoutOwnerTitle(a.system(), a.label());
  }

  static String privilegedWithoutOwnerTitle(String system, String label) {
    return "Privileged " + system + " account " + label + " has no owner on the roster";
  }

  static String orphanTitle(Account a) {
    return orphanTitle(a.system(), a.label());
  }

  static String orphanTitle(String system, String label) {
    return system + " account " + label + " matches nobody on the roster";
  }

  static Finding dormantAccount(
      Account a, AccountLink link, Person owner, boolean privileged, Evaluation ev) {
    return new Finding(
        FindingTypes.DORMANT_ACCOUNT,
        privileged ? Severity.MEDIUM : Severity.LOW,
        dormantTitle(a, owner, privileged),
        subject(owner.employeeId(), a),
        List.of(Evidence.account(a, privileged, link), Evidence.person(owner)),
        "Ask "
            + owner.displayName()
            + " whether "
            + a.label()
            + " is still needed; disable it if not"
            + (privileged ? ", and remove its privileged group memberships." : "."));
  }

  static String dormantTitle(Account a, Person owner, boolean privileged) {
    return dormantTitle(a.system(), a.label(), a.lastLogin(), a.created(), owner, privileged);
  }

  static String dormantTitle(
      String system,
      String label,
      Instant lastLogin,
      Instant created,
      Person owner,
      boolean privileged) {
    String since =
        lastLogin == null
            ? "never used since it was created on " + Evidence.day(created)
            : "last used " + Evidence.day(lastLogin);
    return (privileged ? "Privileged " : "")
        + system
        + " account "
        + label
        + " of "
        + owner.displayName()
        + " is dormant ("
        + since
        + ")";
  }

  /** How many pieces {@link #dormantTitlePieces} writes. */
  static final int DORMANT_TITLE_PIECES = 12;

  /**
   * The title {@link #dormantTitle} makes, as {@link #DORMANT_TITLE_PIECES} pieces written into
   * {@code out} from {@code at} (joined in order they are that title, character for character), so
   * that titles can be ordered without making them ({@link TitleOrder}). The fixed words are the
   * same string objects in every title; the day comes from {@code days}.
   */
  static void dormantTitlePieces(
      String[] out,
      int at,
      String system,
      String label,
      Instant lastLogin,
      Instant created,
      Person owner,
      boolean privileged,
      TitleOrder.DayTexts days) {
    out[at] = privileged ? "Privileged " : "";
    out[at + 1] = system;
    out[at + 2] = " account ";
    out[at + 3] = label;
    out[at + 4] = " of ";
    // displayName() is given + " " + family, trimmed, or the employee ID when that is empty: when
    // both names are there and neither has blanks to trim at the outer ends, it is the three
    // pieces.
    String given = owner.givenName();
    String family = owner.familyName();
    if (given != null
        && family != null
        && !given.isEmpty()
        && !family.isEmpty()
        && given.charAt(0) > ' '
        && family.charAt(family.length() - 1) > ' ') {
      out[at + 5] = given;
      out[at + 6] = " ";
      out[at + 7] = family;
    } else {
      out[at + 5] = owner.displayName();
      out[at + 6] = "";
      out[at + 7] = "";
    }
    out[at + 8] = " is dormant (";
    if (lastLogin == null) {
      out[at + 9] = "never used since it was created on ";
      out[at + 10] = days.text(created);
    } else {
      out[at + 9] = "last used ";
      out[at + 10] = days.text(lastLogin);
    }
    out[at + 11] = ")";
  }

  /**
   * Unused for longer than the dormancy period before the as-of time: last login that long ago, or
   * never logged in (where the source tracks logins) and created that long ago.
   */
  static boolean isDormant(Account a, Evaluation ev) {
    Instant cutoff = ev.asOf().minus(ev.dormantAfter());
    if (a.lastLogin() != null) {
      return a.lastLogin().isBefore(cutoff);
    }
    return a.loginsTracked() && a.created() != null && a.created().isBefore(cutoff);
  }

  static Map<String, String> subject(String person, Account a) {
    Map<String, String> s = new LinkedHashMap<>();
    if (person != null) {
      s.put("person", person);
    }
    s.put("system", a.system());
    s.put("account", a.accountId());
    return s;
  }
}
