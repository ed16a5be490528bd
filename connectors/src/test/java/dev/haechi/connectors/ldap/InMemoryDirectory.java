package dev.haechi.connectors.ldap;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Entry;
import dev.haechi.connectors.SecretEnvironment;
import java.net.InetAddress;
import java.util.Map;

/**
 * UnboundID's in-memory directory server on 127.0.0.1 and a free port, without schema checking (so
 * that Active Directory and 389 attributes can be stored), with {@code cn=admin,dc=example,dc=org}
 * / {@link #PASSWORD} as an administrator and {@code dc=example,dc=org} as its only base.
 */
final class InMemoryDirectory implements AutoCloseable {
  static final String BASE = "dc=example,dc=org";
  static final String ADMIN = "cn=admin," + BASE;
  static final String PASSWORD = "s3cret-bind-pw";
  static final SecretEnvironment ENV = SecretEnvironment.of(Map.of("LDAP_PW", PASSWORD));

  final InMemoryDirectoryServer server;

  private InMemoryDirectory(InMemoryDirectoryServer server) {
    this.server = server;
  }

  static InMemoryDirectory start(String vendorName, InMemoryOperationInterceptor interceptor)
      throws Exception {
    InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
    config.setSchema(null);
    config.addAdditionalBindCredentials(ADMIN, PASSWORD);
    config.setListenerConfigs(
        InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, null));
    if (vendorName != null) {
      config.setVendorName(vendorName);
    }
    if (interceptor != null) {
      config.addInMemoryOperationInterceptor(interceptor);
    }
    InMemoryDirectoryServer ds = new InMemoryDirectoryServer(config);
    ds.add("dn: " + BASE, "objectClass: domain", "dc: example");
    ds.startListening();
    return new InMemoryDirectory(ds);
  }

  static InMemoryDirectory start() throws Exception {
    return start(null, null);
  }

  void add(String... ldifLines) throws Exception {
    server.add(new Entry(ldifLines));
  }

  String url() {
    return "ldap://127.0.0.1:" + server.getListenPort();
  }

  LdapEndpoint endpoint() {
    return LdapEndpoint.of(url(), ADMIN, "LDAP_PW");
  }

  String value(String dn, String attribute) throws Exception {
    Entry e = server.getEntry(dn);
    return e == null ? null : e.getAttributeValue(attribute);
  }

  @Override
  public void close() {
    server.shutDown(true);
  }
}
