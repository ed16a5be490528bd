package dev.haechi.identity.model;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * Accounts as columns: an immutable list of {@link Account}s that does not keep one object per
 * account. A generic account CSV read from its bytes is kept as the file's bytes plus, per account,
 * the offsets of its text fields, its timestamps as epoch seconds and nanoseconds, its flags and
 * its line ({@link Columns}); accounts from other sources (LDIF, SCIM, AWS reports, a live
 * directory) are kept as the objects they are. {@link #get} makes the {@link Account} a reader
 * would have made, equal to it field for field; the accessors ({@link #username(int)}, {@link
 * #lastLogin(int)}, …) give one field without making the rest, for reconciliation's passes over a
 * million accounts.
 *
 * <p>Design note: a million account objects with their strings, instants and source references are
 * about ten million small objects that the collector copies from young to old generation while they
 * are read, and scans again while they are reconciled; the same accounts as a dozen large primitive
 * arrays are never copied (G1 allocates arrays larger than half a region in place). The text of a
 * field is decoded only when asked for, and is garbage right after.
 */
public final class AccountTable extends AbstractList<Account> implements RandomAccess {
  private static final AccountTable EMPTY = new AccountTable(new Block[0]);

  private final Block[] blocks;
  private final int[] starts;

  /** The block of each account; null when there is at most one block. */
  private final short[] blockOf;

  private final int size;

  private AccountTable(Block[] blocks) {
    this.blocks = blocks;
    this.starts = new int[blocks.length + 1];
    long total = 0;
    for (int b = 0; b < blocks.length; b++) {
      starts[b] = (int) total;
      total += blocks[b].size();
    }
    if (total > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("too many accounts: " + total);
    }
    this.size = (int) total;
    starts[blocks.length] = size;
    if (blocks.length > 1) {
      if (blocks.length > Short.MAX_VALUE) {
        throw new IllegalArgumentException("too many account sources: " + blocks.length);
      }
      blockOf = new short[size];
      for (int b = 0; b < blocks.length; b++) {
        Arrays.fill(blockOf, starts[b], starts[b + 1], (short) b);
      }
    } else {
      blockOf = null;
    }
  }

  /** These accounts as a table: {@code accounts} itself when it is one, else a copy. */
  public static AccountTable of(List<Account> accounts) {
    if (accounts instanceof AccountTable t) {
      return t;
    }
    return accounts.isEmpty()
        ? EMPTY
        : new AccountTable(new Block[] {new Plain(List.copyOf(accounts))});
  }

  /** The parts one after the other, without making an account object of a columnar part. */
  public static AccountTable concat(List<? extends List<Account>> parts) {
    List<Block> blocks = new ArrayList<>();
    for (List<Account> part : parts) {
      if (part instanceof AccountTable t) {
        blocks.addAll(Arrays.asList(t.blocks));
      } else if (!part.isEmpty()) {
        blocks.add(new Plain(List.copyOf(part)));
      }
    }
    if (blocks.isEmpty()) {
      return EMPTY;
    }
    return blocks.size() == 1 && parts.size() == 1 && parts.get(0) instanceof AccountTable t
        ? t
        : new AccountTable(blocks.toArray(new Block[0]));
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Account get(int index) {
    int b = block(index);
    return blocks[b].account(index - starts[b]);
  }

  private int block(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("account " + index + " of " + size);
    }
    return blockOf == null ? 0 : blockOf[index];
  }

  public String system(int i) {
    int b = block(i);
    return blocks[b].system(i - starts[b]);
  }

  public String accountId(int i) {
    int b = block(i);
    return blocks[b].accountId(i - starts[b]);
  }

  public String username(int i) {
    int b = block(i);
    return blocks[b].username(i - starts[b]);
  }

  public String email(int i) {
    int b = block(i);
    return blocks[b].email(i - starts[b]);
  }

  public String employeeId(int i) {
    int b = block(i);
    return blocks[b].employeeId(i - starts[b]);
  }

  public boolean enabled(int i) {
    int b = block(i);
    return blocks[b].enabled(i - starts[b]);
  }

  public boolean privileged(int i) {
    int b = block(i);
    return blocks[b].privileged(i - starts[b]);
  }

  public Instant lastLogin(int i) {
    int b = block(i);
    return blocks[b].lastLogin(i - starts[b]);
  }

  public boolean loginsTracked(int i) {
    int b = block(i);
    return blocks[b].loginsTracked(i - starts[b]);
  }

  public Instant created(int i) {
    int b = block(i);
    return blocks[b].created(i - starts[b]);
  }

  public Instant expires(int i) {
    int b = block(i);
    return blocks[b].expires(i - starts[b]);
  }

  public List<String> groups(int i) {
    int b = block(i);
    return blocks[b].groups(i - starts[b]);
  }

  /** As {@link Account#key()}: {@code system:accountId}. */
  public String key(int i) {
    return system(i) + ":" + accountId(i);
  }

  /** As {@link Account#label()}: username, else e-mail, else the account ID. */
  public String label(int i) {
    String u = username(i);
    if (u != null) {
      return u;
    }
    String e = email(i);
    return e != null ? e : accountId(i);
  }

  /** As {@link Account#isUsableAt}: enabled and not expired at {@code at}. */
  public boolean isUsableAt(int i, Instant at) {
    if (!enabled(i)) {
      return false;
    }
    int b = block(i);
    return blocks[b].unexpiredAt(i - starts[b], at);
  }

  /** True when the account was created after {@code at} (false when its creation is unknown). */
  public boolean createdAfter(int i, Instant at) {
    int b = block(i);
    return blocks[b].compareCreated(i - starts[b], at) > 0;
  }

  /** True when the account was created before {@code at} (false when its creation is unknown). */
  public boolean createdBefore(int i, Instant at) {
    int b = block(i);
    int c = blocks[b].compareCreated(i - starts[b], at);
    return c < 0 && c != UNKNOWN;
  }

  /** True when the account has a last login ({@link #lastLogin} is not null). */
  public boolean hasLastLogin(int i) {
    int b = block(i);
    return blocks[b].compareLastLogin(i - starts[b], Instant.EPOCH) != UNKNOWN;
  }

  /** True when the last login was before {@code at} (false when there is none). */
  public boolean lastLoginBefore(int i, Instant at) {
    int b = block(i);
    int c = blocks[b].compareLastLogin(i - starts[b], at);
    return c < 0 && c != UNKNOWN;
  }

  /** What a comparison of a time the account does not have gives. */
  private static final int UNKNOWN = Integer.MIN_VALUE;

  /**
   * {@link #lastLogin} as {@link Instant#compareTo} with {@code at} (only its sign counts), or
   * {@link #UNKNOWN} when there is none; {@link #created} alike. The columns compare their epoch
   * seconds and nanoseconds without making an {@code Instant}.
   */
  private static int compare(Instant t, Instant at) {
    return t == null ? UNKNOWN : Integer.signum(t.compareTo(at));
  }

  private static int compare(long seconds, int nanos, Instant at) {
    if (seconds != at.getEpochSecond()) {
      return seconds < at.getEpochSecond() ? -1 : 1;
    }
    return Integer.compare(nanos, at.getNano());
  }

  /** One source's accounts. */
  private abstract static class Block {
    abstract int size();

    abstract Account account(int r);

    abstract String system(int r);

    abstract String accountId(int r);

    abstract String username(int r);

    abstract String email(int r);

    abstract String employeeId(int r);

    abstract boolean enabled(int r);

    abstract boolean privileged(int r);

    abstract Instant lastLogin(int r);

    abstract boolean loginsTracked(int r);

    abstract Instant created(int r);

    abstract Instant expires(int r);

    abstract List<String> groups(int r);

    /** {@link AccountTable#compare} of the last login with {@code at}. */
    int compareLastLogin(int r, Instant at) {
      return compare(lastLogin(r), at);
    }

    /** {@link AccountTable#compare} of the creation with {@code at}. */
    int compareCreated(int r, Instant at) {
      return compare(created(r), at);
    }

    /** No expiry, or one after {@code at}. */
    boolean unexpiredAt(int r, Instant at) {
      Instant expires = expires(r);
      return expires == null || expires.isAfter(at);
    }
  }

  /** Accounts kept as the objects a reader made. */
  private static final class Plain extends Block {
    private final List<Account> accounts;

    Plain(List<Account> accounts) {
      this.accounts = accounts;
    }

    @Override
    int size() {
      return accounts.size();
    }

    @Override
    Account account(int r) {
      return accounts.get(r);
    }

    @Override
    String system(int r) {
      return accounts.get(r).system();
    }

    @Override
    String accountId(int r) {
      return accounts.get(r).accountId();
    }

    @Override
    String username(int r) {
      return accounts.get(r).username();
    }

    @Override
    String email(int r) {
      return accounts.get(r).email();
    }

    @Override
    String employeeId(int r) {
      return accounts.get(r).employeeId();
    }

    @Override
    boolean enabled(int r) {
      return accounts.get(r).enabled();
    }

    @Override
    boolean privileged(int r) {
      return accounts.get(r).privileged();
    }

    @Override
    Instant lastLogin(int r) {
      return accounts.get(r).lastLogin();
    }

    @Override
    boolean loginsTracked(int r) {
      return accounts.get(r).loginsTracked();
    }

    @Override
    Instant created(int r) {
      return accounts.get(r).created();
    }

    @Override
    Instant expires(int r) {
      return accounts.get(r).expires();
    }

    @Override
    List<String> groups(int r) {
      return accounts.get(r).groups();
    }
  }

  /**
   * Builds the columns of one account export read from its bytes: call {@link #row} for each
   * record, set its fields, then {@link #build}. Text fields are given as offsets into the file's
   * bytes (already trimmed; an empty field is not set, so it reads as null); timestamps as epoch
   * seconds and nanoseconds.
   */
  public static final class Columns {
    public static final int ACCOUNT_ID = 0;
    public static final int USERNAME = 1;
    public static final int EMAIL = 2;
    public static final int EMPLOYEE_ID = 3;
    private static final int TEXTS = 4;

    private static final byte ENABLED = 1;
    private static final byte PRIVILEGED = 2;
    private static final long NONE = Long.MIN_VALUE;

    private final String system;
    private final String source;
    private final byte[] text;
    private final boolean ascii;
    private final boolean loginsTracked;
    private int n = -1;
    private int[] from;
    private int[] to;
    private byte[] flags;
    private int[] lines;
    private long[] lastLoginSeconds;
    private int[] lastLoginNanos;
    private long[] createdSeconds;
    private int[] createdNanos;
    private List<String>[] groups;
    private Map<String, String>[] attributes;

    /**
     * @param text the file's bytes, which the table keeps (not copied: do not change them)
     * @param ascii true when every byte is ASCII (decoded as Latin-1), else the bytes are UTF-8
     * @param capacity how many accounts at most (the table grows past it if need be)
     */
    public Columns(
        String system,
        String source,
        byte[] text,
        boolean ascii,
        boolean loginsTracked,
        int capacity) {
      this.system = system;
      this.source = source;
      this.text = text;
      this.ascii = ascii;
      this.loginsTracked = loginsTracked;
      int c = Math.max(16, capacity);
      from = new int[c * TEXTS];
      to = new int[c * TEXTS];
      flags = new byte[c];
      lines = new int[c];
      lastLoginSeconds = new long[c];
      lastLoginNanos = new int[c];
      createdSeconds = new long[c];
      createdNanos = new int[c];
    }

    /** Starts the next account, read from line {@code line}; every field is empty until set. */
    public void row(long line) {
      n++;
      if (n == flags.length) {
        int c = flags.length * 2;
        from = Arrays.copyOf(from, c * TEXTS);
        to = Arrays.copyOf(to, c * TEXTS);
        flags = Arrays.copyOf(flags, c);
        lines = Arrays.copyOf(lines, c);
        lastLoginSeconds = Arrays.copyOf(lastLoginSeconds, c);
        lastLoginNanos = Arrays.copyOf(lastLoginNanos, c);
        createdSeconds = Arrays.copyOf(createdSeconds, c);
        createdNanos = Arrays.copyOf(createdNanos, c);
        if (groups != null) {
          groups = Arrays.copyOf(groups, c);
        }
        if (attributes != null) {
          attributes = Arrays.copyOf(attributes, c);
        }
      }
      if (line > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("line " + line + " is too far into the file");
      }
      lines[n] = (int) line;
      int t = n * TEXTS;
      Arrays.fill(from, t, t + TEXTS, -1);
      lastLoginSeconds[n] = NONE;
      createdSeconds[n] = NONE;
    }

    /** Sets text field {@code field} ({@link #ACCOUNT_ID}…) of the current account. */
    public void text(int field, int start, int end) {
      from[n * TEXTS + field] = start;
      to[n * TEXTS + field] = end;
    }

    public void flags(boolean enabled, boolean privileged) {
      flags[n] = (byte) ((enabled ? ENABLED : 0) | (privileged ? PRIVILEGED : 0));
    }

    public void lastLogin(Instant at) {
      if (at != null) {
        lastLoginSeconds[n] = at.getEpochSecond();
        lastLoginNanos[n] = at.getNano();
      }
    }

    /** The last login as epoch seconds and nanoseconds (what {@link #lastLogin(Instant)} keeps). */
    public void lastLogin(long seconds, int nanos) {
      lastLoginSeconds[n] = seconds;
      lastLoginNanos[n] = nanos;
    }

    /** The creation as epoch seconds and nanoseconds. */
    public void created(long seconds, int nanos) {
      createdSeconds[n] = seconds;
      createdNanos[n] = nanos;
    }

    public void created(Instant at) {
      if (at != null) {
        createdSeconds[n] = at.getEpochSecond();
        createdNanos[n] = at.getNano();
      }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public void groups(List<String> g) {
      if (g == null || g.isEmpty()) {
        return;
      }
      if (groups == null) {
        groups = new List[flags.length];
      }
      groups[n] = List.copyOf(g);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public void attributes(Map<String, String> a) {
      if (a == null || a.isEmpty()) {
        return;
      }
      if (attributes == null) {
        attributes = new Map[flags.length];
      }
      attributes[n] = Map.copyOf(a);
    }

    /** The accounts so far, as a table of one block. */
    public AccountTable build() {
      return n < 0 ? EMPTY : new AccountTable(new Block[] {new Csv(this, n + 1)});
    }
  }

  /** One export's accounts as columns over its bytes. */
  private static final class Csv extends Block {
    private final String system;
    private final String source;
    private final byte[] text;
    private final boolean ascii;
    private final boolean loginsTracked;
    private final int size;
    private final int[] from;
    private final int[] to;
    private final byte[] flags;
    private final int[] lines;
    private final long[] lastLoginSeconds;
    private final int[] lastLoginNanos;
    private final long[] createdSeconds;
    private final int[] createdNanos;
    private final List<String>[] groups;
    private final Map<String, String>[] attributes;

    Csv(Columns c, int size) {
      this.system = c.system;
      this.source = c.source;
      this.text = c.text;
      this.ascii = c.ascii;
      this.loginsTracked = c.loginsTracked;
      this.size = size;
      this.from = c.from;
      this.to = c.to;
      this.flags = c.flags;
      this.lines = c.lines;
      this.lastLoginSeconds = c.lastLoginSeconds;
      this.lastLoginNanos = c.lastLoginNanos;
      this.createdSeconds = c.createdSeconds;
      this.createdNanos = c.createdNanos;
      this.groups = c.groups;
      this.attributes = c.attributes;
    }

    @Override
    int size() {
      return size;
    }

    @Override
    Account account(int r) {
      return new Account(
          system,
          accountId(r),
          username(r),
          email(r),
          employeeId(r),
          enabled(r),
          privileged(r),
          lastLogin(r),
          loginsTracked,
          created(r),
          null,
          groups(r),
          attributes == null || attributes[r] == null ? Map.of() : attributes[r],
          new SourceRef(source, lines[r]));
    }

    private String text(int r, int field) {
      int k = r * Columns.TEXTS + field;
      int s = from[k];
      if (s < 0) {
        return null;
      }
      return new String(
          text, s, to[k] - s, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    @Override
    String system(int r) {
      return system;
    }

    @Override
    String accountId(int r) {
      return text(r, Columns.ACCOUNT_ID);
    }

    @Override
    String username(int r) {
      return text(r, Columns.USERNAME);
    }

    @Override
    String email(int r) {
      return text(r, Columns.EMAIL);
    }

    @Override
    String employeeId(int r) {
      return text(r, Columns.EMPLOYEE_ID);
    }

    @Override
    boolean enabled(int r) {
      return (flags[r] & Columns.ENABLED) != 0;
    }

    @Override
    boolean privileged(int r) {
      return (flags[r] & Columns.PRIVILEGED) != 0;
    }

    @Override
    Instant lastLogin(int r) {
      long s = lastLoginSeconds[r];
      return s == Columns.NONE ? null : Instant.ofEpochSecond(s, lastLoginNanos[r]);
    }

    @Override
    boolean loginsTracked(int r) {
      return loginsTracked;
    }

    @Override
    Instant created(int r) {
      long s = createdSeconds[r];
      return s == Columns.NONE ? null : Instant.ofEpochSecond(s, createdNanos[r]);
    }

    @Override
    Instant expires(int r) {
      return null;
    }

    @Override
    List<String> groups(int r) {
      return groups == null || groups[r] == null ? List.of() : groups[r];
    }

    @Override
    int compareLastLogin(int r, Instant at) {
      long s = lastLoginSeconds[r];
      return s == Columns.NONE ? UNKNOWN : compare(s, lastLoginNanos[r], at);
    }

    @Override
    int compareCreated(int r, Instant at) {
      long s = createdSeconds[r];
      return s == Columns.NONE ? UNKNOWN : compare(s, createdNanos[r], at);
    }

    @Override
    boolean unexpiredAt(int r, Instant at) {
      return true;
    }
  }
}
