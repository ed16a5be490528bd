package dev.haechi.demo.retailer;

import dev.haechi.demo.output.SeededStreams;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The retailer's people: hires since 2010, with three years of joiners and leavers over the window
 * of {@link KeyLeaverStory}, managers inside each department, and the key leaver and his manager at
 * fixed positions.
 *
 * @param people in employee-ID order
 * @param keyLeader index of the key-management engineer who left
 * @param keyLead index of his manager, the key's listed custodian
 */
record Roster(List<Person> people, int keyLeader, int keyLead) {

  private static final String[] FAMILY = {
    "Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh", "Seo",
    "Shin", "Kwon", "Hwang", "Ahn", "Song", "Jeon", "Hong", "Yoo", "Ko", "Moon", "Yang", "Son"
  };
  private static final double[] FAMILY_WEIGHT = {
    21, 15, 8, 5, 5, 2.5, 2.5, 2.5, 2, 2, 2, 2, 1.8, 1.5, 1.3, 1.3, 1.3, 1.3, 1.1, 1.1, 1, 0.9, 0.9,
    0.9, 0.9
  };
  private static final String[] GIVEN = {
    "Min-jun",
    "Seo-yeon",
    "Ji-ho",
    "Ha-eun",
    "Do-yun",
    "Ji-woo",
    "Seo-jun",
    "Su-ah",
    "Ye-jun",
    "Ji-an",
    "Si-woo",
    "Seo-ah",
    "Ju-won",
    "Ha-yoon",
    "Hyun-woo",
    "Ji-yoo",
    "Jun-ho",
    "Chae-won",
    "Eun-woo",
    "Yu-na",
    "Ji-hoon",
    "Min-seo",
    "Sung-min",
    "Da-eun",
    "Tae-yang",
    "Soo-jin",
    "Young-ho",
    "Mi-kyung",
    "Jae-won",
    "Hye-jin",
    "Dong-hyun",
    "Eun-ji",
    "Kyung-soo",
    "Na-yeon",
    "Sang-woo",
    "Bo-ra",
    "Jin-young",
    "So-yeon",
    "Hyun-jin",
    "Ye-eun",
    "Seung-hoon",
    "Ga-eun",
    "Woo-jin",
    "Min-ji",
    "Jae-hoon",
    "Yeon-woo",
    "In-ho",
    "Su-bin",
    "Joon-young",
    "Hae-won"
  };

  static Roster generate(SeededStreams seeds, RetailerSizes sizes) {
    SplittableRandom random = seeds.stream("retailer.people");
    int n = sizes.employees();
    int leader = (int) (n * 0.37);
    int lead = (int) (n * 0.11);
    Department[] departments = Department.values();
    double[] weights = new double[departments.length];
    for (int i = 0; i < departments.length; i++) {
      weights[i] = departments[i].weight;
    }
    Map<String, Integer> taken = new HashMap<>();
    taken.put(KeyLeaverStory.LEAVER_USERNAME, 1);
    List<Person> people = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String id = "E" + (100_001 + i);
      if (i == leader) {
        people.add(
            new Person(
                i,
                id,
                KeyLeaverStory.LEAVER_GIVEN,
                KeyLeaverStory.LEAVER_FAMILY,
                KeyLeaverStory.LEAVER_USERNAME,
                Department.PLATFORM,
                KeyLeaverStory.LEAVER_TITLE,
                "",
                "terminated",
                KeyLeaverStory.LEAVER_HIRED,
                KeyLeaverStory.LEAVER_LEFT));
        continue;
      }
      String family = FAMILY[SeededStreams.weighted(random, FAMILY_WEIGHT)];
      String given = SeededStreams.pick(random, GIVEN);
      Department department =
          i == 0 ? Department.EXECUTIVE : departments[SeededStreams.weighted(random, weights)];
      if (i == lead) {
        department = Department.PLATFORM;
      }
      String title =
          i == 0
              ? "Chief Executive Officer"
              : i == lead
                  ? KeyLeaverStory.LEAD_TITLE
                  : department.titles.get(random.nextInt(department.titles.size()));
      LocalDate hired = hireDate(random, i, lead);
      LocalDate left = i == 0 || i == lead ? null : terminationDate(random, hired);
      String status =
          left != null ? "terminated" : (i > 0 && random.nextInt(100) < 3 ? "leave" : "active");
      if (i == lead) {
        status = "active";
      }
      String base = (given.substring(0, 1) + family).toLowerCase(java.util.Locale.ROOT);
      int count = taken.merge(base, 1, Integer::sum);
      String username = count == 1 ? base : base + count;
      people.add(
          new Person(i, id, given, family, username, department, title, "", status, hired, left));
    }
    assignManagers(people, random, leader, lead);
    return new Roster(List.copyOf(people), leader, lead);
  }

  private static LocalDate hireDate(SplittableRandom random, int i, int lead) {
    if (i == 0) {
      return LocalDate.of(2010, 1, 4);
    }
    if (i == lead) {
      return LocalDate.of(2018, 3, 5);
    }
    if (random.nextInt(100) < 55) {
      return between(random, LocalDate.of(2010, 1, 4), KeyLeaverStory.WINDOW_START.minusDays(1));
    }
    return between(random, KeyLeaverStory.WINDOW_START, KeyLeaverStory.WINDOW_END);
  }

  private static LocalDate terminationDate(SplittableRandom random, LocalDate hired) {
    boolean joinedInWindow = !hired.isBefore(KeyLeaverStory.WINDOW_START);
    if (random.nextInt(1000) >= (joinedInWindow ? 220 : 160)) {
      return null;
    }
    LocalDate from = hired.plusDays(30);
    if (from.isBefore(KeyLeaverStory.WINDOW_START)) {
      from = KeyLeaverStory.WINDOW_START;
    }
    if (from.isAfter(KeyLeaverStory.WINDOW_END)) {
      return null;
    }
    return between(random, from, KeyLeaverStory.WINDOW_END);
  }

  static LocalDate between(SplittableRandom random, LocalDate from, LocalDate to) {
    long days = to.toEpochDay() - from.toEpochDay();
    return from.plusDays(days <= 0 ? 0 : random.nextLong(days + 1));
  }

  /**
   * Each department gets a head (its first active member, reporting to the CEO) and one manager per
   * twelve people (its next active members, reporting to the head); everyone else reports to one of
   * the department's managers. The key leaver reports to the key lead.
   */
  private static void assignManagers(
      List<Person> people, SplittableRandom random, int leader, int lead) {
    Map<Department, List<Integer>> byDepartment = new EnumMap<>(Department.class);
    for (Person p : people) {
      byDepartment.computeIfAbsent(p.department(), d -> new ArrayList<>()).add(p.index());
    }
    String ceo = people.get(0).employeeId();
    for (List<Integer> members : byDepartment.values()) {
      List<Integer> managers = new ArrayList<>();
      java.util.Set<Integer> isManager = new java.util.HashSet<>();
      int wanted = Math.max(1, members.size() / 12);
      for (int i : members) {
        if (managers.size() < wanted + 1 && people.get(i).active() && i != 0) {
          managers.add(i);
          isManager.add(i);
        }
      }
      if (managers.isEmpty()) {
        managers.add(0);
      }
      String head = people.get(managers.get(0)).employeeId();
      for (int i : members) {
        if (i == 0) {
          continue;
        }
        String manager;
        if (i == managers.get(0)) {
          manager = ceo;
        } else if (isManager.contains(i)) {
          manager = head;
        } else {
          manager =
              people
                  .get(
                      managers.get(
                          managers.size() == 1 ? 0 : 1 + random.nextInt(managers.size() - 1)))
                  .employeeId();
        }
        people.set(i, people.get(i).withManager(manager));
      }
    }
    people.set(leader, people.get(leader).withManager(people.get(lead).employeeId()));
  }
}
