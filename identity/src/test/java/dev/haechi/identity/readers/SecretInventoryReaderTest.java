package dev.haechi.identity.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haechi.core.InputException;
import dev.haechi.identity.Fixtures;
import dev.haechi.identity.model.Secret;
import dev.haechi.identity.model.SecretKind;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretInventoryReaderTest {
  private static final String HEADER =
      "secret_id,kind,system,location,created,last_rotated,max_age,custodians\n";

  @Test
  void inventory_reads_kinds_policies_and_custodians() {
    List<Secret> secrets =
        SecretInventoryReader.read(Fixtures.dir("coupang").resolve("secrets.csv"), "secrets.csv");

    Secret signer = secrets.get(0);
    assertThat(signer.kind()).isEqualTo(SecretKind.SIGNING_KEY);
    assertThat(signer.location()).isEqualTo("transit/keys/token-signer");
    assertThat(signer.lastRotated()).isNull();
    assertThat(signer.effectiveMaxAge()).isEqualTo(Duration.ofDays(365));
    assertThat(signer.custodians()).containsExactly("E1002");
    assertThat(secrets.get(1).effectiveMaxAge()).isEqualTo(Duration.ofDays(180));
  }

  @Test
  void a_row_may_name_several_locations_of_one_key() {
    Secret s =
        SecretInventoryReader.read(
                new StringReader(
                    HEADER
                        + "k,signing-key,gw,transit/keys/token-signer; jwks:auth#auth-2022-01 ;"
                        + "jwks:partner#auth-2022-01,,,,\n"),
                "s.csv")
            .get(0);
    assertThat(s.locations())
        .containsExactly(
            "transit/keys/token-signer", "jwks:auth#auth-2022-01", "jwks:partner#auth-2022-01");
    assertThat(s.transitKeys()).containsExactly("transit/keys/token-signer");
    assertThat(s.jwksLocations())
        .containsExactly("jwks:auth#auth-2022-01", "jwks:partner#auth-2022-01");
  }

  @Test
  void a_key_tied_to_two_different_kids_is_rejected_naming_the_line() {
    assertThatThrownBy(
            () ->
                SecretInventoryReader.read(
                    new StringReader(
                        HEADER
                            + "ok,api-key,,,,,,\n"
                            + "k,signing-key,gw,transit/keys/t;jwks:auth#a-1;jwks:auth#a-2,,,,\n"),
                    "secrets.csv"))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("secrets.csv:3")
        .hasMessageContaining("two different kids, a-1 and a-2");
  }

  @Test
  void one_transit_key_tied_to_different_kids_on_two_rows_is_rejected_naming_both_lines() {
    assertThatThrownBy(
            () ->
                SecretInventoryReader.read(
                    new StringReader(
                        HEADER
                            + "k1,signing-key,gw,transit/keys/t;jwks:auth#a-1,,,,\n"
                            + "k2,signing-key,gw,transit/keys/t;jwks:auth#a-2,,,,\n"),
                    "secrets.csv"))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("secrets.csv:3")
        .hasMessageContaining(
            "transit/keys/t is tied to kid a-2 here but to kid a-1 by k1 on line 2");
  }

  @Test
  void a_published_key_location_without_kid_is_rejected() {
    assertThatThrownBy(
            () ->
                SecretInventoryReader.read(
                    new StringReader(HEADER + "k,signing-key,gw,transit/keys/t;jwks:auth,,,,\n"),
                    "secrets.csv"))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("secrets.csv:2")
        .hasMessageContaining("'jwks:auth' is not jwks:ISSUER#KID");
  }

  @Test
  void semicolon_separated_custodians_are_split_and_trimmed() {
    Secret s =
        SecretInventoryReader.read(new StringReader(HEADER + "k,api-key,,,,,,E1; E2 ;\n"), "s.csv")
            .get(0);
    assertThat(s.custodians()).containsExactly("E1", "E2");
    assertThat(s.effectiveMaxAge()).isEqualTo(Duration.ofDays(90));
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "k2,gpg-key,,,,,,|s.csv:3: kind 'gpg-key' is not one of signing-key, api-key, access-key, ssh-key, password, certificate, other",
        "k2,api-key,,,,,forever,|s.csv:3: max_age: invalid duration 'forever' (expected e.g. 30s, 15m, 4h, 7d or PT4H)",
        "k2,api-key,,,,,0,|s.csv:3: max_age must be longer than zero",
        "k2,api-key,,,2020-02-30,,,|s.csv:3: created '2020-02-30' is not an ISO-8601 date or date-time",
        "k1,api-key,,,,,,|s.csv:3: secret_id k1 already appears on line 2",
      })
  void malformed_row_names_file_line_and_reason_and_returns_nothing(String row, String message) {
    assertThatThrownBy(
            () ->
                SecretInventoryReader.read(
                    new StringReader(HEADER + "k1,api-key,,,,,,\n" + row + "\n"), "s.csv"))
        .isInstanceOf(InputException.class)
        .hasMessage(message);
  }
}
