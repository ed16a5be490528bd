package dev.haechi.app.settings;

import dev.haechi.core.Durations;
import java.net.URI;
import java.util.function.Consumer;

/**
 * A setting an admin may change at run time, with its default and its check. Changes are audited;
 * values marked secret are never shown in the audit log.
 */
public enum Setting {
  /** How long after a termination a leaver may still hold access before Haechi alerts. */
  LEAVER_GRACE("identity.leaver-grace", "24h", false, v -> Durations.parse(v)),
  /** The mass-change guard: most accounts of one system a remediation plan may disable. */
  MASS_CHANGE_MAX_COUNT("identity.mass-change.max-count", "50", false, Setting::positiveInt),
  /** The mass-change guard: largest share (0–1) of one system's accounts a plan may disable. */
  MASS_CHANGE_MAX_SHARE("identity.mass-change.max-share", "0.05", false, Setting::share),
  /**
   * Two-person rules (issue 12): for this long after one admin created or changed another's
   * account, neither counts as the other's second approver. {@code 0} turns the cool-down off.
   */
  APPROVAL_COOL_DOWN("identity.approval-cool-down", "7d", false, v -> Durations.parse(v)),
  /** Where alerts are posted (an https URL; it may carry a token, so it is never shown). */
  ALERT_WEBHOOK_URL("alerts.webhook-url", "", true, Setting::webhook),
  /**
   * The environment variables connectors may read secrets from (comma-separated names). A source or
   * plan naming any other variable is refused, so a proposer cannot make Haechi send, say, the
   * database password to a directory of their choosing. Empty: no secrets at all.
   */
  CONNECTOR_SECRET_ENV_ALLOW("connectors.secret-env-allow", "", false, Setting::environmentNames),
  /**
   * Hosts that live sources and remediation targets may reach in cleartext ({@code ldap://}, {@code
   * http://}, {@code scim+http://}), comma-separated. Empty: only TLS.
   */
  CONNECTOR_CLEARTEXT_HOSTS("connectors.cleartext-hosts", "", false, Setting::hostNames),
  /**
   * Vault's address and token variable for secret remediation plans ({@code
   * https://vault:8200;token-env=VAULT_TOKEN}); a plan goes there and nowhere else. Empty: no
   * transit key rotation.
   */
  VAULT_TARGET("identity.vault-target", "", false, Setting::vaultTarget),
  /** The public status page's time zone, e.g. {@code Asia/Seoul}: every time it shows is in it. */
  STATUS_TIME_ZONE("status.time-zone", "UTC", false, Setting::zone),
  /** The public status page's language, {@code en} or {@code ko} (also its {@code lang}). */
  STATUS_LANGUAGE("status.language", "en", false, Setting::language),
  /**
   * Where the public reaches the status page, e.g. {@code https://status.example.go.kr}: the base
   * of the absolute URLs in the Statuspage JSON ({@code page.url}, {@code shortlink}) and the feed.
   * Empty: this server's own address.
   */
  STATUS_PUBLIC_URL("status.public-url", "", false, Setting::baseUrl);

  private final String key;
  private final String defaultValue;
  private final boolean secret;
  private final Consumer<String> check;

  Setting(String key, String defaultValue, boolean secret, Consumer<String> check) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.secret = secret;
    this.check = check;
  }

  public String key() {
    return key;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public boolean secret() {
    return secret;
  }

  /**
   * Checks a new value.
   *
   * @throws IllegalArgumentException naming the setting and the problem
   */
  public void check(String value) {
    try {
      check.accept(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage());
    }
  }

  public static Setting byKey(String key) {
    for (Setting s : values()) {
      if (s.key.equals(key)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown setting '" + key + "'");
  }

  private static void positiveInt(String v) {
    try {
      if (Integer.parseInt(v.trim()) < 1) {
        throw new IllegalArgumentException("must be 1 or more");
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + v + "' is not a whole number");
    }
  }

  private static void share(String v) {
    try {
      double d = Double.parseDouble(v.trim());
      if (!(d > 0 && d <= 1)) {
        throw new IllegalArgumentException("must be above 0 and at most 1");
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + v + "' is not a number");
    }
  }

  /** Variables that hold Haechi's own secrets can never be handed to a connector. */
  public static boolean forbiddenSecretName(String name) {
    return name.startsWith("HAECHI_DB_")
        || name.equals("HAECHI_ADMIN_PASSWORD")
        || name.startsWith("HAECHI_AUDIT_")
        || name.startsWith("HAECHI_TLS_");
  }

  private static void environmentNames(String v) {
    for (String n : v.split(",")) {
      String name = n.trim();
      if (name.isEmpty()) {
        continue;
      }
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]{0,127}")) {
        throw new IllegalArgumentException("'" + name + "' is not an environment variable name");
      }
      if (forbiddenSecretName(name)) {
        throw new IllegalArgumentException(name + " holds Haechi's own secret");
      }
    }
  }

  private static void hostNames(String v) {
    for (String n : v.split(",")) {
      String host = n.trim();
      if (!host.isEmpty() && !host.matches("[A-Za-z0-9.:\\[\\]-]{1,253}")) {
        throw new IllegalArgumentException("'" + host + "' is not a host name or address");
      }
    }
  }

  private static void vaultTarget(String v) {
    if (!v.isEmpty() && !v.startsWith("https://") && !v.startsWith("http://")) {
      throw new IllegalArgumentException("Vault's address, https://host:8200;token-env=VAR");
    }
  }

  private static void webhook(String v) {
    if (v.isEmpty()) {
      return;
    }
    URI uri;
    try {
      uri = URI.create(v.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a URL");
    }
    if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
      throw new IllegalArgumentException("must be an http(s) URL");
    }
  }

  private static void zone(String v) {
    try {
      java.time.ZoneId.of(v.trim());
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException(
          "'" + v + "' is not a time zone (an IANA name such as Asia/Seoul, or UTC)");
    }
  }

  private static void language(String v) {
    if (!v.equals("en") && !v.equals("ko")) {
      throw new IllegalArgumentException("'" + v + "' is not en or ko");
    }
  }

  private static void baseUrl(String v) {
    if (v.isEmpty()) {
      return;
    }
    webhook(v);
    if (v.endsWith("/") || URI.create(v.trim()).getHost() == null) {
      throw new IllegalArgumentException("give scheme and host without a trailing slash");
    }
  }
}
