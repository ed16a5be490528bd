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
