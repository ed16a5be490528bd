package dev.haechi.connectors.ldap;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import dev.haechi.connectors.ConnectorException;
import dev.haechi.connectors.SecretEnvironment;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Objects;
import javax.net.SocketFactory;

/**
 * Where a directory is and how to log in to it: an {@code ldap://} or {@code ldaps://} URL (RFC
 * 4516; only scheme, host and port are used here), a bind DN (null for an anonymous bind) and the
 * name of the environment variable that holds the bind password. {@code ldaps://} verifies the
 * server certificate against the JVM's trust store and its host name.
 *
 * <p>{@link #connect} returns an authenticated connection or throws a {@link ConnectorException}
 * that names the URL and the reason (unreachable, TLS failure, bind refused) and never the
 * password.
 */
public record LdapEndpoint(String url, String bindDn, String passwordEnv, Duration timeout) {

  public LdapEndpoint {
    Objects.requireNonNull(url, "url");
    timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
    parse(url);
  }

  /** An endpoint with the default timeout (30 s for connecting and for each response). */
  public static LdapEndpoint of(String url, String bindDn, String passwordEnv) {
    return new LdapEndpoint(url, bindDn, passwordEnv, null);
  }

  /** The URL without path or query: {@code ldap://host:port}. */
  public String describe() {
    LDAPURL u = parse(url);
    return u.getScheme() + "://" + u.getHost() + ":" + u.getPort();
  }

  /** The base DN the URL names (RFC 4516 {@code ldap://host/dc=example,dc=org}), or null. */
  public String baseDnInUrl() {
    LDAPURL u = parse(url);
    return u.baseDNProvided() ? u.getBaseDN().toString() : null;
  }

  /**
   * An open connection, bound as {@link #bindDn} (or anonymous). The caller closes it.
   *
   * @throws ConnectorException naming the URL when the server cannot be reached or the bind fails
   */
  public LDAPConnection connect(SecretEnvironment env) {
    LDAPURL u = parse(url);
    String where = describe();
    String password = bindDn == null ? null : env.require(passwordEnv, where);
    LDAPConnectionOptions options = new LDAPConnectionOptions();
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    options.setConnectTimeoutMillis(millis);
    options.setResponseTimeoutMillis(millis);
    options.setFollowReferrals(false);
    options.setUseSynchronousMode(true);
    SocketFactory sockets = null;
    if (u.getScheme().equals("ldaps")) {
      options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
      try {
        sockets = new SSLUtil(JVMDefaultTrustManager.getInstance()).createSSLSocketFactory();
      } catch (GeneralSecurityException e) {
        throw new ConnectorException(where, "cannot set up TLS: " + e.getMessage(), e);
      }
    }
    LDAPConnection connection;
    try {
      connection = new LDAPConnection(sockets, options, u.getHost(), u.getPort());
    } catch (LDAPException e) {
      throw new ConnectorException(where, "cannot connect: " + e.getMessage(), e);
    }
    if (bindDn == null) {
      return connection;
    }
    try {
      connection.bind(new SimpleBindRequest(bindDn, password));
      return connection;
    } catch (LDAPException e) {
      connection.close();
      String reason =
          e.getResultCode() == ResultCode.INVALID_CREDENTIALS
              ? "bind as " + bindDn + " refused: invalid credentials"
              : "bind as " + bindDn + " failed: " + e.getResultCode() + " " + safe(e);
      throw new ConnectorException(where, reason, e);
    }
  }

  private static String safe(LDAPException e) {
    String m = e.getDiagnosticMessage();
    return m == null ? "" : m;
  }

  private static LDAPURL parse(String url) {
    try {
      LDAPURL u = new LDAPURL(url);
      if (!u.getScheme().equals("ldap") && !u.getScheme().equals("ldaps")) {
        throw new ConnectorException(url, "not an ldap:// or ldaps:// URL");
      }
      return u;
    } catch (LDAPException e) {
      throw new ConnectorException(url, "not an LDAP URL (RFC 4516): " + e.getMessage(), e);
    }
  }
}
