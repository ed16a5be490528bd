package dev.haechi.connectors;

import dev.haechi.connectors.ldap.DirectoryFlavour;
import dev.haechi.connectors.ldap.LdapAccountControl;
import dev.haechi.connectors.ldap.LdapAccountSource;
import dev.haechi.connectors.ldap.LdapEndpoint;
import dev.haechi.connectors.ldap.LdapSearch;
import dev.haechi.connectors.scim.ScimAccountControl;
import dev.haechi.connectors.scim.ScimAccountSource;
import dev.haechi.connectors.scim.ScimEndpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A live account source written as one string, the {@code SOURCE} of {@code --accounts
 * SYSTEM=SOURCE} (FORMATS.md §1.2): a URL, then optional {@code ;key=value} settings ({@code \;}
 * for a semicolon inside a value). Secrets are never written here, only the names of the
 * environment variables that hold them.
 *
 * <pre>
 * ldaps://dc1.corp.example/DC=corp,DC=example;bind-dn=CN=svc-haechi,OU=Service,DC=corp,DC=example
 *     ;password-env=AD_PW;filter=(objectClass=user);page-size=500;flavour=ad
 * scim+https://idp.example.org/scim/v2;token-env=OKTA_TOKEN;filter=userName eq "jkim"
 * </pre>
 *
 * LDAP keys: {@code bind-dn} (absent: anonymous), {@code password-env} (default {@code
 * HAECHI_<SYSTEM>_PASSWORD}), {@code base-dn} (default: the URL's DN), {@code filter}, {@code
 * page-size}, {@code flavour} ({@code ad}, {@code nsaccountlock}, {@code ppolicy}, {@code auto}).
 * SCIM keys: {@code token-env} (default {@code HAECHI_<SYSTEM>_TOKEN}), {@code filter}, {@code
 * page-size}. An unknown key is an error, so that a typo does not silently change what is read.
 */
public record LiveSourceSpec(String system, String url, Map<String, String> settings) {
  private static final Set<String> LDAP_KEYS =
      Set.of("bind-dn", "password-env", "base-dn", "filter", "page-size", "flavour");
  private static final Set<String> SCIM_KEYS = Set.of("token-env", "filter", "page-size");

  public LiveSourceSpec {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(url, "url");
    settings = Map.copyOf(settings);
  }

  /** True when {@code source} names a live source rather than a file. */
  public static boolean isLive(String source) {
    String s = source.toLowerCase(Locale.ROOT);
    return s.startsWith("ldap://")
        || s.startsWith("ldaps://")
        || s.startsWith("scim+https://")
        || s.startsWith("scim+http://");
  }

  /**
   * @throws ConnectorException naming the spec and the problem
   */
  public static LiveSourceSpec parse(String system, String spec) {
    if (!isLive(spec)) {
      throw new ConnectorException(
          spec, "not a live source (ldap://, ldaps://, scim+https:// or scim+http://)");
    }
    List<String> parts = split(spec);
    Map<String, String> settings = new LinkedHashMap<>();
    for (String part : parts.subList(1, parts.size())) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new ConnectorException(redact(spec), "setting '" + part + "' is not key=value");
      }
      String key = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      if (settings.put(key, part.substring(eq + 1).trim()) != null) {
        throw new ConnectorException(redact(spec), "setting '" + key + "' given twice");
      }
    }
    LiveSourceSpec s = new LiveSourceSpec(system, parts.get(0).trim(), settings);
    Set<String> allowed = s.isScim() ? SCIM_KEYS : LDAP_KEYS;
    for (String key : settings.keySet()) {
      if (!allowed.contains(key)) {
        throw new ConnectorException(
            s.url, "unknown setting '" + key + "'; known: " + String.join(", ", sorted(allowed)));
      }
    }
    s.validate();
    return s;
  }

  public boolean isScim() {
    return url.toLowerCase(Locale.ROOT).startsWith("scim+");
  }

  /** Reads the accounts. */
  public AccountSource accountSource(SecretEnvironment env) {
    if (isScim()) {
      return new ScimAccountSource(system, scimEndpoint(), settings.get("filter"), pageSize(), env);
    }
    return new LdapAccountSource(system, ldapEndpoint(), ldapSearch(), env);
  }

  /** Disables and re-enables accounts of the same system. */
  public AccountControl accountControl(SecretEnvironment env) {
    if (isScim()) {
      return new ScimAccountControl(scimEndpoint(), env);
    }
    return new LdapAccountControl(
        ldapEndpoint(), DirectoryFlavour.parse(settings.get("flavour")), env);
  }

  private void validate() {
    if (isScim()) {
      scimEndpoint();
    } else {
      ldapSearch();
      DirectoryFlavour.parse(settings.get("flavour"));
    }
    pageSize();
  }

  private ScimEndpoint scimEndpoint() {
    return ScimEndpoint.of(url, settings.getOrDefault("token-env", defaultEnv("TOKEN")));
  }

  private LdapEndpoint ldapEndpoint() {
    return LdapEndpoint.of(
        url,
        settings.get("bind-dn"),
        settings.getOrDefault("password-env", defaultEnv("PASSWORD")));
  }

  private LdapSearch ldapSearch() {
    LdapEndpoint endpoint = ldapEndpoint();
    String base = settings.getOrDefault("base-dn", endpoint.baseDnInUrl());
    if (base == null || base.isBlank()) {
      throw new ConnectorException(url, "no base DN: put it in the URL or set base-dn=");
    }
    return new LdapSearch(base, settings.get("filter"), pageSize());
  }

  private int pageSize() {
    String v = settings.get("page-size");
    if (v == null) {
      return 0;
    }
    try {
      int n = Integer.parseInt(v);
      if (n <= 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ConnectorException(url, "page-size '" + v + "' is not a positive number");
    }
  }

  private String defaultEnv(String what) {
    String name = system.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    return "HAECHI_" + name + "_" + what;
  }

  private static List<String> split(String spec) {
    List<String> parts = new ArrayList<>();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < spec.length(); i++) {
      char c = spec.charAt(i);
      if (c == '\\' && i + 1 < spec.length() && spec.charAt(i + 1) == ';') {
        sb.append(';');
        i++;
      } else if (c == ';') {
        parts.add(sb.toString());
        sb.setLength(0);
      } else {
        sb.append(c);
      }
    }
    parts.add(sb.toString());
    return parts;
  }

  private static String redact(String spec) {
    int semi = spec.indexOf(';');
    return semi < 0 ? spec : spec.substring(0, semi);
  }

  private static List<String> sorted(Set<String> keys) {
    return keys.stream().sorted().toList();
  }
}
