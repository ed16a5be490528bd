package dev.haechi.demo.retailer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tests' independent twin of reconciliation: reads every account file back in the plainest way
 * and classifies each account, so that the manifest's planted counts can be checked against what a
 * reader actually sees.
 */
final class NaiveReconciliation {
  /** One account as read back. */
  record Seen(
      String system,
      String id,
      Map<String, String> person,
      boolean enabled,
      boolean privileged,
      Instant lastLogin) {}

  final Map<String, Map<String, String>> byEmployeeId = new HashMap<>();
  final Map<String, Map<String, String>> byEmail = new HashMap<>();
  final Map<String, Map<String, String>> byUsername = new HashMap<>();
  final List<Seen> accounts = new ArrayList<>();

  NaiveReconciliation(Path dir) throws IOException {
    for (Map<String, String> p : new CsvText(dir.resolve("hr.csv")).rows) {
      byEmployeeId.put(p.get("employee_id"), p);
      byEmail.put(p.get("email"), p);
      byUsername.put(p.get("email").substring(0, p.get("email").indexOf('@')), p);
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(dir.resolve("accounts"))) {
      files = list.sorted().toList();
    }
    for (Path f : files) {
      String name = f.getFileName().toString();
      if (name.endsWith(".aws.csv")) {
        aws(f, name.replace(".aws.csv", ""));
      } else if (name.endsWith(".csv")) {
        csv(f, name.replace(".csv", ""));
      } else if (name.endsWith(".ldif")) {
        ldif(f, name.replace(".ldif", ""));
      } else {
        scim(f, name.replace(".json", ""));
      }
    }
  }

  private Map<String, String> match(String employeeId, String email, String username) {
    if (employeeId != null && byEmployeeId.containsKey(employeeId)) {
      return byEmployeeId.get(employeeId);
    }
    if (email != null && byEmail.containsKey(email)) {
      return byEmail.get(email);
    }
    return username == null ? null : byUsername.get(username);
  }

  private static String blank(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private void csv(Path f, String system) throws IOException {
    for (Map<String, String> r : new CsvText(f).rows) {
      String login = blank(r.get("last_login"));
      accounts.add(
          new Seen(
              system,
              r.get("account_id"),
              match(blank(r.get("employee_id")), blank(r.get("email")), blank(r.get("username"))),
              r.get("enabled").equals("true"),
              r.get("privileged").equals("true"),
              login == null ? null : OffsetDateTime.parse(login).toInstant()));
    }
  }

  private void aws(Path f, String system) throws IOException {
    for (Map<String, String> r : new CsvText(f).rows) {
      if (r.get("user").equals("<root_account>")) {
        continue;
      }
      accounts.add(
          new Seen(
              system,
              r.get("arn"),
              match(null, null, r.get("user")),
              r.get("password_enabled").equals("true")
                  || r.get("access_key_1_active").equals("true"),
              false,
              null));
    }
  }

  private void ldif(Path f, String system) throws IOException {
    String text = Files.readString(f, StandardCharsets.UTF_8);
    for (String entry : text.split("\n\n")) {
      if (!entry.contains("dn: ")) {
        continue;
      }
      Map<String, List<String>> a = new HashMap<>();
      for (String line : entry.split("\n")) {
        int colon = line.indexOf(": ");
        a.computeIfAbsent(line.substring(0, colon), k -> new ArrayList<>())
            .add(line.substring(colon + 2));
      }
      int uac = Integer.parseInt(a.get("userAccountControl").get(0));
      String filetime =
          a.containsKey("lastLogonTimestamp") ? a.get("lastLogonTimestamp").get(0) : null;
      Instant login = null;
      if (filetime != null) {
        long ticks = Long.parseLong(filetime);
        login = Instant.ofEpochSecond(ticks / 10_000_000L - 11_644_473_600L);
      }
      accounts.add(
          new Seen(
              system,
              a.get("dn").get(0),
              match(first(a, "employeeID"), first(a, "mail"), first(a, "sAMAccountName")),
              (uac & 2) == 0 && !expired(first(a, "accountExpires")),
              a.getOrDefault("memberOf", List.of()).stream()
                  .anyMatch(g -> g.contains("Domain Admins")),
              login));
    }
  }

  /** AD's accountExpires: a FILETIME, where 0 and 2^63-1 mean never. */
  private static boolean expired(String filetime) {
    if (filetime == null || filetime.equals("0") || filetime.equals("9223372036854775807")) {
      return false;
    }
    long seconds = Long.parseLong(filetime) / 10_000_000L - 11_644_473_600L;
    return seconds < LocalDate.of(2025, 11, 20).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
  }

  private static String first(Map<String, List<String>> a, String name) {
    return a.containsKey(name) ? a.get(name).get(0) : null;
  }

  private void scim(Path f, String system) throws IOException {
    JsonNode doc = JsonMapper.builder().build().readTree(Files.readString(f));
    for (JsonNode u : doc.get("Resources")) {
      JsonNode ext = u.path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
      accounts.add(
          new Seen(
              system,
              u.get("id").asString(),
              match(
                  blank(ext.path("employeeNumber").asString()), u.get("userName").asString(), null),
              u.get("active").asBoolean(),
              false,
              null));
    }
  }

  List<Seen> leaversEnabled() {
    return accounts.stream()
        .filter(
            a -> a.person() != null && a.person().get("status").equals("terminated") && a.enabled())
        .toList();
  }

  List<Seen> orphans() {
    return accounts.stream().filter(a -> a.person() == null).toList();
  }

  List<Seen> dormantPrivileged(LocalDate asOf, int days) {
    Instant cutoff = asOf.minusDays(days).atStartOfDay(ZoneOffset.UTC).toInstant();
    return accounts.stream()
        .filter(a -> a.person() != null && a.person().get("status").equals("active"))
        .filter(a -> a.enabled() && a.privileged())
        .filter(a -> a.lastLogin() == null || a.lastLogin().isBefore(cutoff))
        .toList();
  }
}
