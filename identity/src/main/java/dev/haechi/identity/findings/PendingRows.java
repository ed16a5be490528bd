package dev.haechi.identity.findings;

import dev.haechi.core.Finding;
import dev.haechi.core.Severity;
import dev.haechi.identity.correlation.AccountLink;
import dev.haechi.identity.correlation.IndexedCorrelator.TableLinks;
import dev.haechi.identity.model.Account;
import dev.haechi.identity.model.AccountTable;
import dev.haechi.identity.model.Person;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * Judged findings kept as columns until they are read: for an account finding only its kind, its
 * privileged flag, its account's row in the table and its link's position (a handful of bytes),
 * followed by the secret findings, which are few and written out at once. Type and severity follow
 * from the kind; the title ({@link #title}) and the whole finding ({@link #render}) are written by
 * the same methods the eager path uses ({@link AccountFindings}), when asked for.
 *
 * <p>Design note: the findings of a million accounts were as many objects, each with its title (a
 * string of about a hundred characters) made at once to sort by; all of that stayed alive as long
 * as the result. Here a title is made while its bucket is sorted ({@link FindingOrder#sortedRows})
 * and dropped after.
 */
public final class PendingRows {
  private static final byte PRIVILEGED = 0x40;
  private static final byte KIND = 0x3F;

  private final AccountTable table;
  private final TableLinks links;
  private int n;
  private byte[] kinds;
  private int[] rows;
  private int[] positions;
  private Map<Integer, List<Person>> candidates;
  private final List<Finding> done = new ArrayList<>();

  PendingRows(AccountTable table, TableLinks links, int capacity) {
    this.table = table;
    this.links = links;
    int c = Math.max(16, capacity);
    kinds = new byte[c];
    rows = new int[c];
    positions = new int[c];
  }

  /** An account finding of {@code kind} ({@link PendingFinding#LEAVER}…). */
  void add(byte kind, boolean privileged, int row, int position, List<Person> candidates) {
    if (n == kinds.length) {
      int c = kinds.length * 2;
      kinds = Arrays.copyOf(kinds, c);
      rows = Arrays.copyOf(rows, c);
      positions = Arrays.copyOf(positions, c);
    }
    kinds[n] = (byte) (kind | (privileged ? PRIVILEGED : 0));
    rows[n] = row;
    positions[n] = position;
    if (candidates != null) {
      if (this.candidates == null) {
        this.candidates = new HashMap<>();
      }
      this.candidates.put(n, candidates);
    }
    n++;
  }

  /** The parts' account findings, one after the other (no secret finding yet). */
  static PendingRows concat(AccountTable table, TableLinks links, List<PendingRows> parts) {
    int total = 0;
    for (PendingRows p : parts) {
      total += p.n;
    }
    PendingRows out = new PendingRows(table, links, total);
    for (PendingRows p : parts) {
      System.arraycopy(p.kinds, 0, out.kinds, out.n, p.n);
      System.arraycopy(p.rows, 0, out.rows, out.n, p.n);
      System.arraycopy(p.positions, 0, out.positions, out.n, p.n);
      if (p.candidates != null) {
        if (out.candidates == null) {
          out.candidates = new HashMap<>();
        }
        for (Map.Entry<Integer, List<Person>> e : p.candidates.entrySet()) {
          out.candidates.put(out.n + e.getKey(), e.getValue());
        }
      }
      out.n += p.n;
    }
    return out;
  }

  /** Adds a finding already written out, after the account findings. */
  public void add(Finding f) {
    done.add(f);
  }

  public int size() {
    return n + done.size();
  }

  private byte kind(int i) {
    return (byte) (kinds[i] & KIND);
  }

  private boolean privileged(int i) {
    return (kinds[i] & PRIVILEGED) != 0;
  }

  public String type(int i) {
    if (i >= n) {
      return done.get(i - n).type();
    }
    return switch (kind(i)) {
      case PendingFinding.LEAVER, PendingFinding.EVERY_CANDIDATE_LEFT ->
          FindingTypes.LEAVER_ACTIVE_ACCOUNT;
      case PendingFinding.PRIVILEGED_WITHOUT_OWNER -> FindingTypes.PRIVILEGED_WITHOUT_OWNER;
      case PendingFinding.ORPHAN -> FindingTypes.ORPHAN_ACCOUNT;
      case PendingFinding.DORMANT -> FindingTypes.DORMANT_ACCOUNT;
      default -> throw new IllegalStateException("unknown finding kind " + kind(i));
    };
  }

  public Severity severity(int i) {
    if (i >= n) {
      return done.get(i - n).severity();
    }
    boolean p = privileged(i);
    return switch (kind(i)) {
      case PendingFinding.LEAVER, PendingFinding.EVERY_CANDIDATE_LEFT ->
          p ? Severity.CRITICAL : Severity.HIGH;
      case PendingFinding.PRIVILEGED_WITHOUT_OWNER -> Severity.HIGH;
      case PendingFinding.ORPHAN -> Severity.MEDIUM;
      case PendingFinding.DORMANT -> p ? Severity.MEDIUM : Severity.LOW;
      default -> throw new IllegalStateException("unknown finding kind " + kind(i));
    };
  }

  /** The title, made now: what {@link #render} would give as the finding's title. */
  public String title(int i) {
    if (i >= n) {
      return done.get(i - n).title();
    }
    int row = rows[i];
    String system = table.system(row);
    String label = table.label(row);
    boolean p = privileged(i);
    return switch (kind(i)) {
      case PendingFinding.LEAVER ->
          AccountFindings.leaverTitle(system, label, links.owner(positions[i]), p);
      case PendingFinding.EVERY_CANDIDATE_LEFT ->
          AccountFindings.everyCandidateLeftTitle(system, label, candidates.get(i), p);
      case PendingFinding.PRIVILEGED_WITHOUT_OWNER ->
          AccountFindings.privilegedWithoutOwnerTitle(system, label);
      case PendingFinding.ORPHAN -> AccountFindings.orphanTitle(system, label);
      case PendingFinding.DORMANT -> {
        Instant lastLogin = table.lastLogin(row);
        yield AccountFindings.dormantTitle(
            system,
            label,
            lastLogin,
            lastLogin == null ? table.created(row) : null,
            links.owner(positions[i]),
            p);
      }
      default -> throw new IllegalStateException("unknown finding kind " + kind(i));
    };
  }

  /** True when finding {@code i}'s title is written as pieces by {@link #titlePieces}. */
  boolean titleInPieces(int i) {
    return i < n && kind(i) == PendingFinding.DORMANT;
  }

  /**
   * Finding {@code i}'s title (one for which {@link #titleInPieces} is true) as {@link
   * AccountFindings#DORMANT_TITLE_PIECES} pieces from {@code out[at]}: joined, they are {@link
   * #title}.
   */
  void titlePieces(int i, String[] out, int at, TitleOrder.DayTexts days) {
    int row = rows[i];
    Instant lastLogin = table.lastLogin(row);
    AccountFindings.dormantTitlePieces(
        out,
        at,
        table.system(row),
        table.label(row),
        lastLogin,
        lastLogin == null ? table.created(row) : null,
        links.owner(positions[i]),
        privileged(i),
        days);
  }

  /** The whole finding, written out now, as of {@code ev} (the evaluation that judged it). */
  public Finding render(int i, Evaluation ev) {
    if (i >= n) {
      return done.get(i - n);
    }
    int row = rows[i];
    int k = positions[i];
    Account a = table.get(row);
    AccountLink link = links.link(table, row, k);
    Person owner = links.owner(k);
    boolean p = privileged(i);
    return switch (kind(i)) {
      case PendingFinding.LEAVER -> AccountFindings.leaverActiveAccount(a, link, owner, p, ev);
      case PendingFinding.EVERY_CANDIDATE_LEFT ->
          AccountFindings.everyCandidateLeft(a, candidates.get(i), p, ev);
      case PendingFinding.PRIVILEGED_WITHOUT_OWNER -> AccountFindings.privilegedWithoutOwner(a, ev);
      case PendingFinding.ORPHAN -> AccountFindings.orphanAccount(a, ev);
      case PendingFinding.DORMANT -> AccountFindings.dormantAccount(a, link, owner, p, ev);
      default -> throw new IllegalStateException("unknown finding kind " + kind(i));
    };
  }

  /**
   * The findings in {@code order} (indexes into these), as a list that writes each one out when it
   * is read (nothing is kept: reading an element twice writes it twice, and gives equal findings).
   */
  public List<Finding> lazyList(int[] order, Evaluation ev) {
    return new Lazy(this, order, ev);
  }

  private static final class Lazy extends AbstractList<Finding> implements RandomAccess {
    private final PendingRows rows;
    private final int[] order;
    private final Evaluation ev;

    Lazy(PendingRows rows, int[] order, Evaluation ev) {
      this.rows = rows;
      this.order = order;
      this.ev = ev;
    }

    @Override
    public Finding get(int index) {
      return rows.render(order[index], ev);
    }

    @Override
    public int size() {
      return order.length;
    }
  }
}
