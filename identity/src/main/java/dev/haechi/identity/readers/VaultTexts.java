package dev.haechi.identity.readers;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The texts of one slice of a Vault audit log, one string per distinct text: looked up by the ASCII
 * bytes of the value where they lie in the read buffer, so that a value seen before (the caller's
 * name, the operation, the path: a log repeats them on every request) costs no new string and no
 * hashing of one. Not thread-safe: one per slice.
 *
 * <p>Design note: a 5-million-line log has a few hundred thousand requests on known secrets, each
 * with half a dozen string values taken from it, of which only the time and the request ID differ
 * from request to request. Made anew they were most of the read's allocation, and interning them
 * afterwards (a hash map of strings) a twentieth of its time.
 */
final class VaultTexts {
  private byte[][] keys = new byte[1024][];
  private String[] values = new String[1024];
  private int[] hashes = new int[1024];
  private int size;

  /** The text of the ASCII bytes {@code b[from, to)}, the same object for equal bytes. */
  String get(byte[] b, int from, int to) {
    int h = 1;
    for (int k = from; k < to; k++) {
      h = 31 * h + b[k];
    }
    h *= 0x9E3779B9;
    h ^= h >>> 16;
    int mask = keys.length - 1;
    int i = h & mask;
    byte[] key;
    while ((key = keys[i]) != null) {
      if (hashes[i] == h && Arrays.equals(key, 0, key.length, b, from, to)) {
        return values[i];
      }
      i = (i + 1) & mask;
    }
    String v = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    keys[i] = Arrays.copyOfRange(b, from, to);
    values[i] = v;
    hashes[i] = h;
    if (++size * 2 > keys.length) {
      grow();
    }
    return v;
  }

  int size() {
    return size;
  }

  private void grow() {
    byte[][] oldKeys = keys;
    String[] oldValues = values;
    int[] oldHashes = hashes;
    int c = oldKeys.length * 2;
    keys = new byte[c][];
    values = new String[c];
    hashes = new int[c];
    int mask = c - 1;
    for (int k = 0; k < oldKeys.length; k++) {
      if (oldKeys[k] != null) {
        int i = oldHashes[k] & mask;
        while (keys[i] != null) {
          i = (i + 1) & mask;
        }
        keys[i] = oldKeys[k];
        values[i] = oldValues[k];
        hashes[i] = oldHashes[k];
      }
    }
  }
}
