package dev.haechi.demo.retailer;

import dev.haechi.demo.output.SeededStreams;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Plants accounts that belong to no one on the roster: test users, departed contractors and
 * forgotten integrations. Their usernames hold a hyphen, which no employee's does, their e-mail
 * addresses are outside the company's domain, and their employee numbers (when the system exports
 * one) are contractor numbers that are not on the roster, so that no matching rule can tie them to
 * a person. All are enabled and were used within the last six weeks; the first one, in the
 * directory, is a Domain Admin.
 */
final class Orphans {
  private static final AccountSystem[] ROTATION = {
    AccountSystem.CORP_AD,
    AccountSystem.GITHUB,
    AccountSystem.AWS_PROD,
    AccountSystem.VPN,
    AccountSystem.IDP,
    AccountSystem.JIRA,
    AccountSystem.CRM,
    AccountSystem.WMS,
    AccountSystem.CI,
    AccountSystem.COLLAB,
    AccountSystem.ERP,
    AccountSystem.AWS_ANALYTICS
  };
  private static final String[] NAMES = {
    "adm-legacy-backup",
    "contractor-0193",
    "deploy-bot-2021",
    "test-user-01",
    "temp-audit-07",
    "vendor-nexsoft",
    "qa-load-03",
    "ext-consult-12",
    "migration-2022",
    "partner-logis-4",
    "old-sso-sync",
    "intern-2023-09"
  };

  private Orphans() {}

  /** Adds the orphans to {@code accounts} and returns them. */
  static List<Account> plant(
      SplittableRandom random, RetailerSizes sizes, Map<AccountSystem, List<Account>> accounts) {
    List<Account> orphans = new ArrayList<>();
    for (int i = 0; i < sizes.orphanAccounts(); i++) {
      AccountSystem system = ROTATION[i % ROTATION.length];
      String name = NAMES[i % NAMES.length] + (i < NAMES.length ? "" : "-" + (i / NAMES.length));
      String contractor = "C" + (20_000 + 37 * i);
      String email = name + "@partner.example";
      LocalDate created = LocalDate.of(2019, 1, 1).plusDays(random.nextInt(1500));
      String id =
          switch (system.format) {
            case LDIF -> "CN=" + name + ",OU=Contractors," + AccountPlan.AD_BASE;
            case SCIM -> SeededStreams.uuid(random).toString();
            case AWS ->
                "arn:aws:iam::"
                    + (system == AccountSystem.AWS_PROD
                        ? AccountPlan.AWS_PROD_ACCOUNT
                        : AccountPlan.AWS_ANALYTICS_ACCOUNT)
                    + ":user/"
                    + name;
            case CSV -> system.systemName + "-9" + (10_000 + i);
          };
      Account orphan =
          new Account(
              system.systemName,
              id,
              system.exportsUsername() || system.format != AccountSystem.Format.CSV ? name : null,
              system.exportsEmail() && system.format != AccountSystem.Format.AWS ? email : null,
              system.exportsEmployeeId() ? contractor : null,
              null,
              true,
              i == 0,
              AccountPlan.dayAt(KeyLeaverStory.AS_OF.minusDays(1 + random.nextInt(40)), random),
              created,
              name);
      accounts.get(system).add(orphan);
      orphans.add(orphan);
    }
    return List.copyOf(orphans);
  }
}
