package dev.haechi.connectors.ldap;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.schema.Schema;
import dev.haechi.connectors.AccountControl;
import dev.haechi.connectors.AccountStateChange;
import dev.haechi.connectors.AccountStateChange.Action;
import dev.haechi.connectors.ConnectorException;
import dev.haechi.connectors.SecretEnvironment;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Disables and re-enables one directory account by DN, the way the directory itself does it ({@link
 * DirectoryFlavour}), and reports what it did as an {@link AccountStateChange}.
 *
 * <ul>
 *   <li>Active Directory: sets or clears bit 0x2 of {@code userAccountControl}, keeping every other
 *       bit. The change is one modify that deletes the old value and adds the new one, which fails
 *       (and is reported) if someone changed the attribute since it was read, instead of
 *       overwriting their change: RFC 4511 §4.6 applies a modify's changes atomically.
 *   <li>389 / Oracle: sets {@code nsAccountLock: true}; re-enabling removes it.
 *   <li>OpenLDAP ppolicy: sets {@code pwdAccountLockedTime: 000001010000Z} (locked until an
 *       administrator unlocks); re-enabling removes the attribute. An account under a temporary
 *       lockout (a time stamp left by failed logins, which ends by itself) is not "already
 *       disabled": its lock is made permanent.
 * </ul>
 *
 * The flavour is configured, or detected per account: from the account's own attributes ({@code
 * userAccountControl}, {@code nsAccountLock}, {@code pwdAccountLockedTime}), else from the root DSE
 * (Active Directory's capability OID 1.2.840.113556.1.4.800, a 389/Netscape/Oracle vendor name,
 * OpenLDAP's root DSE class) and the schema (is {@code pwdAccountLockedTime} or {@code
 * nsAccountLock} defined?). A directory it cannot place is an error that asks for configuration.
 *
 * <p>Caveat, seen on OpenLDAP 2.5: the ppolicy overlay refuses binds of an account carrying {@code
 * pwdAccountLockedTime} only when the password policy that applies to it has {@code pwdLockout:
 * TRUE}; without one the attribute is set, the account reads as disabled, and it can still log in.
 * The policy in force is not visible over LDAP ({@code ppolicy_default} lives in the server's
 * configuration), so this class cannot check it; {@code SlapdDirectoryIT} shows the working setup.
 */
public final class LdapAccountControl implements AccountControl {
  /** The ppolicy value meaning "locked until an administrator unlocks it". */
  public static final String PERMANENT_LOCK = "000001010000Z";

  private static final String AD_CAPABILITY = "1.2.840.113556.1.4.800";

  private final LdapEndpoint endpoint;
  private final DirectoryFlavour configured;
  private final SecretEnvironment env;
  private final Clock clock;

  /**
   * @param flavour null to detect it
   */
  public LdapAccountControl(
      LdapEndpoint endpoint, DirectoryFlavour flavour, SecretEnvironment env, Clock clock) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.configured = flavour;
    this.env = Objects.requireNonNull(env, "env");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public LdapAccountControl(
      LdapEndpoint endpoint, DirectoryFlavour flavour, SecretEnvironment env) {
    this(endpoint, flavour, env, Clock.systemUTC());
  }

  @Override
  public AccountStateChange disable(String dn) {
    return set(dn, Action.DISABLE, false);
  }

  @Override
  public AccountStateChange preview(String dn, Action action) {
    return set(dn, action, true);
  }

  @Override
  public AccountStateChange enable(String dn) {
    return set(dn, Action.ENABLE, false);
  }

  /** The flavour this control would use for {@code dn}, without changing anything. */
  public DirectoryFlavour flavourOf(String dn) {
    try (LDAPConnection connection = endpoint.connect(env)) {
      return flavour(connection, read(connection, dn));
    }
  }

  private AccountStateChange set(String dn, Action action, boolean dryRun) {
    Objects.requireNonNull(dn, "dn");
    try (LDAPConnection connection = endpoint.connect(env)) {
      SearchResultEntry entry = read(connection, dn);
      DirectoryFlavour flavour = flavour(connection, entry);
      String attr = flavour.attribute();
      String before = entry.getAttributeValue(attr);
      boolean wantDisabled = action == Action.DISABLE;
      String after;
      Modification[] changes;
      switch (flavour) {
        case ACTIVE_DIRECTORY -> {
          if (before == null) {
            throw new ConnectorException(
                where(dn), "entry has no userAccountControl; is this an Active Directory user?");
          }
          long flags;
          try {
            flags = dev.haechi.identity.readers.DirectoryTimes.number(before, attr);
          } catch (IllegalArgumentException e) {
            throw new ConnectorException(where(dn), e.getMessage(), e);
          }
          if (((flags & 0x2) != 0) == wantDisabled) {
            return unchanged(dn, action, flavour, before);
          }
          after = Long.toString(wantDisabled ? flags | 0x2 : flags & ~0x2L);
          changes =
              new Modification[] {
                new Modification(ModificationType.DELETE, attr, before),
                new Modification(ModificationType.ADD, attr, after)
              };
        }
        case NS_ACCOUNT_LOCK -> {
          boolean disabled = before != null && before.trim().equalsIgnoreCase("true");
          if (disabled == wantDisabled) {
            return unchanged(dn, action, flavour, before);
          }
          after = wantDisabled ? "true" : null;
          changes =
              new Modification[] {
                wantDisabled
                    ? new Modification(ModificationType.REPLACE, attr, "true")
                    : new Modification(ModificationType.DELETE, attr)
              };
        }
        case PPOLICY -> {
          // A lock with a real time stamp is temporary (failed logins; it ends after
          // pwdLockoutDuration), so disabling replaces it with the permanent value.
          boolean permanent = PERMANENT_LOCK.equals(before == null ? null : before.trim());
          if (wantDisabled ? permanent : before == null) {
            return unchanged(dn, action, flavour, before);
          }
          after = wantDisabled ? PERMANENT_LOCK : null;
          changes =
              new Modification[] {
                wantDisabled
                    ? new Modification(ModificationType.REPLACE, attr, PERMANENT_LOCK)
                    : new Modification(ModificationType.DELETE, attr)
              };
        }
        default -> throw new IllegalStateException(flavour.name());
      }
      if (dryRun) {
        return new AccountStateChange(
            endpoint.describe(), dn, action, attr, before, after, true, clock.instant());
      }
      try {
        connection.modify(dn, changes);
      } catch (LDAPException e) {
        String reason =
            e.getResultCode() == ResultCode.NO_SUCH_ATTRIBUTE
                    || e.getResultCode() == ResultCode.ATTRIBUTE_OR_VALUE_EXISTS
                ? attr + " changed since it was read (" + e.getResultCode() + "); retry"
                : "modify of " + attr + " refused: " + e.getResultCode() + diagnostic(e);
        throw new ConnectorException(where(dn), reason, e);
      }
      return new AccountStateChange(
          endpoint.describe(), dn, action, attr, before, after, true, clock.instant());
    }
  }

  private AccountStateChange unchanged(
      String dn, Action action, DirectoryFlavour flavour, String value) {
    return new AccountStateChange(
        endpoint.describe(), dn, action, flavour.attribute(), value, value, false, clock.instant());
  }

  private SearchResultEntry read(LDAPConnection connection, String dn) {
    try {
      SearchResultEntry entry =
          connection.getEntry(
              dn, "objectClass", "userAccountControl", "nsAccountLock", "pwdAccountLockedTime");
      if (entry == null) {
        throw new ConnectorException(where(dn), "no such entry");
      }
      return entry;
    } catch (LDAPException e) {
      String reason =
          e.getResultCode() == ResultCode.NO_SUCH_OBJECT
              ? "no such entry"
              : "cannot read entry: " + e.getResultCode() + diagnostic(e);
      throw new ConnectorException(where(dn), reason, e);
    }
  }

  private DirectoryFlavour flavour(LDAPConnection connection, SearchResultEntry entry) {
    if (configured != null) {
      return configured;
    }
    for (DirectoryFlavour f : DirectoryFlavour.values()) {
      if (entry.hasAttribute(f.attribute())) {
        return f;
      }
    }
    DirectoryFlavour found = directoryFlavour(connection);
    if (found == null) {
      throw new ConnectorException(
          where(entry.getDN()),
          "cannot tell how this directory disables accounts (no userAccountControl, nsAccountLock"
              + " or ppolicy in its root DSE or schema); configure the flavour: ad, nsaccountlock"
              + " or ppolicy");
    }
    return found;
  }

  private static DirectoryFlavour directoryFlavour(LDAPConnection connection) {
    try {
      RootDSE root = connection.getRootDSE();
      if (root != null) {
        String[] capabilities = root.getAttributeValues("supportedCapabilities");
        if (capabilities != null && Arrays.asList(capabilities).contains(AD_CAPABILITY)) {
          return DirectoryFlavour.ACTIVE_DIRECTORY;
        }
        String vendor = root.getVendorName();
        if (vendor != null) {
          String v = vendor.toLowerCase(Locale.ROOT);
          if (v.contains("389")
              || v.contains("red hat")
              || v.contains("fedora")
              || v.contains("netscape")
              || v.contains("oracle")
              || v.contains("sun microsystems")) {
            return DirectoryFlavour.NS_ACCOUNT_LOCK;
          }
        }
      }
      Schema schema = connection.getSchema();
      if (schema != null) {
        if (schema.getAttributeType("pwdAccountLockedTime") != null) {
          return DirectoryFlavour.PPOLICY;
        }
        if (schema.getAttributeType("nsAccountLock") != null) {
          return DirectoryFlavour.NS_ACCOUNT_LOCK;
        }
        if (schema.getAttributeType("userAccountControl") != null) {
          return DirectoryFlavour.ACTIVE_DIRECTORY;
        }
      }
      return null;
    } catch (LDAPException e) {
      return null;
    }
  }

  private String where(String dn) {
    return endpoint.describe() + " " + dn;
  }

  private static String diagnostic(LDAPException e) {
    String d = e.getDiagnosticMessage();
    return d == null || d.isBlank() ? "" : ": " + d;
  }
}
