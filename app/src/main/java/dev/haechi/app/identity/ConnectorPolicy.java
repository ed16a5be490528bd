package dev.haechi.app.identity;

import dev.haechi.app.settings.Setting;
import dev.haechi.app.settings.SettingsStore;
import dev.haechi.connectors.ConnectorException;
import dev.haechi.connectors.SecretEnvironment;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where connectors may go and what they may take (issue 12, item 3):
 *
 * <ul>
 *   <li>secrets only from the environment variables an admin listed ({@code
 *       connectors.secret-env-allow}), never Haechi's own ({@link Setting#forbiddenSecretName});
 *   <li>cleartext {@code ldap://}, {@code http://} and {@code scim+http://} only to hosts an admin
 *       listed ({@code connectors.cleartext-hosts});
 *   <li>file sources only inside the import folder ({@code haechi.import-dir}, default {@code
 *       $HAECHI_HOME/import}): no {@code ..}, no symbolic link leading out;
 *   <li>error messages of sources without the text they quote, so a file that is not what it claims
 *       (say {@code /etc/shadow}) is never echoed back.
 * </ul>
 */
@Component
public class ConnectorPolicy {
  private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"|`[^`]*`");

  private final SettingsStore settings;
  private final Path importDir;

  public ConnectorPolicy(
      SettingsStore settings,
      @Value("${haechi.import-dir:}") String importDir,
      @Value("${haechi.home:./data}") String home) {
    this.settings = settings;
    this.importDir =
        (importDir.isBlank() ? Path.of(home).resolve("import") : Path.of(importDir))
            .toAbsolutePath()
            .normalize();
  }

  public Path importDir() {
    return importDir;
  }

  /** The environment, limited to the admin's allow-list. */
  public SecretEnvironment guard(SecretEnvironment env) {
    return name -> {
      if (name == null || !allowedSecretNames().contains(name)) {
        throw new ConnectorException(
            "environment",
            "environment variable "
                + name
                + " is not on the admin's allow-list (setting connectors.secret-env-allow)");
      }
      return env.get(name);
    };
  }

  Set<String> allowedSecretNames() {
    return Arrays.stream(settings.get(Setting.CONNECTOR_SECRET_ENV_ALLOW).split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty() && !Setting.forbiddenSecretName(s))
        .collect(Collectors.toSet());
  }

  /**
   * Refuses a cleartext address unless its host is on the admin's list.
   *
   * @throws IllegalArgumentException naming the field
   */
  public void checkTransport(String field, String location) {
    String lower = location.trim().toLowerCase(Locale.ROOT);
    String scheme = lower.contains("://") ? lower.substring(0, lower.indexOf("://")) : "";
    if (!scheme.equals("ldap") && !scheme.equals("http") && !scheme.equals("scim+http")) {
      return;
    }
    String url = location.trim();
    int semi = url.indexOf(';');
    if (semi > 0) {
      url = url.substring(0, semi);
    }
    String host;
    try {
      host = URI.create(url.replaceFirst("^(?i)scim\\+", "").replace(" ", "%20")).getHost();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": not a valid address");
    }
    Set<String> allowed =
        Arrays.stream(settings.get(Setting.CONNECTOR_CLEARTEXT_HOSTS).split(","))
            .map(s -> s.trim().toLowerCase(Locale.ROOT))
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toSet());
    if (host == null || !allowed.contains(host.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          field
              + ": "
              + scheme
              + ":// sends credentials in cleartext; use TLS, or an admin allows host "
              + host
              + " in setting connectors.cleartext-hosts");
    }
  }

  /**
   * The file a source names, confined to the import folder: the path must not contain {@code ..}
   * and its real location (symbolic links followed) must lie inside the folder.
   *
   * @throws IllegalArgumentException naming the field
   */
  public Path confine(String field, String location) {
    String loc = location.trim();
    Path p = Path.of(loc);
    for (Path part : p) {
      if (part.toString().equals("..")) {
        throw new IllegalArgumentException(field + ": '..' is not allowed in a file source");
      }
    }
    Path resolved = (p.isAbsolute() ? p : importDir.resolve(p)).normalize();
    if (!resolved.startsWith(importDir)) {
      throw new IllegalArgumentException(
          field + ": file sources must lie in the import folder " + importDir);
    }
    if (Files.exists(resolved)) {
      try {
        Path real = resolved.toRealPath();
        Path realDir = importDir.toRealPath();
        if (!real.startsWith(realDir)) {
          throw new IllegalArgumentException(
              field + ": the file leads out of the import folder " + importDir);
        }
      } catch (IOException e) {
        throw new IllegalArgumentException(field + ": cannot resolve the file");
      }
    }
    return resolved;
  }

  /** A word of an error message: what lies between blanks, quotes, brackets and separators. */
  private static final Pattern WORD = Pattern.compile("[^\\s'\"`,;:()\\[\\]{}<>=|]{3,}");

  /**
   * An error message of a file source: {@link #safeError(String)}, and then every word of three
   * characters or more that occurs anywhere in {@code file} replaced by {@code …}, so what the file
   * holds is not echoed even where a reader names a value without quoting it (say a duplicate
   * identifier). The file's own name is kept. Null file: only {@link #safeError(String)}.
   */
  public static String safeError(String message, Path file) {
    String m = safeError(message);
    if (m == null || file == null) {
      return m;
    }
    java.util.Set<String> words = new java.util.LinkedHashSet<>();
    java.util.regex.Matcher w = WORD.matcher(m);
    while (w.find()) {
      String word = w.group();
      if (!word.equals("…") && !word.contains(file.getFileName().toString())) {
        words.add(word);
      }
    }
    java.util.Set<String> found = new java.util.HashSet<>();
    var decoder =
        java.nio.charset.StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE);
    try (var in =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(java.nio.file.Files.newInputStream(file), decoder))) {
      String line;
      while (found.size() < words.size() && (line = in.readLine()) != null) {
        for (String word : words) {
          if (line.contains(word)) {
            found.add(word);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // unreadable now: nothing of it was read into the message either, beyond what is removed
      return m;
    }
    if (found.isEmpty()) {
      return m;
    }
    StringBuilder out = new StringBuilder();
    w = WORD.matcher(m);
    while (w.find()) {
      w.appendReplacement(
          out, found.contains(w.group()) ? "…" : Matcher.quoteReplacement(w.group()));
    }
    w.appendTail(out);
    return out.toString();
  }

  /** An error message with every quoted fragment removed and its length capped. */
  public static String safeError(String message) {
    if (message == null) {
      return null;
    }
    String m = QUOTED.matcher(message).replaceAll("'…'");
    return m.length() > 300 ? m.substring(0, 300) + "…" : m;
  }
}
