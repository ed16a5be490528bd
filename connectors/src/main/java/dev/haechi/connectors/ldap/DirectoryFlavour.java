package dev.haechi.connectors.ldap;

import dev.haechi.connectors.ConnectorException;
import java.util.Locale;

/** How a directory records that an account is disabled, and so how to disable one. */
public enum DirectoryFlavour {
  /** Active Directory: bit 0x2 (ACCOUNTDISABLE) of {@code userAccountControl} (MS-ADTS §2.2.16). */
  ACTIVE_DIRECTORY("userAccountControl"),
  /** 389 Directory Server and Oracle/Sun DSEE: {@code nsAccountLock: true}. */
  NS_ACCOUNT_LOCK("nsAccountLock"),
  /**
   * OpenLDAP's ppolicy overlay: {@code pwdAccountLockedTime}; the value {@code 000001010000Z} locks
   * permanently (draft-behera-ldap-password-policy §5.3.3, slapo-ppolicy(5)).
   */
  PPOLICY("pwdAccountLockedTime");

  private final String attribute;

  DirectoryFlavour(String attribute) {
    this.attribute = attribute;
  }

  /** The attribute that holds the state. */
  public String attribute() {
    return attribute;
  }

  /**
   * The flavour a configuration names: {@code ad} / {@code active-directory}, {@code nsaccountlock}
   * / {@code 389} / {@code oracle}, or {@code ppolicy} / {@code openldap}; null or {@code auto} for
   * "detect".
   */
  public static DirectoryFlavour parse(String name) {
    if (name == null) {
      return null;
    }
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "auto", "" -> null;
      case "ad", "active-directory", "activedirectory", "useraccountcontrol" -> ACTIVE_DIRECTORY;
      case "nsaccountlock", "389", "389ds", "oracle", "dsee" -> NS_ACCOUNT_LOCK;
      case "ppolicy", "openldap", "pwdaccountlockedtime" -> PPOLICY;
      default ->
          throw new ConnectorException(
              name, "unknown directory flavour; use ad, nsaccountlock, ppolicy or auto");
    };
  }
}
