package dev.haechi.identity.readers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.core.InputException;
import dev.haechi.identity.model.Account;
import dev.haechi.identity.model.AccountTable;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The byte reading of account CSVs ({@link AccountCsvBytes}) gives exactly what the reference
 * reader gives — the same accounts, or the same error on the same line — on random files: columns
 * in any order, padded and upper-case header names, extra columns, blank lines, CR, LF and CRLF
 * breaks, a byte-order mark, values with spaces around them, every boolean and timestamp shape, bad
 * values, empty and duplicate IDs, rows with too few or too many fields, non-ASCII text.
 */
class AccountCsvBytesTest {
  private static final String[] COLUMNS = {
    "account_id",
    "username",
    "email",
    "employee_id",
    "enabled",
    "privileged",
    "last_login",
    "created",
    "groups",
    "team",
    "Note"
  };
  private static final String[] BOOLS = {
    "true", "false", "TRUE", "Yes", "no", "1", "0", "", " true ", "maybe", "tRuE", "nO"
  };
  private static final String[] TIMES = {
    "2024-01-02T03:04:05Z",
    "2024-01-02",
    "2024-01-02T03:04:05.123+09:00",
    "2024-01-02T03:04:05.5-05:30",
    "2024-01-02T03:04:05",
    "2024-02-30",
    "2024-01-02T03:04:05.123456789Z",
    "yesterday",
    "",
    " 2023-12-31T23:59:59Z ",
    "2024-01-02T03:04Z",
    "２０２４-01-02"
  };
  private static final String[] TEXT = {
    "jkim", " slee ", "김민지", "ops", "CORP\\jkim", "", "  ", "é", "a;b; ;c", "Domain Admins"
  };

  @Property(tries = 400)
  void byte_reading_equals_the_reference_on_random_files(@ForAll long seed) {
    Random random = new Random(seed);
    String text = file(random);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);

    Object reference = outcome(() -> AccountCsvReader.read(new StringReader(text), "a.csv", "sys"));
    Object fast = outcome(() -> AccountCsvBytes.read(bytes, "a.csv", "sys"));

    assertThat(fast).isNotNull();
    assertThat(fast).isEqualTo(reference);
  }

  /**
   * The table's one-field accessors (what reconciliation reads) agree with the accounts it makes,
   * for a table of one export and for exports joined with accounts kept as objects.
   */
  @Property(tries = 200)
  void table_accessors_agree_with_the_accounts_it_makes(@ForAll long seed) {
    Random random = new Random(seed);
    List<List<Account>> parts = new ArrayList<>();
    List<Account> expected = new ArrayList<>();
    for (int f = random.nextInt(4); f >= 0; f--) {
      String text = file(random);
      List<Account> part;
      try {
        part =
            random.nextBoolean()
                ? AccountCsvBytes.read(text.getBytes(StandardCharsets.UTF_8), "f.csv", "s" + f)
                : AccountCsvReader.read(new StringReader(text), "f.csv", "s" + f);
      } catch (InputException e) {
        continue;
      }
      if (part == null) {
        continue;
      }
      parts.add(part);
      expected.addAll(AccountCsvReader.read(new StringReader(text), "f.csv", "s" + f));
    }
    AccountTable t = AccountTable.concat(parts);
    java.time.Instant at = java.time.Instant.parse("2024-01-02T00:00:00Z");

    assertThat(t).isEqualTo(expected);
    for (int i = 0; i < t.size(); i++) {
      Account a = expected.get(i);
      assertThat(t.system(i)).isEqualTo(a.system());
      assertThat(t.accountId(i)).isEqualTo(a.accountId());
      assertThat(t.username(i)).isEqualTo(a.username());
      assertThat(t.email(i)).isEqualTo(a.email());
      assertThat(t.employeeId(i)).isEqualTo(a.employeeId());
      assertThat(t.enabled(i)).isEqualTo(a.enabled());
      assertThat(t.privileged(i)).isEqualTo(a.privileged());
      assertThat(t.lastLogin(i)).isEqualTo(a.lastLogin());
      assertThat(t.loginsTracked(i)).isEqualTo(a.loginsTracked());
      assertThat(t.created(i)).isEqualTo(a.created());
      assertThat(t.expires(i)).isEqualTo(a.expires());
      assertThat(t.groups(i)).isEqualTo(a.groups());
      assertThat(t.key(i)).isEqualTo(a.key());
      assertThat(t.label(i)).isEqualTo(a.label());
      assertThat(t.isUsableAt(i, at)).isEqualTo(a.isUsableAt(at));
      assertThat(t.createdAfter(i, at)).isEqualTo(a.created() != null && a.created().isAfter(at));
      // the column comparisons the reconciliation uses, also at a time equal to some values
      for (java.time.Instant when : List.of(at, java.time.Instant.parse("2024-01-02T03:04:05Z"))) {
        assertThat(t.createdBefore(i, when))
            .isEqualTo(a.created() != null && a.created().isBefore(when));
        assertThat(t.createdAfter(i, when))
            .isEqualTo(a.created() != null && a.created().isAfter(when));
        assertThat(t.hasLastLogin(i)).isEqualTo(a.lastLogin() != null);
        assertThat(t.lastLoginBefore(i, when))
            .isEqualTo(a.lastLogin() != null && a.lastLogin().isBefore(when));
      }
    }
    assertThat(AccountTable.of(t)).isSameAs(t);
  }

  @Test
  void a_quoted_field_or_bytes_that_are_not_utf8_are_left_to_the_reference() {
    assertThat(
            AccountCsvBytes.read(
                "account_id,username\n\"a,1\",x\n".getBytes(StandardCharsets.UTF_8), "a", "s"))
        .isNull();
    assertThat(
            AccountCsvBytes.read(
                new byte[] {'a', 'c', 'c', 'o', 'u', 'n', 't', '_', 'i', 'd', '\n', (byte) 0xC3},
                "a",
                "s"))
        .isNull();
  }

  @Test
  void an_export_with_quotes_still_reads_from_disk_through_the_reference(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path f = dir.resolve("crm.csv");
    java.nio.file.Files.writeString(f, "account_id,username\n\"a,1\",x\nb,y\n");

    List<Account> read = AccountCsvReader.read(f, "accounts/crm.csv", "crm");

    assertThat(read).extracting(Account::accountId).containsExactly("a,1", "b");
    assertThat(read.get(1).source().toString()).isEqualTo("accounts/crm.csv:3");
  }

  /** The accounts read, or the error's class and message. */
  private static Object outcome(java.util.function.Supplier<List<Account>> read) {
    try {
      return read.get();
    } catch (InputException e) {
      return "InputException: " + e.getMessage();
    }
  }

  private static String file(Random random) {
    StringBuilder sb = new StringBuilder();
    if (random.nextInt(8) == 0) {
      sb.append('\uFEFF');
    }
    String[] breaks = {"\n", "\r\n", "\r"};
    String br = breaks[random.nextInt(3)];
    if (random.nextInt(10) == 0) {
      sb.append(br);
    }
    List<String> columns = new ArrayList<>(List.of(COLUMNS));
    Collections.shuffle(columns, random);
    columns = new ArrayList<>(columns.subList(0, 1 + random.nextInt(columns.size())));
    if (random.nextInt(10) > 0 && !columns.contains("account_id")) {
      columns.add(random.nextInt(columns.size() + 1), "account_id");
    }
    if (random.nextInt(30) == 0) {
      columns.add(columns.get(0));
    }
    List<String> header = new ArrayList<>();
    for (String c : columns) {
      String h = random.nextInt(6) == 0 ? c.toUpperCase(java.util.Locale.ROOT) : c;
      header.add(random.nextInt(6) == 0 ? " " + h + " " : h);
    }
    if (random.nextInt(40) > 0) {
      sb.append(String.join(",", header));
    }
    int rows = random.nextInt(25);
    // Half the files have no rare value at all, so that whole files are read, not only errors.
    boolean clean = random.nextBoolean();
    for (int r = 0; r < rows; r++) {
      sb.append(random.nextInt(10) == 0 ? breaks[random.nextInt(3)] : br);
      if (random.nextInt(12) == 0) {
        sb.append(br);
      }
      List<String> fields = new ArrayList<>();
      for (String c : columns) {
        fields.add(value(c, random, r, clean));
      }
      if (random.nextInt(40) == 0) {
        fields.add("extra");
      }
      if (random.nextInt(40) == 0 && fields.size() > 1) {
        fields.remove(fields.size() - 1);
      }
      sb.append(String.join(",", fields));
    }
    if (random.nextBoolean()) {
      sb.append(br);
    }
    return sb.toString();
  }

  private static String value(String column, Random random, int row, boolean clean) {
    boolean rare = !clean && random.nextInt(25) == 0;
    return switch (column) {
      case "account_id" ->
          rare
              ? (random.nextBoolean() ? "" : "a" + random.nextInt(Math.max(1, row)))
              : (random.nextInt(5) == 0 ? " a" + row + " " : "a" + row);
      case "enabled", "privileged" ->
          rare ? BOOLS[random.nextInt(BOOLS.length)] : BOOLS[random.nextInt(8)];
      case "last_login", "created" ->
          rare ? TIMES[random.nextInt(TIMES.length)] : TIMES[random.nextInt(4)];
      default -> TEXT[random.nextInt(TEXT.length)];
    };
  }
}
