package dev.haechi.demo.government;

import dev.haechi.demo.output.SeededStreams;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The government's systems, their databases and backups. A shared platform comes first — the
 * government-wide sign-on ({@code gov-auth}), the interchange gateway, messaging, the document
 * system, the G-Drive file store and the agency's own resource inventory, most of it only in the
 * 5th-floor room — then the public services (정부24 first), then agency systems. A system depends
 * only on systems listed before it and on databases, so the dependency graph has no cycles by
 * construction.
 *
 * <p>Planted: {@code gov-auth} and {@code nirs-inventory} run in the 5th-floor room alone (single
 * points of failure: every public service signs in through the first, and the interchange gateway
 * reads its registry from the second, whose only backup is kept in the same room); {@code g-drive}
 * (858 TB) has no backup and no replica; about 38% of backed-up databases are backed up monthly,
 * and some of those promise an RPO of 24 hours.
 */
record GovernmentCatalog(
    List<CatalogEntity> components,
    List<CatalogEntity> resources,
    List<Backup> backups,
    List<String> monthlyWithDailyRpo) {

  static final LocalDate AS_OF = LocalDate.of(2025, 9, 25);
  static final String FILE_STORE = "g-drive";
  static final String INVENTORY = "nirs-inventory";
  static final String PLATFORM_OWNER = "nirs";
  static final String PLATFORM_SYSTEM = "gov-platform";

  private static final String[] RTO = {"", "3h", "24h", "72h", "7d"};

  /** NIRS: 38% of systems were backed up only monthly. */
  static final double MONTHLY_SHARE = 0.38;

  static GovernmentCatalog generate(SeededStreams seeds, GovernmentSizes sizes) {
    return new Builder(seeds, sizes).build();
  }

  /** Holds the state of one generation. */
  private static final class Builder {
    final SplittableRandom random;
    final SplittableRandom backupRandom;
    final GovernmentSizes sizes;
    final int[] remaining = new int[5];
    final List<CatalogEntity> components = new ArrayList<>();
    final List<CatalogEntity> resources = new ArrayList<>();
    final List<Backup> backups = new ArrayList<>();
    final List<String> monthlyWithDailyRpo = new ArrayList<>();
    final Map<String, List<CatalogEntity>> byAgency = new HashMap<>();
    final Map<String, List<CatalogEntity>> dbsByAgency = new HashMap<>();
    final Set<String> names = new HashSet<>();

    /**
     * Error diffusion keeps the share of monthly backups within one backup of {@link
     * #MONTHLY_SHARE} at every scale while still scattering them.
     */
    double monthlyDebt;

    Builder(SeededStreams seeds, GovernmentSizes sizes) {
      this.random = seeds.stream("government.catalog");
      this.backupRandom = seeds.stream("government.backups");
      this.sizes = sizes;
      for (int g = 1; g <= 4; g++) {
        remaining[g] = sizes.grade(g);
      }
    }

    GovernmentCatalog build() {
      platform();
      int publicCount =
          Math.min(
              Agencies.PUBLIC_SERVICES.size(),
              Math.max(3, (int) Math.round(sizes.components() * 35 / 709.0)));
      for (int i = 0; i < publicCount; i++) {
        String[] s = Agencies.PUBLIC_SERVICES.get(i);
        int grade = i == 0 || (i % 3 != 2 && remaining[1] > 0) ? 1 : remaining[2] > 0 ? 2 : 3;
        take(grade);
        CatalogEntity c =
            component(
                s[0], s[1], s[2], grade, i == 0 ? "website" : "service", s[0].equals("gov24"));
        c.publicName = s[1];
        c.dependsOn.add(0, "component:default/gov-auth");
      }
      List<Integer> grades = new ArrayList<>();
      for (int g = 1; g <= 4; g++) {
        for (int k = 0; k < remaining[g]; k++) {
          grades.add(g);
        }
      }
      shuffle(grades);
      List<String> agencyNames = agencySystemNames(grades.size());
      for (int i = 0; i < grades.size(); i++) {
        String name = agencyNames.get(i);
        String agency = name.substring(0, name.indexOf('-'));
        CatalogEntity c = component(name, null, agency, grades.get(i), "service", false);
        if (random.nextInt(100) < 45) {
          c.dependsOn.add(0, "component:default/gov-auth");
        }
      }
      return new GovernmentCatalog(
          List.copyOf(components),
          List.copyOf(resources),
          List.copyOf(backups),
          List.copyOf(monthlyWithDailyRpo));
    }

    private void take(int grade) {
      remaining[grade]--;
    }

    /** The shared platform, placed by hand. */
    private void platform() {
      CatalogEntity fileStore =
          new CatalogEntity(
              "Resource", FILE_STORE, "file-store", PLATFORM_OWNER, PLATFORM_SYSTEM, 2);
      fileStore.title = "G드라이브 저장소";
      fileStore.description =
          "Shared file store of 125,000 officials, 858 TB. No backup and no replica.";
      fileStore.rto = "72h";
      fileStore.rpo = "24h";
      fileStore.restoreEffort = 160;
      fileStore.placement.add(PhysicalEstate.FIRE_ROOM + ":primary");
      resources.add(fileStore);

      platformComponent("gov-auth", "행정전자서명 인증 (GPKI)", 1, "dj-5f-r7:active");
      CatalogEntity inventory =
          platformComponent(INVENTORY, "자원관리 시스템 (정보자원 현황)", 2, "dj-5f-r7:active");
      inventory.description =
          "The agency's own inventory of systems and where they run, and the interchange"
              + " gateway's endpoint registry; itself in one room only.";
      CatalogEntity inventoryDb = database(inventory, 2);
      inventoryDb.placement.add(PhysicalEstate.FIRE_ROOM + ":primary");
      inventoryDb.rpo = "24h";
      backups.add(
          new Backup(
              inventoryDb.name + "-daily",
              inventoryDb.ref(),
              PhysicalEstate.FIRE_ROOM,
              "24h",
              AS_OF + "T02:00:00+09:00",
              null,
              false));
      inventory.dependsOn.add(inventoryDb.ref());
      CatalogEntity gateway =
          platformComponent(
              "gov-gateway", "행정정보 공동이용 연계", 1, "dj-5f-r7:active", "gj-1f-r1:standby");
      gateway.description =
          "Interchange between agencies; reads its endpoint registry from nirs-inventory.";
      gateway.dependsOn.add("component:default/" + INVENTORY);
      platformComponent("gov-msg", "범정부 메시징", 2, "dj-5f-r7:active");
      CatalogEntity onnara = platformComponent("onnara", "온나라 업무관리", 2, "dj-5f-r7:active");
      onnara.dependsOn.add("component:default/gov-auth");
      onnara.dependsOn.add("resource:default/" + FILE_STORE);
      CatalogEntity mail = platformComponent("gov-mail", "정부 메일", 2, "dj-5f-r8:active");
      mail.dependsOn.add("component:default/gov-auth");
      CatalogEntity gdrive = platformComponent("gdrive-web", "G드라이브", 3, "dj-5f-r7:active");
      gdrive.dependsOn.add("component:default/gov-auth");
      gdrive.dependsOn.add("resource:default/" + FILE_STORE);
      for (String[] ops :
          new String[][] {{"nirs-monitoring", "통합 관제"}, {"nirs-service-desk", "장애 접수 데스크"}}) {
        CatalogEntity c = platformComponent(ops[0], ops[1], 3, "dj-4f-r1:active");
        c.dependsOn.add("component:default/" + INVENTORY);
      }
    }

    private CatalogEntity platformComponent(
        String name, String title, int grade, String... placement) {
      take(grade);
      CatalogEntity c =
          new CatalogEntity("Component", name, "service", PLATFORM_OWNER, PLATFORM_SYSTEM, grade);
      c.title = title;
      c.rto = RTO[grade];
      c.restoreEffort = effort(grade);
      c.placement.addAll(List.of(placement));
      names.add(name);
      components.add(c);
      return c;
    }

    /** A graded system with its database, dependencies and placement. */
    private CatalogEntity component(
        String name, String title, String agency, int grade, String type, boolean fireRoom) {
      CatalogEntity c =
          new CatalogEntity("Component", name, type, agency, agency + "-services", grade);
      c.title = title;
      c.rto = RTO[grade];
      c.restoreEffort = effort(grade);
      String zone = fireRoom ? PhysicalEstate.FIRE_ROOM : activeZone(grade);
      c.placement.add(zone + ":active");
      int standbyChance = grade == 1 ? 40 : grade == 2 ? 15 : 0;
      if (!fireRoom && random.nextInt(100) < standbyChance) {
        c.placement.add(otherSiteRoom(zone) + ":standby");
      }
      List<CatalogEntity> agencyDbs = dbsByAgency.computeIfAbsent(agency, a -> new ArrayList<>());
      if (agencyDbs.isEmpty() || random.nextInt(100) < (grade == 1 ? 90 : 65)) {
        CatalogEntity db = database(c, grade);
        agencyDbs.add(db);
        c.dependsOn.add(db.ref());
      } else {
        c.dependsOn.add(agencyDbs.get(random.nextInt(agencyDbs.size())).ref());
      }
      if (random.nextInt(100) < 35) {
        c.dependsOn.add("component:default/gov-gateway");
      }
      if (random.nextInt(100) < 15) {
        c.dependsOn.add("component:default/gov-msg");
      }
      if (random.nextInt(100) < 3) {
        c.dependsOn.add("resource:default/" + FILE_STORE);
      }
      List<CatalogEntity> earlier = byAgency.computeIfAbsent(agency, a -> new ArrayList<>());
      for (int k = 0; k < 2 && !earlier.isEmpty(); k++) {
        if (random.nextBoolean()) {
          String ref = earlier.get(random.nextInt(earlier.size())).ref();
          if (!c.dependsOn.contains(ref)) {
            c.dependsOn.add(ref);
          }
        }
      }
      earlier.add(c);
      names.add(name);
      components.add(c);
      return c;
    }

    private String activeZone(int grade) {
      int roll = random.nextInt(100);
      if (grade <= 2) {
        return roll < 55
            ? PhysicalEstate.FIRE_ROOM
            : roll < 70 ? "dj-5f-r8" : roll < 80 ? "dj-4f-r1" : roll < 92 ? "gj-1f-r1" : "dg-1f-r1";
      }
      return roll < 10
          ? PhysicalEstate.FIRE_ROOM
          : roll < 20
              ? "dj-5f-r8"
              : roll < 35
                  ? "dj-4f-r1"
                  : roll < 50
                      ? "dj-3f-r2"
                      : roll < 60
                          ? "dj-2f-r3"
                          : roll < 70
                              ? "gj-1f-r1"
                              : roll < 80 ? "gj-2f-r1" : roll < 90 ? "dg-1f-r1" : "dg-2f-r1";
    }

    private String otherSiteRoom(String zone) {
      return PhysicalEstate.siteOf(zone).equals("gwangju")
          ? "dg-2f-r1"
          : random.nextBoolean() ? "gj-2f-r1" : "dg-2f-r1";
    }

    /** A database for {@code owner}, with replica, backup and RPO. */
    private CatalogEntity database(CatalogEntity owner, int grade) {
      CatalogEntity db =
          new CatalogEntity(
              "Resource", owner.name + "-db", "database", owner.owner, owner.system, grade);
      db.rto = RTO[grade];
      db.restoreEffort = effort(grade) + 4;
      resources.add(db);
      if (owner.name.equals(INVENTORY)) {
        return db;
      }
      String primary = owner.mainZone();
      db.placement.add(primary + ":primary");
      int replicaChance = grade == 1 ? 60 : grade == 2 ? 25 : 5;
      String replica = null;
      if (random.nextInt(100) < replicaChance) {
        if (grade == 1 && random.nextBoolean()) {
          replica = "replica-sync";
          db.placement.add(sameSiteRoom(primary) + ":replica-sync");
        } else {
          replica = "replica-async";
          db.placement.add(otherSiteRoom(primary) + ":replica-async");
        }
      }
      monthlyDebt += MONTHLY_SHARE;
      boolean monthly = monthlyDebt >= 0.5 + backupRandom.nextDouble() / 2;
      if (monthly) {
        monthlyDebt -= 1;
      }
      int roll = backupRandom.nextInt(100);
      String vault =
          roll < 70
              ? "gj-b1-vault"
              : roll < 90 ? "dj-b1-vault" : roll < 95 ? "dg-b1-vault" : primary;
      String lastSuccess =
          monthly
              ? AS_OF.minusDays(1 + backupRandom.nextInt(28)) + "T03:00:00+09:00"
              : AS_OF + "T02:00:00+09:00";
      String restoreTest =
          backupRandom.nextInt(100) < 55
              ? LocalDate.of(2025, 1, 6).plusDays(backupRandom.nextInt(230)).toString()
              : null;
      backups.add(
          new Backup(
              db.name + (monthly ? "-monthly" : "-daily"),
              db.ref(),
              vault,
              monthly ? "30d" : "24h",
              lastSuccess,
              restoreTest,
              backupRandom.nextInt(100) < 45));
      if ("replica-sync".equals(replica)) {
        db.rpo = "0";
      } else if (replica != null) {
        db.rpo = "1h";
      } else if (!monthly) {
        db.rpo = "24h";
      } else if (backupRandom.nextInt(100) < 30) {
        db.rpo = "24h";
        monthlyWithDailyRpo.add(db.name);
      } else {
        db.rpo = "30d";
      }
      return db;
    }

    private String sameSiteRoom(String zone) {
      List<String> rooms =
          switch (PhysicalEstate.siteOf(zone)) {
            case "daejeon" -> PhysicalEstate.DAEJEON_ROOMS;
            case "gwangju" -> PhysicalEstate.GWANGJU_ROOMS;
            default -> PhysicalEstate.DAEGU_ROOMS;
          };
      String other;
      do {
        other = rooms.get(random.nextInt(rooms.size()));
      } while (other.equals(zone));
      return other;
    }

    private int effort(int grade) {
      int[] base = {0, 8, 6, 4, 2};
      int[] spread = {0, 33, 25, 17, 11};
      return base[grade] + random.nextInt(spread[grade]);
    }

    private List<String> agencySystemNames(int count) {
      List<String> candidates = new ArrayList<>();
      for (String[] a : Agencies.AGENCIES) {
        for (String f : Agencies.FUNCTIONS) {
          candidates.add(a[0] + "-" + f);
        }
      }
      shuffle(candidates);
      List<String> result = new ArrayList<>();
      for (int round = 0; result.size() < count; round++) {
        for (String base : candidates) {
          if (result.size() == count) {
            break;
          }
          String name =
              round == 0
                  ? base
                  : base
                      + "-"
                      + Agencies.VARIANTS[(round - 1) % Agencies.VARIANTS.length]
                      + (round > Agencies.VARIANTS.length ? "-" + round : "");
          if (names.add(name)) {
            result.add(name);
          }
        }
      }
      return result;
    }

    private <T> void shuffle(List<T> list) {
      for (int i = list.size() - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        T t = list.get(i);
        list.set(i, list.get(j));
        list.set(j, t);
      }
    }
  }
}
