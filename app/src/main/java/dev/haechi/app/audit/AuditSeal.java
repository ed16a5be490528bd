package dev.haechi.app.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What makes the audit chain hard to rewrite (issue 12, item 5): the key every record's HMAC is
 * computed with, and the signed checkpoint of the chain's head, both kept outside the database.
 *
 * <p>The key comes from {@code $HAECHI_AUDIT_KEY} (base64 or hex, at least 32 bytes), else from the
 * file {@code $HAECHI_AUDIT_KEY_FILE}, else from {@code HAECHI_HOME/audit.key} (32 random bytes,
 * created 0600 at the server's first start). The checkpoint {@code HAECHI_HOME/audit.checkpoint}
 * holds the chain id, the newest record's number and hash, and an HMAC over them; it is rewritten
 * after each committed append. When an anchor file is configured ({@code haechi.audit.anchor-file},
 * e.g. on an append-only mount or a log shipper's input) every checkpoint line is also appended
 * there.
 */
public final class AuditSeal {
  static final String KEY_FILE = "audit.key";
  static final String CHECKPOINT_FILE = "audit.checkpoint";
  private static final String PREFIX = "haechi-audit-checkpoint v1";

  private final byte[] key;
  private final boolean keyCreated;
  private final String keySource;
  private final Path home;
  private final Path anchor;
  private long lastWritten = -1;
  private boolean frozen;

  private AuditSeal(byte[] key, boolean keyCreated, String keySource, Path home, Path anchor) {
    this.key = key;
    this.keyCreated = keyCreated;
    this.keySource = keySource;
    this.home = home;
    this.anchor = anchor;
  }

  /**
   * The seal of a home, reading the key from the environment or the home.
   *
   * @param create make {@code audit.key} when no key is configured (the server); the CLI passes
   *     false
   * @throws IllegalStateException when no key is found and {@code create} is false, or a key is bad
   */
  public static AuditSeal open(Path home, Map<String, String> env, Path anchor, boolean create) {
    String inline = env.getOrDefault("HAECHI_AUDIT_KEY", "");
    if (!inline.isBlank()) {
      return new AuditSeal(decode(inline.trim(), "$HAECHI_AUDIT_KEY"), false, "env", home, anchor);
    }
    String file = env.getOrDefault("HAECHI_AUDIT_KEY_FILE", "");
    Path keyFile = file.isBlank() ? home.resolve(KEY_FILE) : Path.of(file);
    try {
      if (Files.exists(keyFile)) {
        String text = Files.readString(keyFile, StandardCharsets.US_ASCII).trim();
        return new AuditSeal(
            decode(text, keyFile.toString()), false, keyFile.toString(), home, anchor);
      }
      if (!create || !file.isBlank()) {
        throw new IllegalStateException(
            "no audit key: set $HAECHI_AUDIT_KEY or $HAECHI_AUDIT_KEY_FILE, or give the home"
                + " holding audit.key ("
                + keyFile
                + " does not exist)");
      }
      byte[] fresh = new byte[32];
      new SecureRandom().nextBytes(fresh);
      Files.createDirectories(home);
      Files.writeString(
          Files.createFile(keyFile, privateFile()),
          Base64.getEncoder().encodeToString(fresh) + "\n",
          StandardCharsets.US_ASCII);
      return new AuditSeal(fresh, true, keyFile.toString(), home, anchor);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the audit key " + keyFile, e);
    }
  }

  private static FileAttribute<?>[] privateFile() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
        ? new FileAttribute<?>[] {
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
        }
        : new FileAttribute<?>[0];
  }

  private static byte[] decode(String text, String where) {
    byte[] k;
    try {
      k =
          text.matches("[0-9a-fA-F]+") && text.length() % 2 == 0
              ? HexFormat.of().parseHex(text)
              : Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("the audit key in " + where + " is neither hex nor base64");
    }
    if (k.length < 32) {
      throw new IllegalStateException(
          "the audit key in " + where + " is " + k.length + " bytes; at least 32 are needed");
    }
    return k;
  }

  /** True when this start created the key file (first keyed start of this home). */
  boolean keyCreated() {
    return keyCreated;
  }

  /** Where the key came from ({@code env} or a file path), never the key. */
  public String keySource() {
    return keySource;
  }

  /** HMAC-SHA256 of the text, hex. */
  String mac(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  /**
   * A signed checkpoint: the chain {@code chainId} had reached record {@code seq} with {@code hash}
   * at {@code at}.
   */
  public record Checkpoint(String chainId, long seq, String hash, Instant at, String mac) {
    String signed() {
      return chainId + "|" + seq + "|" + hash + "|" + at;
    }

    /** The checkpoint as the one line of a checkpoint file. */
    public String line() {
      return PREFIX + " chain=" + chainId + " seq=" + seq + " hash=" + hash + " at=" + at + " mac="
          + mac;
    }

    /** Parses a checkpoint line; empty when it is not one. */
    public static Optional<Checkpoint> parse(String line) {
      if (!line.startsWith(PREFIX + " ")) {
        return Optional.empty();
      }
      Map<String, String> f = new java.util.HashMap<>();
      for (String part : line.substring(PREFIX.length() + 1).trim().split(" ")) {
        int eq = part.indexOf('=');
        if (eq > 0) {
          f.put(part.substring(0, eq), part.substring(eq + 1));
        }
      }
      try {
        return Optional.of(
            new Checkpoint(
                f.get("chain"),
                Long.parseLong(f.get("seq")),
                f.get("hash"),
                Instant.parse(f.get("at")),
                f.getOrDefault("mac", "")));
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }
  }

  /**
   * A checkpoint of this head signed with this key, written nowhere (a backup carries the one of
   * its snapshot).
   */
  public Checkpoint sign(String chainId, long seq, String hash) {
    Instant at = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    Checkpoint c = new Checkpoint(chainId, seq, hash, at, "");
    return new Checkpoint(chainId, seq, hash, at, mac(c.signed()));
  }

  /** True when the key was read from {@code audit.key} in the home (not the environment). */
  public boolean keyFromHome() {
    return keySource.equals(home.resolve(KEY_FILE).toString());
  }

  /** True when the checkpoint's signature was made with this key. */
  public boolean verifies(Checkpoint c) {
    return signedByThisKey(c);
  }

  /** True when the checkpoint's signature was made with this key. */
  boolean signedByThisKey(Checkpoint c) {
    return MessageDigest.isEqual(
        mac(c.signed()).getBytes(StandardCharsets.US_ASCII),
        c.mac().getBytes(StandardCharsets.US_ASCII));
  }

  Path checkpointFile() {
    return home.resolve(CHECKPOINT_FILE);
  }

  /**
   * The checkpoint in the home, if any.
   *
   * @throws IllegalStateException when the file exists but cannot be parsed
   */
  Optional<Checkpoint> readCheckpoint() {
    return readCheckpoint(checkpointFile());
  }

  /** The checkpoint in the home, if any (for the CLI). */
  public Optional<Checkpoint> readCheckpointOf() {
    return readCheckpoint();
  }

  /** The checkpoint in this file, if it exists (for the CLI's {@code --checkpoint}). */
  public static Optional<Checkpoint> readCheckpointFile(Path file) {
    return readCheckpoint(file);
  }

  static Optional<Checkpoint> readCheckpoint(Path file) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).trim();
      return Optional.of(
          Checkpoint.parse(text)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "the audit checkpoint " + file + " is unreadable")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the audit checkpoint " + file, e);
    }
  }

  /**
   * Writes the checkpoint for this head unless a newer one was written by this process; appends it
   * to the anchor file when one is configured.
   */
  synchronized void writeCheckpoint(String chainId, long seq, String hash) {
    if (seq <= lastWritten || frozen) {
      return;
    }
    Instant at = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    Checkpoint c = new Checkpoint(chainId, seq, hash, at, "");
    c = new Checkpoint(chainId, seq, hash, at, mac(c.signed()));
    try {
      Files.createDirectories(home);
      Path tmp = home.resolve(CHECKPOINT_FILE + ".tmp");
      Files.deleteIfExists(tmp);
      Files.writeString(Files.createFile(tmp, privateFile()), c.line() + "\n");
      Files.move(
          tmp,
          checkpointFile(),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      if (anchor != null) {
        if (!Files.exists(anchor)) {
          Files.createFile(anchor, privateFile());
        }
        Files.writeString(anchor, c.line() + "\n", StandardOpenOption.APPEND);
      }
      lastWritten = seq;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the audit checkpoint in " + home, e);
    }
  }

  /** Stops writing checkpoints: the one in the home is evidence of tampering and is kept. */
  synchronized void freeze() {
    frozen = true;
  }

  /** Moves a checkpoint of another chain aside, so that it is kept as evidence. */
  synchronized Path archiveCheckpoint(String chainId) {
    Path to = home.resolve(CHECKPOINT_FILE + "." + chainId);
    try {
      Files.move(checkpointFile(), to, StandardCopyOption.REPLACE_EXISTING);
      lastWritten = -1;
      return to;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move the old audit checkpoint aside", e);
    }
  }
}
