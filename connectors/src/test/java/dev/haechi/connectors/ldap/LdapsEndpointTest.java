package dev.haechi.connectors.ldap;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.SelfSignedCertificateGenerator;
import com.unboundid.util.ObjectPair;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import dev.haechi.connectors.ConnectorException;
import dev.haechi.connectors.SecretEnvironment;
import java.io.File;
import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LdapsEndpointTest {

  @Test
  void ldaps_refuses_a_server_whose_certificate_the_jvm_does_not_trust() throws Exception {
    ObjectPair<File, char[]> keyStore =
        SelfSignedCertificateGenerator.generateTemporarySelfSignedCertificate(
            "haechi-test", "PKCS12");
    SSLUtil serverTls =
        new SSLUtil(
            new KeyStoreKeyManager(keyStore.getFirst(), keyStore.getSecond(), "PKCS12", null),
            new TrustAllTrustManager());
    InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=org");
    config.addAdditionalBindCredentials("cn=admin,dc=example,dc=org", "pw");
    config.setListenerConfigs(
        InMemoryListenerConfig.createLDAPSConfig(
            "ldaps",
            InetAddress.getLoopbackAddress(),
            0,
            serverTls.createSSLServerSocketFactory(),
            null));
    InMemoryDirectoryServer ds = new InMemoryDirectoryServer(config);
    ds.startListening();
    try {
      String url = "ldaps://127.0.0.1:" + ds.getListenPort();
      LdapEndpoint endpoint = LdapEndpoint.of(url, "cn=admin,dc=example,dc=org", "PW");

      assertThatThrownBy(
              () ->
                  new LdapAccountSource(
                          "ad",
                          endpoint,
                          LdapSearch.under("dc=example,dc=org"),
                          SecretEnvironment.of(Map.of("PW", "pw")))
                      .readAll())
          .isInstanceOf(ConnectorException.class)
          .hasMessageStartingWith(url + ": ")
          .hasMessageContaining("cannot connect")
          .hasMessageContaining("cannot be trusted");
    } finally {
      ds.shutDown(true);
      keyStore.getFirst().delete();
    }
  }
}
