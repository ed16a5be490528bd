package dev.haechi.identity.findings;

import dev.haechi.core.Finding;
import dev.haechi.core.Severity;
import dev.haechi.identity.correlation.AccountLink;
import dev.haechi.identity.model.Account;
import dev.haechi.identity.model.Person;
import java.util.List;

/**
 * A finding whose type, severity and title are known (enough to count and order it) but whose
 * subject, evidence and remedy are written only when it is read: a large organisation's
 * reconciliation yields hundreds of thousands of findings, and holding each one's text (about 1 KB)
 * at once is what made it slow. {@link #render} calls the same methods the eager path does ({@link
 * AccountFindings#evaluate}), so a rendered finding is exactly the one the eager path makes; {@code
 * ReconcileAgreementTest} checks it on random directories.
 */
public final class PendingFinding {
  static final byte DONE = 0;
  static final byte LEAVER = 1;
  static final byte EVERY_CANDIDATE_LEFT = 2;
  static final byte PRIVILEGED_WITHOUT_OWNER = 3;
  static final byte ORPHAN = 4;
  static final byte DORMANT = 5;

  private final String type;
  private final Severity severity;
  private final String title;
  private final byte kind;
  private final Finding done;
  private final Account account;
  private final AccountLink link;
  private final Person owner;
  private final boolean privileged;
  private final List<Person> candidates;

  private PendingFinding(
      String type,
      Severity severity,
      String title,
      byte kind,
      Finding done,
      Account account,
      AccountLink link,
      Person owner,
      boolean privileged,
      List<Person> candidates) {
    this.type = type;
    this.severity = severity;
    this.title = title;
    this.kind = kind;
    this.done = done;
    this.account = account;
    this.link = link;
    this.owner = owner;
    this.privileged = privileged;
    this.candidates = candidates;
  }

  /** A finding already written out (secret findings: few, so they are made eagerly). */
  public static PendingFinding of(Finding f) {
    return new PendingFinding(
        f.type(), f.severity(), f.title(), DONE, f, null, null, null, false, null);
  }

  static PendingFinding account(
      String type,
      Severity severity,
      String title,
      byte kind,
      Account account,
      AccountLink link,
      Person owner,
      boolean privileged,
      List<Person> candidates) {
    return new PendingFinding(
        type, severity, title, kind, null, account, link, owner, privileged, candidates);
  }

  public String type() {
    return type;
  }

  public Severity severity() {
    return severity;
  }

  public String title() {
    return title;
  }

  /** The whole finding, written out now, as of {@code ev} (the evaluation that judged it). */
  public Finding render(Evaluation ev) {
    return switch (kind) {
      case DONE -> done;
      case LEAVER -> AccountFindings.leaverActiveAccount(account, link, owner, privileged, ev);
      case EVERY_CANDIDATE_LEFT ->
          AccountFindings.everyCandidateLeft(account, candidates, privileged, ev);
      case PRIVILEGED_WITHOUT_OWNER -> AccountFindings.privilegedWithoutOwner(account, ev);
      case ORPHAN -> AccountFindings.orphanAccount(account, ev);
      case DORMANT -> AccountFindings.dormantAccount(account, link, owner, privileged, ev);
      default -> throw new IllegalStateException("unknown finding kind " + kind);
    };
  }

  /**
   * Findings as a list that writes each one out when it is read (nothing is kept: reading an
   * element twice writes it twice, and gives equal findings).
   */
  public static List<Finding> lazyList(List<PendingFinding> pending, Evaluation ev) {
    return new Lazy(pending, ev);
  }

  private static final class Lazy extends java.util.AbstractList<Finding>
      implements java.util.RandomAccess {
    private final List<PendingFinding> pending;
    private final Evaluation ev;

    Lazy(List<PendingFinding> pending, Evaluation ev) {
      this.pending = List.copyOf(pending);
      this.ev = ev;
    }

    @Override
    public Finding get(int index) {
      return pending.get(index).render(ev);
    }

    @Override
    public int size() {
      return pending.size();
    }
  }
}
