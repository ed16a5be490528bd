package dev.haechi.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import dev.haechi.connectors.ldap.LdapAccountSource;
import dev.haechi.connectors.scim.ScimAccountSource;
import dev.haechi.connectors.scim.ScimServiceProvider;
import dev.haechi.identity.model.Account;
import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveSourceSpecTest {

  @Test
  void ldap_spec_takes_base_dn_from_the_url_and_settings_after_semicolons() {
    LiveSourceSpec s =
        LiveSourceSpec.parse(
            "ad",
            "ldaps://dc1.corp.example/DC=corp,DC=example;bind-dn=CN=svc,OU=Service,DC=corp,"
                + "DC=example;password-env=AD_PW;page-size=200;flavour=ad");

    assertThat(s.url()).isEqualTo("ldaps://dc1.corp.example/DC=corp,DC=example");
    assertThat(s.settings())
        .containsEntry("bind-dn", "CN=svc,OU=Service,DC=corp,DC=example")
        .containsEntry("password-env", "AD_PW");
    assertThat(s.accountSource(SecretEnvironment.of(Map.of())))
        .isInstanceOf(LdapAccountSource.class)
        .extracting(AccountSource::describe)
        .isEqualTo("ldaps://dc1.corp.example:636/DC=corp,DC=example");
  }

  @Test
  void escaped_semicolon_stays_in_the_value_and_typos_are_rejected() {
    assertThat(
            LiveSourceSpec.parse("okta", "scim+https://idp/scim/v2;filter=userName eq \"a\\;b\"")
                .settings())
        .containsEntry("filter", "userName eq \"a;b\"");
    assertThatThrownBy(() -> LiveSourceSpec.parse("ad", "ldap://dc1/DC=x;pasword-env=X"))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("unknown setting 'pasword-env'");
    assertThatThrownBy(() -> LiveSourceSpec.parse("ad", "ldap://dc1"))
        .hasMessageContaining("no base DN");
    assertThatThrownBy(() -> LiveSourceSpec.parse("ad", "ldap://dc1/DC=x;flavour=novell"))
        .hasMessageContaining("unknown directory flavour");
    assertThat(LiveSourceSpec.isLive("accounts/ad.ldif")).isFalse();
  }

  @Test
  void default_secret_variables_are_named_after_the_system() throws Exception {
    try (ScimServiceProvider p = ScimServiceProvider.start("tok")) {
      p.addUser("1", "jkim", null, true);
      AccountSource source =
          LiveSourceSpec.parse("okta-prod", p.url())
              .accountSource(SecretEnvironment.of(Map.of("HAECHI_OKTA_PROD_TOKEN", "tok")));

      assertThat(source).isInstanceOf(ScimAccountSource.class);
      assertThat(source.readAll()).extracting(Account::username).containsExactly("jkim");
    }
  }

  @Test
  void ldap_spec_reads_and_disables_end_to_end() throws Exception {
    InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=org");
    config.setSchema(null);
    config.addAdditionalBindCredentials("cn=admin,dc=example,dc=org", "pw");
    config.setListenerConfigs(
        InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, null));
    InMemoryDirectoryServer ds = new InMemoryDirectoryServer(config);
    try {
      ds.add("dn: dc=example,dc=org", "objectClass: domain", "dc: example");
      ds.add(
          "dn: uid=a,dc=example,dc=org", "objectClass: user", "uid: a", "userAccountControl: 512");
      ds.startListening();
      LiveSourceSpec spec =
          LiveSourceSpec.parse(
              "ad",
              "ldap://127.0.0.1:"
                  + ds.getListenPort()
                  + "/dc=example,dc=org"
                  + ";bind-dn=cn=admin,dc=example,dc=org");
      SecretEnvironment env = SecretEnvironment.of(Map.of("HAECHI_AD_PASSWORD", "pw"));

      AccountStateChange change = spec.accountControl(env).disable("uid=a,dc=example,dc=org");

      assertThat(change.after()).isEqualTo("514");
      assertThat(spec.accountSource(env).readAll()).singleElement().matches(a -> !a.enabled());
    } finally {
      ds.shutDown(true);
    }
  }
}
