package dev.haechi.identity.readers;

import dev.haechi.identity.model.Account;
import dev.haechi.identity.model.Secret;
import dev.haechi.identity.model.SecretKind;
import dev.haechi.identity.model.SourceRef;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an AWS IAM credential report (the CSV {@code aws iam get-credential-report} returns), by
 * header name, as FORMATS.md §1.2 asks. {@code N/A}, {@code no_information} and {@code
 * not_supported} mean "none". Each IAM user is an account (the ARN is its ID; the root user is
 * privileged; it is enabled while its password or any access key is); each access key that exists
 * is also a secret of kind {@code access-key} owned by that account, created when AWS says it was
 * last rotated (rotating an AWS key is creating a new one).
 *
 * @see <a
 *     href="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html">
 *     AWS: Getting credential reports</a>
 */
public final class AwsCredentialReportReader {

  /** What one credential report holds: its users as accounts and their access keys as secrets. */
  public record Report(List<Account> accounts, List<Secret> secrets) {}

  private AwsCredentialReportReader() {}

  public static Report read(Path file, String source, String system) {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in, source, system);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @throws dev.haechi.core.InputException naming the line of a bad value or duplicate user
   */
  public static Report read(Reader in, String source, String system) {
    CsvTable t = new CsvTable(in, source, List.of("user", "arn", "user_creation_time"));
    List<Account> accounts = new ArrayList<>();
    List<Secret> secrets = new ArrayList<>();
    Map<String, Long> seen = new HashMap<>();
    while (t.next()) {
      String user = value(t, "user");
      String arn = value(t, "arn");
      if (user == null || arn == null) {
        throw t.error("user and arn must not be empty");
      }
      Long first = seen.putIfAbsent(arn, t.line());
      if (first != null) {
        throw t.error("arn " + arn + " already appears on line " + first);
      }
      SourceRef ref = new SourceRef(source, t.line());
      boolean anyKeyActive = false;
      Instant lastUsed = time(t, "password_last_used");
      Map<String, String> attrs = new LinkedHashMap<>();
      for (int n = 1; n <= 2; n++) {
        String prefix = "access_key_" + n + "_";
        Boolean active = bool(t, prefix + "active");
        Instant rotated = time(t, prefix + "last_rotated");
        Instant used = time(t, prefix + "last_used_date");
        if (used != null && (lastUsed == null || used.isAfter(lastUsed))) {
          lastUsed = used;
        }
        if (rotated == null) {
          continue;
        }
        boolean isActive = active != null && active;
        anyKeyActive |= isActive;
        secrets.add(
            new Secret(
                system + ":" + user + ":access-key-" + n,
                SecretKind.ACCESS_KEY,
                system,
                arn + "#access_key_" + n,
                rotated,
                null,
                null,
                List.of(),
                system + ":" + arn,
                isActive,
                ref));
      }
      Boolean password = bool(t, "password_enabled");
      Boolean mfa = bool(t, "mfa_active");
      if (mfa != null) {
        attrs.put("mfa_active", mfa.toString());
      }
      boolean root = user.equals("<root_account>");
      accounts.add(
          new Account(
              system,
              arn,
              user,
              null,
              null,
              root || (password != null && password) || anyKeyActive,
              root,
              lastUsed,
              true,
              time(t, "user_creation_time"),
              null,
              List.of(),
              attrs,
              ref));
    }
    return new Report(accounts, secrets);
  }

  private static String value(CsvTable t, String column) {
    String v = t.get(column);
    if (v == null) {
      return null;
    }
    return switch (v) {
      case "N/A", "no_information", "not_supported" -> null;
      default -> v;
    };
  }

  private static Boolean bool(CsvTable t, String column) {
    String v = value(t, column);
    if (v == null) {
      return null;
    }
    Boolean b = Values.bool(v);
    if (b == null) {
      throw t.error(column + " '" + v + "' is not true or false");
    }
    return b;
  }

  private static Instant time(CsvTable t, String column) {
    String v = value(t, column);
    if (v == null) {
      return null;
    }
    Instant i = Values.instant(v);
    if (i == null) {
      throw t.error(column + " '" + v + "' is not an ISO-8601 date-time");
    }
    return i;
  }
}
