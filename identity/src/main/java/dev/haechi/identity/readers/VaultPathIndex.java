package dev.haechi.identity.readers;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Maps a Vault request path to the secret location it touches, for the locations the inventory
 * knows. A KV location matches its own path. A Transit key location {@code MOUNT/keys/NAME} also
 * matches the paths that copy its key material out: {@code MOUNT/export/TYPE/NAME[/VERSION]}
 * (VERSION a number or {@code latest}; TYPE {@code encryption-key}, {@code signing-key} or {@code
 * hmac-key}) and {@code MOUNT/backup/NAME}. Public-key exports and cryptographic operations ({@code
 * sign}, {@code encrypt}) use the key without handing it over, so they are not custody.
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

  VaultPathIndex(Collection<String> locations) {
    for (String loc : locations) {
      if (loc == null || loc.isBlank()) {
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
  }

  boolean isEmpty() {
    return exact.isEmpty();
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
