package dev.haechi.demo.retailer;

import dev.haechi.demo.output.CsvRow;
import dev.haechi.demo.output.JsonText;
import dev.haechi.demo.output.OutputFolder;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes each system's accounts in its own export format (FORMATS.md §1.2): an Active Directory
 * LDIF export (RFC 2849), a SCIM 2.0 ListResponse (RFC 7643/7644), an AWS IAM credential report, or
 * the generic account CSV.
 */
final class AccountExports {
  static final String[] CSV_HEADER = {
    "account_id",
    "username",
    "email",
    "employee_id",
    "enabled",
    "privileged",
    "last_login",
    "created"
  };

  /** The credential report's columns, in the order AWS writes them. */
  static final String[] AWS_HEADER = {
    "user",
    "arn",
    "user_creation_time",
    "password_enabled",
    "password_last_used",
    "password_last_changed",
    "password_next_rotation",
    "mfa_active",
    "access_key_1_active",
    "access_key_1_last_rotated",
    "access_key_1_last_used_date",
    "access_key_1_last_used_region",
    "access_key_1_last_used_service",
    "access_key_2_active",
    "access_key_2_last_rotated",
    "access_key_2_last_used_date",
    "access_key_2_last_used_region",
    "access_key_2_last_used_service",
    "cert_1_active",
    "cert_1_last_rotated",
    "cert_2_active",
    "cert_2_last_rotated"
  };

  /** Windows FILETIME: 100 ns ticks since 1601-01-01T00:00Z. */
  private static final long FILETIME_OFFSET_SECONDS = 11_644_473_600L;

  private static final String NEVER_EXPIRES = "9223372036854775807";
  private static final DateTimeFormatter AWS_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'+00:00'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter KST_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'+09:00'").withZone(KeyLeaverStory.KST);
  private static final DateTimeFormatter GENERALIZED =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss'.0Z'").withZone(ZoneOffset.UTC);
  private static final String[] AWS_SERVICES = {"s3", "sts", "ec2", "ecr", "logs", "dynamodb"};

  private AccountExports() {}

  static void write(OutputFolder folder, AccountSystem system, List<Account> accounts, long seed)
      throws IOException {
    try (Writer out = folder.open(system.fileName())) {
      switch (system.format) {
        case LDIF -> ldif(out, accounts);
        case SCIM -> scim(out, accounts);
        case AWS -> aws(out, system, accounts, new SplittableRandom(seed));
        case CSV -> csv(out, system, accounts);
      }
    }
  }

  private static void ldif(Writer out, List<Account> accounts) throws IOException {
    out.write("version: 1\n");
    StringBuilder b = new StringBuilder(1024);
    for (Account a : accounts) {
      b.setLength(0);
      Person p = a.owner();
      b.append("\ndn: ").append(a.accountId()).append('\n');
      b.append("objectClass: top\nobjectClass: person\nobjectClass: organizationalPerson\n");
      b.append("objectClass: user\n");
      String cn = a.accountId().substring(3, a.accountId().indexOf(",OU="));
      line(b, "cn", cn);
      if (p != null) {
        line(b, "sn", p.familyName());
        line(b, "givenName", p.givenName());
        line(b, "displayName", p.displayName());
        line(b, "department", p.department().label);
        line(b, "title", p.title());
      }
      line(b, "sAMAccountName", a.username());
      line(b, "userPrincipalName", a.username() + "@corp." + Person.DOMAIN);
      line(b, "mail", a.email());
      line(b, "employeeID", a.employeeId());
      line(b, "userAccountControl", a.enabled() ? "512" : "514");
      line(
          b, "whenCreated", GENERALIZED.format(a.created().atTime(9, 0).toInstant(ZoneOffset.UTC)));
      if (a.lastLogin() != null) {
        line(b, "lastLogonTimestamp", Long.toString(filetime(a.lastLogin())));
      }
      line(
          b,
          "accountExpires",
          p != null && p.terminated() && !a.enabled()
              ? Long.toString(
                  filetime(p.terminationDate().atStartOfDay(ZoneOffset.UTC).toInstant()))
              : NEVER_EXPIRES);
      if (a.privileged()) {
        line(b, "adminCount", "1");
        line(b, "memberOf", "CN=Domain Admins,CN=Users," + AccountPlan.AD_BASE);
      }
      if (p == null) {
        line(b, "memberOf", "CN=Contractors,OU=Groups," + AccountPlan.AD_BASE);
      } else {
        line(b, "memberOf", "CN=All Staff,OU=Groups," + AccountPlan.AD_BASE);
        line(b, "memberOf", "CN=" + p.department().label + ",OU=Groups," + AccountPlan.AD_BASE);
        if (p.department().office) {
          line(b, "memberOf", "CN=VPN Users,OU=Groups," + AccountPlan.AD_BASE);
        }
      }
      out.append(b);
    }
  }

  private static void line(StringBuilder b, String attribute, String value) {
    if (value != null && !value.isEmpty()) {
      b.append(attribute).append(": ").append(value).append('\n');
    }
  }

  static long filetime(Instant t) {
    return (t.getEpochSecond() + FILETIME_OFFSET_SECONDS) * 10_000_000L + t.getNano() / 100;
  }

  private static void scim(Writer out, List<Account> accounts) throws IOException {
    StringBuilder b = new StringBuilder(2048);
    b.append("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],")
        .append("\"totalResults\":")
        .append(accounts.size())
        .append(",\"itemsPerPage\":")
        .append(accounts.size())
        .append(",\"startIndex\":1,\"Resources\":[\n");
    out.append(b);
    for (int i = 0; i < accounts.size(); i++) {
      Account a = accounts.get(i);
      Person p = a.owner();
      b.setLength(0);
      b.append("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\",")
          .append("\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"],");
      JsonText.name(b, "id");
      JsonText.quote(b, a.accountId()).append(',');
      if (p != null) {
        JsonText.name(b, "externalId");
        JsonText.quote(b, p.employeeId()).append(',');
      }
      JsonText.name(b, "userName");
      JsonText.quote(b, a.email()).append(',');
      if (p != null) {
        b.append("\"name\":{");
        JsonText.name(b, "givenName");
        JsonText.quote(b, p.givenName()).append(',');
        JsonText.name(b, "familyName");
        JsonText.quote(b, p.familyName()).append("},");
        JsonText.name(b, "title");
        JsonText.quote(b, p.title()).append(',');
      }
      JsonText.name(b, "displayName");
      JsonText.quote(b, a.displayName()).append(',');
      b.append("\"emails\":[{\"value\":");
      JsonText.quote(b, a.email()).append(",\"type\":\"work\",\"primary\":true}],");
      b.append("\"active\":").append(a.enabled()).append(',');
      b.append("\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\":{");
      JsonText.name(b, "employeeNumber");
      JsonText.quote(b, a.employeeId());
      if (p != null) {
        b.append(',');
        JsonText.name(b, "department");
        JsonText.quote(b, p.department().label);
        if (!p.managerId().isEmpty()) {
          b.append(",\"manager\":{\"value\":");
          JsonText.quote(b, p.managerId()).append('}');
        }
      }
      b.append("},\"meta\":{\"resourceType\":\"User\",\"created\":");
      Instant created = a.created().atTime(9, 0).toInstant(KeyLeaverStory.KST);
      JsonText.quote(b, created.toString()).append(",\"lastModified\":");
      Instant modified =
          p != null && p.terminated()
              ? p.terminationDate().atTime(18, 30).toInstant(KeyLeaverStory.KST)
              : a.lastLogin() != null && a.lastLogin().isAfter(created) ? a.lastLogin() : created;
      JsonText.quote(b, modified.toString()).append(",\"location\":");
      JsonText.quote(b, "https://idp." + Person.DOMAIN + "/scim/v2/Users/" + a.accountId());
      b.append("}}").append(i + 1 < accounts.size() ? ",\n" : "\n");
      out.append(b);
    }
    out.write("]}\n");
  }

  private static void aws(
      Writer out, AccountSystem system, List<Account> accounts, SplittableRandom random)
      throws IOException {
    CsvRow.write(out, AWS_HEADER);
    String account =
        system == AccountSystem.AWS_PROD
            ? AccountPlan.AWS_PROD_ACCOUNT
            : AccountPlan.AWS_ANALYTICS_ACCOUNT;
    String rootCreated =
        AWS_TIME.format(system.launched.atTime(2, 13, 44).toInstant(ZoneOffset.UTC));
    String rootUsed =
        AWS_TIME.format(
            KeyLeaverStory.AS_OF.minusDays(41).atTime(1, 2, 3).toInstant(ZoneOffset.UTC));
    CsvRow.write(
        out,
        "<root_account>",
        "arn:aws:iam::" + account + ":root",
        rootCreated,
        "not_supported",
        rootUsed,
        "not_supported",
        "not_supported",
        "true",
        "false",
        "N/A",
        "N/A",
        "N/A",
        "N/A",
        "false",
        "N/A",
        "N/A",
        "N/A",
        "N/A",
        "false",
        "N/A",
        "false",
        "N/A");
    for (Account a : accounts) {
      boolean console = a.owner() != null && random.nextInt(100) < 45;
      boolean passwordEnabled = console && a.enabled();
      boolean key = !console || random.nextInt(100) < 60;
      boolean neverSignedIn = a.lastLogin() == null || (key && random.nextInt(100) < 15);
      String created = AWS_TIME.format(a.created().atTime(1, 30).toInstant(ZoneOffset.UTC));
      String lastUsed = a.lastLogin() == null ? "N/A" : AWS_TIME.format(a.lastLogin());
      LocalDate rotatedDay = KeyLeaverStory.AS_OF.minusDays(1 + random.nextInt(80));
      if (rotatedDay.isBefore(a.created())) {
        rotatedDay = a.created();
      }
      String rotated = AWS_TIME.format(rotatedDay.atTime(0, 40).toInstant(ZoneOffset.UTC));
      boolean keyUsed =
          a.lastLogin() != null
              && !a.lastLogin().isBefore(rotatedDay.atTime(0, 40).toInstant(ZoneOffset.UTC));
      CsvRow.write(
          out,
          a.username(),
          a.accountId(),
          created,
          Boolean.toString(passwordEnabled),
          passwordEnabled ? (neverSignedIn ? "no_information" : lastUsed) : "N/A",
          passwordEnabled ? created : "N/A",
          "N/A",
          Boolean.toString(passwordEnabled),
          Boolean.toString(key && a.enabled()),
          key ? rotated : "N/A",
          key && keyUsed ? lastUsed : "N/A",
          key && keyUsed ? "ap-northeast-2" : "N/A",
          key && keyUsed ? AWS_SERVICES[random.nextInt(AWS_SERVICES.length)] : "N/A",
          "false",
          "N/A",
          "N/A",
          "N/A",
          "N/A",
          "false",
          "N/A",
          "false",
          "N/A");
    }
  }

  private static void csv(Writer out, AccountSystem system, List<Account> accounts)
      throws IOException {
    CsvRow.write(out, CSV_HEADER);
    for (Account a : accounts) {
      CsvRow.write(
          out,
          a.accountId(),
          system.exportsUsername() ? a.username() : "",
          system.exportsEmail() ? a.email() : "",
          system.exportsEmployeeId() ? a.employeeId() : "",
          Boolean.toString(a.enabled()),
          Boolean.toString(a.privileged()),
          a.lastLogin() == null ? "" : KST_TIME.format(a.lastLogin()),
          a.created().toString());
    }
  }
}
