package dev.haechi.identity.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haechi.core.InputException;
import dev.haechi.identity.Fixtures;
import dev.haechi.identity.model.IdentitySnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityDirectoryTest {
  @TempDir Path dir;

  private void write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  @Test
  void coupang_directory_reads_every_source_with_relative_file_names() {
    IdentitySnapshot s = IdentityDirectory.read(Fixtures.dir("coupang"));

    assertThat(s.people()).hasSize(7);
    assertThat(s.accounts()).hasSize(15);
    assertThat(s.accounts())
        .extracting(a -> a.source().file())
        .contains("accounts/ad.ldif", "accounts/aws.aws.csv", "accounts/shop.csv");
    assertThat(s.secrets())
        .extracting(x -> x.secretId())
        .containsExactly(
            "token-signer", "pg-admin", "gateway-jwk", "future-key", "aws:jkim:access-key-1");
    assertThat(s.vaultAccesses()).hasSize(4);
    assertThat(s.jwksKeys()).hasSize(2);
  }

  @Test
  void roster_may_be_a_scim_list_response() {
    IdentitySnapshot s = IdentityDirectory.read(Fixtures.dir("scim"));
    assertThat(s.people()).hasSize(3);
    assertThat(s.accounts()).allMatch(a -> a.system().equals("okta"));
  }

  @Test
  void a_bad_row_in_any_file_fails_the_whole_directory_naming_that_file() throws IOException {
    write("hr.csv", "employee_id,status\nE1,active\n");
    write("accounts/a.csv", "account_id\nx\n");
    write("accounts/b.csv", "account_id,enabled\ny,perhaps\n");

    assertThatThrownBy(() -> IdentityDirectory.read(dir))
        .isInstanceOf(InputException.class)
        .hasMessage("accounts/b.csv:2: enabled 'perhaps' is not true or false");
  }

  /**
   * When several files are bad, the error reported does not depend on which was read first: the
   * inventory's (it is read while the other files are), then the roster's, then the first bad
   * account file's, and the Vault log's only when everything else is good.
   */
  @Test
  void of_several_bad_files_the_error_named_is_fixed_by_file_not_by_timing() throws IOException {
    write("hr.csv", "employee_id,status\nE1,active\n");
    write("accounts/b.csv", "account_id,enabled\ny,perhaps\n");
    write("vault-audit.log", "not json\n");
    write("secrets.csv", "secret_id,kind,location\ns1,api-key,secret/data/a\n");
    assertThatThrownBy(() -> IdentityDirectory.read(dir))
        .hasMessage("accounts/b.csv:2: enabled 'perhaps' is not true or false");

    write("accounts/b.csv", "account_id,enabled\ny,true\n");
    assertThatThrownBy(() -> IdentityDirectory.read(dir))
        .hasMessage("vault-audit.log:1: not a JSON object");

    write("accounts/c.xlsx", "?");
    write("secrets.csv", "secret_id,kind,location\ns1,no-such-kind,secret/data/a\n");
    assertThatThrownBy(() -> IdentityDirectory.read(dir)).hasMessageStartingWith("secrets.csv:2:");
  }

  @Test
  void unknown_account_file_type_is_an_error_not_silently_skipped() throws IOException {
    write("hr.csv", "employee_id,status\nE1,active\n");
    write("accounts/ad.xlsx", "binary");

    assertThatThrownBy(() -> IdentityDirectory.read(dir))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("accounts/ad.xlsx: unknown account file type");
  }

  @Test
  void two_files_for_one_system_are_rejected() throws IOException {
    write("hr.csv", "employee_id,status\nE1,active\n");
    write("accounts/ad.csv", "account_id\nx\n");
    write("accounts/ad.ldif", "dn: cn=x\nuid: x\n");

    assertThatThrownBy(() -> IdentityDirectory.read(dir))
        .isInstanceOf(InputException.class)
        .hasMessage("accounts/ad.ldif: system 'ad' is also read from accounts/ad.csv");
  }

  @Test
  void directory_without_a_roster_is_rejected() throws IOException {
    write("accounts/a.csv", "account_id\nx\n");

    assertThatThrownBy(() -> IdentityDirectory.read(dir))
        .isInstanceOf(InputException.class)
        .hasMessageEndingWith("no roster: expected hr.csv or hr.json");
  }
}
