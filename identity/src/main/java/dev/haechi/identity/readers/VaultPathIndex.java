package dev.haechi.identity.readers;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a Vault request path to the secret location it touches, for the locations the inventory
 * knows (a location string with several {@code ;}-separated locations counts as each of them). A KV
 * location matches its own path. A Transit key location {@code MOUNT/keys/NAME} also matches the
 * paths that copy its key material out: {@code MOUNT/export/TYPE/NAME[/VERSION]} (VERSION a number
 * or {@code latest}; TYPE {@code encryption-key}, {@code signing-key} or {@code hmac-key}) and
 * {@code MOUNT/backup/NAME}. Public-key exports and cryptographic operations ({@code sign}, {@code
 * encrypt}) use the key without handing it over, so they are not custody.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/secret/transit#export-key">Vault
 *     Transit API: export key, backup key</a>
 */
final class VaultPathIndex {
  private static final String[] EXPORT_TYPES = {"encryption-key", "signing-key", "hmac-key"};

  /** A location hit: the location and whether the path copies key material out. */
  record Hit(String location, boolean copiesKeyMaterial) {}

  private final Map<String, Hit> exact = new HashMap<>();
  private final Map<String, Hit> versioned = new HashMap<>();
  private static final byte[] LATEST = "/latest".getBytes(StandardCharsets.US_ASCII);

  /** Open-addressing set of the keys' byte hashes; null when some key is not ASCII. */
  private final long[] hashes;

  VaultPathIndex(Collection<String> locations) {
    List<String> each = new java.util.ArrayList<>();
    for (String loc : locations) {
      if (loc != null) {
        // an inventory row may name several ;-separated locations of one key (FORMATS.md §1.3)
        each.addAll(List.of(loc.split(";")));
      }
    }
    for (String loc : each) {
      if (loc.isBlank()) {
        continue;
      }
      String l = strip(loc.trim());
      exact.putIfAbsent(l, new Hit(l, false));
      int keys = l.lastIndexOf("/keys/");
      if (keys > 0) {
        String mount = l.substring(0, keys);
        String name = l.substring(keys + "/keys/".length());
        if (!name.isEmpty() && name.indexOf('/') < 0) {
          Hit copy = new Hit(l, true);
          exact.putIfAbsent(mount + "/backup/" + name, copy);
          for (String type : EXPORT_TYPES) {
            exact.putIfAbsent(mount + "/export/" + type + "/" + name, copy);
            versioned.putIfAbsent(mount + "/export/" + type + "/" + name, copy);
          }
        }
      }
    }
    hashes = hashTable(exact, versioned);
  }

  boolean isEmpty() {
    return exact.isEmpty();
  }

  /**
   * False only when the path in {@code bytes[from, to)} (UTF-8, no escapes) certainly matches no
   * location; true means "ask {@link #match}". Design note: the log's millions of paths are mostly
   * unknown; hashing their bytes against the keys' hashes rejects them without building a string.
   * Non-ASCII paths or keys always go to {@link #match}, so the answer never differs from it.
   */
  boolean mayMatch(byte[] bytes, int from, int to) {
    if (hashes == null) {
      return true;
    }
    int s = from;
    int e = to;
    while (s < e && bytes[s] == '/') {
      s++;
    }
    while (e > s && bytes[e - 1] == '/') {
      e--;
    }
    for (int k = s; k < e; k++) {
      if (bytes[k] < 0) {
        return true;
      }
    }
    if (knownHash(hash(bytes, s, e))) {
      return true;
    }
    if (versioned.isEmpty()) {
      return false;
    }
    int i = e - 1;
    while (i > s && bytes[i] >= '0' && bytes[i] <= '9') {
      i--;
    }
    if (i > s && i < e - 1 && bytes[i] == '/') {
      return knownHash(hash(bytes, s, i));
    }
    return e - s >= 7 && endsWithLatest(bytes, e) && knownHash(hash(bytes, s, e - 7));
  }

  private static boolean endsWithLatest(byte[] bytes, int e) {
    byte[] latest = LATEST;
    for (int k = 0; k < latest.length; k++) {
      if (bytes[e - latest.length + k] != latest[k]) {
        return false;
      }
    }
    return true;
  }

  private boolean knownHash(long h) {
    int mask = hashes.length - 1;
    for (int slot = (int) (h ^ (h >>> 32)) & mask; ; slot = (slot + 1) & mask) {
      long v = hashes[slot];
      if (v == 0) {
        return false;
      }
      if (v == h) {
        return true;
      }
    }
  }

  /** Polynomial hash of bytes, never 0 (0 marks an empty slot). */
  private static long hash(byte[] bytes, int from, int to) {
    long h = 1125899906842597L;
    for (int k = from; k < to; k++) {
      h = 31 * h + bytes[k];
    }
    return h == 0 ? 1 : h;
  }

  private static long[] hashTable(Map<String, Hit> exact, Map<String, Hit> versioned) {
    int keys = exact.size() + versioned.size();
    int size = Integer.highestOneBit(Math.max(4, keys * 4 - 1)) << 1;
    long[] table = new long[size];
    for (Map<String, Hit> m : List.of(exact, versioned)) {
      for (String key : m.keySet()) {
        byte[] b = key.getBytes(StandardCharsets.UTF_8);
        if (b.length != key.length()) {
          return null;
        }
        long h = hash(b, 0, b.length);
        int slot = (int) (h ^ (h >>> 32)) & (size - 1);
        while (table[slot] != 0 && table[slot] != h) {
          slot = (slot + 1) & (size - 1);
        }
        table[slot] = h;
      }
    }
    return table;
  }

  /** The location a request path touches, or null when it touches none the inventory knows. */
  Hit match(String path) {
    String p = strip(path);
    Hit h = exact.get(p);
    if (h != null) {
      return h;
    }
    if (versioned.isEmpty()) {
      return null;
    }
    int i = p.length() - 1;
    while (i > 0 && Character.isDigit(p.charAt(i))) {
      i--;
    }
    if (i > 0 && i < p.length() - 1 && p.charAt(i) == '/') {
      return versioned.get(p.substring(0, i));
    }
    return p.endsWith("/latest") ? versioned.get(p.substring(0, p.length() - 7)) : null;
  }

  private static String strip(String path) {
    int start = 0;
    int end = path.length();
    while (start < end && path.charAt(start) == '/') {
      start++;
    }
    while (end > start && path.charAt(end - 1) == '/') {
      end--;
    }
    return path.substring(start, end);
  }
}
