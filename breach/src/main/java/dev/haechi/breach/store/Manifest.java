package dev.haechi.breach.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The store's commit log and digest chain ({@code _manifest.log}). Each line is {@code
 * HASH<TAB>JSON} where {@code HASH = SHA-256(previous HASH + JSON)} (the first record chains from
 * 64 zeros). A batch of Parquet files becomes part of the store only when its {@code add} record,
 * with every file's SHA-256, is appended: the append is the commit. Deletions, refused deletions,
 * legal holds and their releases are records of the same chain, so altering, dropping or inserting
 * any of them (or any data file) is detected by {@link StoreVerifier}.
 */
public final class Manifest {
  static final String FILE = "_manifest.log";
  static final String GENESIS = "0".repeat(64);
  static final ObjectMapper JSON = JsonMapper.builder().build();

  /** One record of the chain. */
  public record Entry(long seq, String hash, ObjectNode body) {
    public String op() {
      return body.path("op").asString();
    }
  }

  private final Path file;
  private final List<Entry> entries;
  private final List<String> problems;

  private Manifest(Path file, List<Entry> entries, List<String> problems) {
    this.file = file;
    this.entries = entries;
    this.problems = problems;
  }

  /**
   * Reads the chain. A torn last line (a crash during the append) is not part of the chain; every
   * other unreadable line is reported in {@link #problems()}.
   */
  static Manifest read(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    List<Entry> entries = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    if (!Files.exists(file)) {
      return new Manifest(file, entries, problems);
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    String[] lines = text.split("\n", -1);
    // the last element is "" when the file ends with a newline; otherwise it is a torn append
    for (int i = 0; i < lines.length - 1; i++) {
      String line = lines[i];
      int tab = line.indexOf('\t');
      if (tab != 64) {
        problems.add(FILE + ":" + (i + 1) + ": not HASH<TAB>JSON");
        continue;
      }
      try {
        ObjectNode body = (ObjectNode) JSON.readTree(line.substring(tab + 1));
        entries.add(new Entry(i + 1, line.substring(0, tab), body));
      } catch (RuntimeException e) {
        problems.add(FILE + ":" + (i + 1) + ": not JSON");
      }
    }
    return new Manifest(file, entries, problems);
  }

  /** Drops a torn last line left by a crash during an append (caller holds the write lock). */
  static void repairTornTail(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) {
      return;
    }
    byte[] all = Files.readAllBytes(file);
    int end = all.length;
    if (end == 0 || all[end - 1] == '\n') {
      return;
    }
    int keep = end - 1;
    while (keep >= 0 && all[keep] != '\n') {
      keep--;
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(keep + 1L);
      ch.force(true);
    }
  }

  public List<Entry> entries() {
    return entries;
  }

  public List<String> problems() {
    return problems;
  }

  /** The newest hash: the store's data version. */
  public String head() {
    return entries.isEmpty() ? GENESIS : entries.get(entries.size() - 1).hash();
  }

  /** Appends one record and forces it to disk (caller holds the write lock). */
  Entry append(ObjectNode body) throws IOException {
    String json = JSON.writeValueAsString(body);
    String hash = chain(head(), json);
    byte[] line = (hash + "\t" + json + "\n").getBytes(StandardCharsets.UTF_8);
    try (FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer buf = ByteBuffer.wrap(line);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    Entry e = new Entry(entries.size() + 1L, hash, body);
    entries.add(e);
    return e;
  }

  static String chain(String previous, String json) {
    return sha256((previous + json).getBytes(StandardCharsets.UTF_8));
  }

  static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  static String sha256(Path file) throws IOException {
    MessageDigest md = digest();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocate(1 << 20);
      while (ch.read(buf) > 0) {
        buf.flip();
        md.update(buf);
        buf.clear();
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  static ObjectNode body(String op) {
    ObjectNode n = JSON.createObjectNode();
    n.put("op", op);
    return n;
  }

  static JsonNode parse(String json) {
    return JSON.readTree(json);
  }
}
