package dev.haechi.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.core.Finding;
import dev.haechi.identity.correlation.CorrelationRule;
import dev.haechi.identity.model.IdentitySnapshot;
import dev.haechi.identity.model.PrivilegedGroups;
import dev.haechi.identity.readers.IdentityDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The fast reconciliation (parallel links, findings written out only when read) gives exactly what
 * the reference path gives, on random directories: rosters with leavers, people hired later, names
 * and e-mails that collide, accounts in several systems with every owner rule, privileged groups,
 * never-used and long-unused accounts, earlier decisions, own domains, secrets with custodians and
 * a Vault log with exports by leavers.
 */
class ReconcileAgreementTest {
  // Labels that are prefixes of each other ("jk", "jkim", "jkim."), or hold a blank, order titles
  // by what follows them: the title order compares pieces, not whole titles (TitleOrder).
  private static final String[] NAMES = {
    "jkim", "JKim", "slee", "ops", "mpark", "CORP\\slee", "jk", "jkim.", "ops team", "jkim é"
  };
  private static final String[] DOMAINS = {"corp.example", "gmail.com", "CORP.example"};

  @Property(tries = 120)
  void fast_path_equals_the_reference_on_random_directories(@ForAll long seed) throws IOException {
    Random random = new Random(seed);
    Path dir = Files.createTempDirectory("reconcile-agreement");
    try {
      int people = 1 + random.nextInt(30);
      write(dir, random, people);
      IdentitySnapshot snapshot = IdentityDirectory.read(dir);
      ReconcileOptions options = options(random, snapshot, people);

      ReconcileResult fast = IdentityReconciler.reconcile(snapshot, options);
      ReconcileResult reference = IdentityReconciler.reference(snapshot, options);

      List<Finding> fastFindings = new ArrayList<>(fast.findings());
      assertThat(fastFindings).containsExactlyElementsOf(reference.findings());
      assertThat(fast.summary()).isEqualTo(reference.summary());
      assertThat(fast.cases()).isEqualTo(reference.cases());
      assertThat(fast.links()).isEqualTo(reference.links());
      assertThat(fast.custody()).isEqualTo(reference.custody());
      // Reading a finding twice gives an equal finding (nothing is cached, nothing drifts).
      assertThat(new ArrayList<>(fast.findings())).isEqualTo(fastFindings);
    } finally {
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static ReconcileOptions options(Random random, IdentitySnapshot snapshot, int people) {
    LocalDate asOf = LocalDate.of(2024, 1 + random.nextInt(12), 1 + random.nextInt(28));
    ReconcileOptions o = ReconcileOptions.asOf(asOf);
    if (random.nextBoolean()) {
      List<CorrelationRule> rules = new ArrayList<>(List.of(CorrelationRule.values()));
      java.util.Collections.shuffle(rules, random);
      o = o.withRules(rules.subList(0, 1 + random.nextInt(rules.size())));
    }
    if (random.nextInt(3) == 0 && !snapshot.accounts().isEmpty()) {
      Map<String, String> decisions = new HashMap<>();
      for (int k = random.nextInt(4); k > 0; k--) {
        decisions.put(
            snapshot.accounts().get(random.nextInt(snapshot.accounts().size())).key(),
            "E" + random.nextInt(people + 2));
      }
      o = o.withDecisions(decisions);
    }
    if (random.nextInt(3) == 0) {
      o = o.withDormantAfter(Duration.ofDays(1 + random.nextInt(400)));
    }
    if (random.nextInt(3) == 0) {
      o = o.withOwnDomains(Set.of("corp.example"));
    }
    if (random.nextInt(4) == 0) {
      o = o.withPrivilegedGroups(new PrivilegedGroups(Set.of("wheel"), List.of("ops")));
    }
    return o;
  }

  private static void write(Path dir, Random random, int people) throws IOException {
    StringBuilder hr =
        new StringBuilder(
            "employee_id,email,given_name,family_name,department,title,manager_id,status,"
                + "hire_date,termination_date,username\n");
    for (int i = 0; i < people; i++) {
      int left = random.nextInt(4);
      String status = left == 0 ? "terminated" : left == 1 ? "leave" : "active";
      String termination =
          left == 0 || random.nextInt(6) == 0
              ? "2023-" + two(1 + random.nextInt(12)) + "-" + two(1 + random.nextInt(28))
              : "";
      if (left == 0 && random.nextBoolean()) {
        termination = "2024-" + two(1 + random.nextInt(12)) + "-10";
      }
      hr.append("E")
          .append(i)
          .append(',')
          .append(random.nextInt(4) == 0 ? "" : email(random))
          .append(',')
          .append(
              random.nextInt(5) == 0
                  ? ""
                  : random.nextInt(6) == 0 ? "Giv" : "Given" + random.nextInt(3))
          .append(',')
          .append(random.nextInt(5) == 0 ? "" : "Family" + random.nextInt(3))
          .append(",Dept,Engineer,,")
          .append(status)
          .append(',')
          .append(random.nextInt(8) == 0 ? "2024-06-01" : "2020-01-10")
          .append(',')
          .append(termination)
          .append(',')
          .append(random.nextInt(3) == 0 ? "" : NAMES[random.nextInt(NAMES.length)])
          .append('\n');
    }
    Files.writeString(dir.resolve("hr.csv"), hr, StandardCharsets.UTF_8);
    Files.createDirectories(dir.resolve("accounts"));
    int systems = random.nextInt(4);
    for (int s = 0; s < systems; s++) {
      StringBuilder csv =
          new StringBuilder(
              "account_id,username,email,employee_id,enabled,privileged,last_login,created,groups\n");
      int n = random.nextInt(40);
      for (int i = 0; i < n; i++) {
        csv.append("a")
            .append(i)
            .append(',')
            .append(random.nextInt(3) == 0 ? "" : NAMES[random.nextInt(NAMES.length)])
            .append(',')
            .append(random.nextInt(3) == 0 ? email(random) : "")
            .append(',')
            .append(random.nextInt(3) == 0 ? "E" + random.nextInt(people + 2) : "")
            .append(',')
            .append(random.nextInt(5) > 0)
            .append(',')
            .append(random.nextInt(8) == 0)
            .append(',')
            .append(
                random.nextInt(4) == 0
                    ? ""
                    : "202"
                        + (2 + random.nextInt(3))
                        + "-"
                        + two(1 + random.nextInt(12))
                        + "-03T08:00:00Z")
            .append(',')
            .append(random.nextInt(4) == 0 ? "" : "202" + random.nextInt(5) + "-02-01T00:00:00Z")
            .append(',')
            .append(
                random.nextInt(6) == 0
                    ? (random.nextBoolean() ? "Domain Admins" : "wheel;ops-team")
                    : "")
            .append('\n');
      }
      Files.writeString(dir.resolve("accounts/sys" + s + ".csv"), csv, StandardCharsets.UTF_8);
    }
    StringBuilder secrets =
        new StringBuilder(
            "secret_id,kind,system,location,created,last_rotated,max_age,custodians\n");
    int secretCount = random.nextInt(6);
    for (int i = 0; i < secretCount; i++) {
      secrets
          .append("sec-")
          .append(i)
          .append(',')
          .append(i % 2 == 0 ? "signing-key" : "api-key")
          .append(",sys0,")
          .append(i % 2 == 0 ? "transit/keys/k" + i : "secret/data/app" + i)
          .append(",2021-01-01,")
          .append(random.nextBoolean() ? "2023-03-01" : "")
          .append(',')
          .append(random.nextBoolean() ? "90d" : "")
          .append(",E")
          .append(random.nextInt(people))
          .append('\n');
    }
    Files.writeString(dir.resolve("secrets.csv"), secrets, StandardCharsets.UTF_8);
    StringBuilder log = new StringBuilder();
    int lines = secretCount == 0 ? 0 : random.nextInt(30);
    for (int n = 0; n < lines; n++) {
      int s = random.nextInt(secretCount);
      String path =
          s % 2 == 0
              ? (random.nextBoolean()
                  ? "transit/export/signing-key/k" + s + "/1"
                  : "transit/keys/k" + s)
              : "secret/data/app" + s;
      log.append("{\"time\":\"2023-")
          .append(two(1 + random.nextInt(12)))
          .append("-05T10:00:00Z\",\"type\":\"request\",\"auth\":{\"display_name\":\"oidc-")
          .append(NAMES[random.nextInt(3)].toLowerCase(java.util.Locale.ROOT))
          .append("\"},\"request\":{\"id\":\"r")
          .append(n)
          .append("\",\"operation\":\"read\",\"path\":\"")
          .append(path)
          .append("\"}}\n");
    }
    Files.writeString(dir.resolve("vault-audit.log"), log, StandardCharsets.UTF_8);
  }

  private static String email(Random random) {
    return NAMES[random.nextInt(4)].toLowerCase(java.util.Locale.ROOT)
        + "@"
        + DOMAINS[random.nextInt(DOMAINS.length)];
  }

  private static String two(int n) {
    return n < 10 ? "0" + n : "" + n;
  }
}
