package dev.haechi.identity.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haechi.core.InputException;
import dev.haechi.identity.Fixtures;
import dev.haechi.identity.model.Account;
import dev.haechi.identity.model.Secret;
import dev.haechi.identity.model.SecretKind;
import java.io.StringReader;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AwsCredentialReportReaderTest {
  private static final AwsCredentialReportReader.Report REPORT =
      AwsCredentialReportReader.read(
          Fixtures.dir("coupang").resolve("accounts/aws.aws.csv"), "accounts/aws.aws.csv", "aws");

  @Test
  void root_user_is_a_privileged_enabled_account() {
    Account root = REPORT.accounts().get(0);
    assertThat(root.username()).isEqualTo("<root_account>");
    assertThat(root.privileged()).isTrue();
    assertThat(root.enabled()).isTrue();
  }

  @Test
  void user_with_only_an_active_access_key_is_enabled_and_last_used_by_that_key() {
    Account jkim = REPORT.accounts().get(1);
    assertThat(jkim.enabled()).isTrue();
    assertThat(jkim.lastLogin()).isEqualTo(Instant.parse("2025-05-30T22:10:00Z"));
  }

  @Test
  void each_existing_access_key_is_a_secret_owned_by_its_account() {
    assertThat(REPORT.secrets())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.secretId()).isEqualTo("aws:jkim:access-key-1");
              assertThat(s.kind()).isEqualTo(SecretKind.ACCESS_KEY);
              assertThat(s.created()).isEqualTo(Instant.parse("2023-01-10T02:05:00Z"));
              assertThat(s.ownerAccount()).isEqualTo("aws:arn:aws:iam::123456789012:user/jkim");
              assertThat(s.active()).isTrue();
            });
  }

  @Test
  void columns_are_read_by_name_and_not_applicable_values_mean_none() {
    AwsCredentialReportReader.Report r =
        AwsCredentialReportReader.read(
            new StringReader(
                "arn,user,access_key_1_last_rotated,access_key_1_active,user_creation_time,"
                    + "password_last_used\n"
                    + "arn:aws:iam::1:user/a,a,N/A,false,2020-01-01T00:00:00+00:00,no_information\n"),
            "r.csv",
            "aws");
    assertThat(r.secrets()).isEmpty();
    assertThat(r.accounts().get(0).lastLogin()).isNull();
    assertThat(r.accounts().get(0).enabled()).isFalse();
  }

  @Test
  void bad_timestamp_names_file_line_and_column() {
    assertThatThrownBy(
            () ->
                AwsCredentialReportReader.read(
                    new StringReader(
                        "user,arn,user_creation_time\na,arn:a,2020-01-01T00:00:00Z\n"
                            + "b,arn:b,last tuesday\n"),
                    "r.csv",
                    "aws"))
        .isInstanceOf(InputException.class)
        .hasMessage("r.csv:3: user_creation_time 'last tuesday' is not an ISO-8601 date-time");
  }

  @Test
  void secret_record_defaults_apply_to_access_keys() {
    Secret s = REPORT.secrets().get(0);
    assertThat(s.effectiveMaxAge()).hasDays(90);
  }
}
