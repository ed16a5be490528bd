package dev.haechi.demo.retailer;

import dev.haechi.demo.output.SeededStreams;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Decides every account in every system, and plants three kinds of finding in known numbers:
 * leavers' accounts left enabled, orphan accounts, and dormant privileged accounts of current
 * employees. Everything else is kept clean so that the counts in the manifest are exact: leavers'
 * other accounts are disabled or deleted, privileged accounts of current employees logged in within
 * the last three weeks, and orphans are enabled, unprivileged except one, and recently used.
 *
 * @param accounts per system, in the order written
 * @param leaverEnabled the planted leavers' enabled accounts
 * @param orphans the planted accounts without a person
 * @param dormantPrivileged the planted privileged accounts unused for 200+ days
 */
record AccountPlan(
    Map<AccountSystem, List<Account>> accounts,
    List<Account> leaverEnabled,
    List<Account> orphans,
    List<Account> dormantPrivileged) {

  static final String AD_BASE = "DC=corp,DC=retailer,DC=example";
  static final String AWS_PROD_ACCOUNT = "412398706651";
  static final String AWS_ANALYTICS_ACCOUNT = "587210934412";

  private static final AccountSystem[] PLANTABLE = {
    AccountSystem.CORP_AD,
    AccountSystem.IDP,
    AccountSystem.GITHUB,
    AccountSystem.CI,
    AccountSystem.JIRA,
    AccountSystem.COLLAB,
    AccountSystem.VPN,
    AccountSystem.WMS,
    AccountSystem.CRM,
    AccountSystem.ERP,
    AccountSystem.PAYROLL,
    AccountSystem.POS_ADMIN
  };

  static AccountPlan generate(SeededStreams seeds, Roster roster, RetailerSizes sizes) {
    List<Person> people = roster.people();
    SplittableRandom planting = seeds.stream("retailer.planted");
    Map<Integer, AccountSystem> leaverPlants = new HashMap<>();
    List<Integer> leavers = new ArrayList<>();
    for (Person p : people) {
      if (p.terminated() && p.index() != roster.keyLeader()) {
        leavers.add(p.index());
      }
    }
    shuffle(leavers, planting);
    for (int i = 0; i < Math.min(sizes.leaverEnabledAccounts(), leavers.size()); i++) {
      Person p = people.get(leavers.get(i));
      leaverPlants.put(p.index(), plantableFor(p.department(), planting));
    }
    Map<Integer, AccountSystem> dormantPlants = new HashMap<>();
    List<Integer> engineers = new ArrayList<>();
    for (Person p : people) {
      if (p.active()
          && p.department().technical()
          && p.index() != roster.keyLead()
          && p.hireDate().isBefore(LocalDate.of(2023, 6, 1))) {
        engineers.add(p.index());
      }
    }
    shuffle(engineers, planting);
    AccountSystem[] privilegedSystems = {
      AccountSystem.CORP_AD, AccountSystem.GITHUB, AccountSystem.CORP_AD
    };
    for (int i = 0; i < Math.min(sizes.dormantPrivilegedAccounts(), engineers.size()); i++) {
      dormantPlants.put(engineers.get(i), privilegedSystems[i % privilegedSystems.length]);
    }

    Map<AccountSystem, List<Account>> all = new EnumMap<>(AccountSystem.class);
    List<Account> leaverEnabled = new ArrayList<>();
    List<Account> dormant = new ArrayList<>();
    for (AccountSystem system : AccountSystem.values()) {
      SplittableRandom random = seeds.stream("retailer.accounts." + system.systemName);
      List<Account> list = new ArrayList<>();
      for (Person p : people) {
        boolean has = random.nextDouble() < system.coverage(p.department());
        boolean plantedLeaver = leaverPlants.get(p.index()) == system;
        boolean plantedDormant = dormantPlants.get(p.index()) == system;
        Account a;
        if (p.index() == roster.keyLeader()) {
          a = keyLeaverAccount(system, p, random);
        } else if (plantedLeaver) {
          boolean privileged =
              random.nextInt(10) == 0 && system.format != AccountSystem.Format.SCIM;
          a = account(system, p, true, privileged, beforeLeaving(p, random), random);
          leaverEnabled.add(a);
        } else if (plantedDormant) {
          Instant last = dayAt(KeyLeaverStory.AS_OF.minusDays(200 + random.nextInt(500)), random);
          a = account(system, p, true, true, last, random);
          dormant.add(a);
        } else if (!has) {
          a = null;
        } else if (p.terminated()) {
          long since = KeyLeaverStory.AS_OF.toEpochDay() - p.terminationDate().toEpochDay();
          int deletedPercent = since > 365 ? 60 : system == AccountSystem.CORP_AD ? 10 : 35;
          a =
              random.nextInt(100) < deletedPercent || system.format == AccountSystem.Format.AWS
                  ? null
                  : account(system, p, false, false, beforeLeaving(p, random), random);
        } else {
          boolean privileged =
              p.active() && random.nextDouble() < privilegedRate(system, p.department());
          a = account(system, p, true, privileged, currentLogin(p, privileged, random), random);
        }
        if (a != null) {
          list.add(a);
        }
      }
      all.put(system, list);
    }
    List<Account> orphans = Orphans.plant(seeds.stream("retailer.orphans"), sizes, all);
    for (Map.Entry<AccountSystem, List<Account>> e : all.entrySet()) {
      e.setValue(List.copyOf(e.getValue()));
    }
    return new AccountPlan(all, List.copyOf(leaverEnabled), orphans, List.copyOf(dormant));
  }

  private static double privilegedRate(AccountSystem system, Department d) {
    if (system == AccountSystem.CORP_AD) {
      return d == Department.PLATFORM || d == Department.SECURITY ? 0.06 : 0;
    }
    return system.privilegedRate;
  }

  private static AccountSystem plantableFor(Department d, SplittableRandom random) {
    List<AccountSystem> options = new ArrayList<>();
    for (AccountSystem s : PLANTABLE) {
      if (s.coverage(d) > 0) {
        options.add(s);
      }
    }
    return options.get(random.nextInt(options.size()));
  }

  private static Account keyLeaverAccount(AccountSystem system, Person p, SplittableRandom random) {
    boolean has =
        switch (system) {
          case CORP_AD, IDP, GITHUB, CI, JIRA, COLLAB, VPN -> true;
          default -> false;
        };
    if (!has) {
      return null;
    }
    Instant last = KeyLeaverStory.LEAVER_LEFT.atTime(17, 48).toInstant(KeyLeaverStory.KST);
    return account(system, p, false, false, last, random);
  }

  /** An account of {@code p} in {@code system}, with the identifiers that system exports. */
  static Account account(
      AccountSystem system,
      Person p,
      boolean enabled,
      boolean privileged,
      Instant lastLogin,
      SplittableRandom random) {
    LocalDate created =
        (p.hireDate().isBefore(system.launched) ? system.launched : p.hireDate())
            .plusDays(random.nextInt(3));
    String id =
        switch (system.format) {
          case LDIF ->
              "CN=" + p.displayName() + " (" + p.username() + "),OU=" + ou(p) + "," + AD_BASE;
          case SCIM -> SeededStreams.uuid(random).toString();
          case AWS ->
              "arn:aws:iam::"
                  + (system == AccountSystem.AWS_PROD ? AWS_PROD_ACCOUNT : AWS_ANALYTICS_ACCOUNT)
                  + ":user/"
                  + p.username();
          case CSV -> system.systemName + "-" + (100_000 + p.index());
        };
    return new Account(
        system.systemName,
        id,
        p.username(),
        p.email(),
        p.employeeId(),
        p,
        enabled,
        privileged,
        lastLogin,
        created,
        p.displayName());
  }

  static String ou(Person p) {
    return p.department().label.replace(" ", "") + ",OU=People";
  }

  private static Instant beforeLeaving(Person p, SplittableRandom random) {
    return dayAt(p.terminationDate().minusDays(random.nextInt(4)), random);
  }

  private static Instant currentLogin(Person p, boolean privileged, SplittableRandom random) {
    int roll = random.nextInt(100);
    int daysAgo;
    if (p.status().equals("leave")) {
      daysAgo = 20 + random.nextInt(60);
    } else if (privileged || roll < 91) {
      daysAgo = random.nextInt(privileged ? 21 : 15);
    } else if (roll < 98) {
      daysAgo = 15 + random.nextInt(60);
    } else {
      daysAgo = 100 + random.nextInt(400);
    }
    LocalDate day = KeyLeaverStory.AS_OF.minusDays(daysAgo + 1L);
    if (day.isBefore(p.hireDate())) {
      day = p.hireDate();
    }
    return dayAt(day, random);
  }

  /** A working-hours instant on {@code day}, Korean time. */
  static Instant dayAt(LocalDate day, SplittableRandom random) {
    LocalTime t = LocalTime.of(8 + random.nextInt(11), random.nextInt(60), random.nextInt(60));
    return day.atTime(t).toInstant(KeyLeaverStory.KST);
  }

  static <T> void shuffle(List<T> list, SplittableRandom random) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      T t = list.get(i);
      list.set(i, list.get(j));
      list.set(j, t);
    }
  }
}
