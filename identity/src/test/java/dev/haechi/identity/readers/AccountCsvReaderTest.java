package dev.haechi.identity.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haechi.core.InputException;
import dev.haechi.identity.model.Account;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccountCsvReaderTest {
  private static final String HEADER =
      "account_id,username,email,employee_id,enabled,privileged,last_login,created\n";

  static List<Account> read(String csv) {
    return AccountCsvReader.read(new StringReader(csv), "accounts/shop.csv", "shop");
  }

  @Test
  void row_becomes_an_account_of_the_named_system() {
    Account a =
        read(HEADER
                + "u-1,jkim,jkim@x.example,E1,false,true,2025-04-02T11:00:00+09:00,2022-11-08\n")
            .get(0);

    assertThat(a.key()).isEqualTo("shop:u-1");
    assertThat(a.enabled()).isFalse();
    assertThat(a.privileged()).isTrue();
    assertThat(a.lastLogin()).isEqualTo(Instant.parse("2025-04-02T02:00:00Z"));
    assertThat(a.created()).isEqualTo(Instant.parse("2022-11-08T00:00:00Z"));
    assertThat(a.source().toString()).isEqualTo("accounts/shop.csv:2");
  }

  @Test
  void only_account_id_is_required_and_empty_enabled_means_enabled() {
    Account a = read("account_id,team\nsvc-1,payments\n").get(0);

    assertThat(a.enabled()).isTrue();
    assertThat(a.privileged()).isFalse();
    assertThat(a.loginsTracked()).isFalse();
    assertThat(a.attributes()).containsEntry("team", "payments");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "u-2,,,,maybe,,,|accounts/shop.csv:3: enabled 'maybe' is not true or false",
        "u-2,,,,,,yesterday,|accounts/shop.csv:3: last_login 'yesterday' is not an ISO-8601 date or date-time",
        ",,,,,,,|accounts/shop.csv:3: account_id is empty",
        "u-1,,,,,,,|accounts/shop.csv:3: account_id u-1 already appears on line 2",
        "u-2,,,|accounts/shop.csv:3: expected 8 fields as in the header, found 4",
      })
  void malformed_row_names_file_line_and_reason_and_returns_nothing(String row, String message) {
    assertThatThrownBy(() -> read(HEADER + "u-1,a,,,true,false,,\n" + row + "\n"))
        .isInstanceOf(InputException.class)
        .hasMessage(message);
  }
}
