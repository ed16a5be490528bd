package dev.haechi.demo.retailer;

import dev.haechi.demo.output.SeededStreams;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws the gateway's ordinary traffic over the event window: shop members signing in and reading
 * their own profile, orders, addresses and payment methods (every disclosure is of the member's own
 * data), customer-service agents looking members up in the back office during office hours, and a
 * few privileged administrators, each from the countries they always work from. Every token is
 * signed with the gateway's active key.
 *
 * <p>Volume follows the day: sessions start by Korean local hour with weights shaped like a shop's
 * traffic (quiet at 4 a.m., busiest at 9–10 p.m.). Members are drawn with a skew so that a minority
 * visits often, as in any shop; about 97% of them are in Korea.
 */
final class GatewayBackground {
  static final long HOUR = 3_600_000L;
  static final long DAY = 24 * HOUR;

  private static final double[] KST_HOUR_WEIGHT = {
    3, 2, 1.2, 0.8, 0.6, 0.7, 1.2, 2.5, 4, 5, 5.5, 6, 7, 6, 5.5, 5.5, 6, 6.5, 7, 8, 9, 9.5, 8, 5
  };

  /** Address prefixes by country (the first two octets); geo is stamped, not looked up. */
  private static final String[] KR = {"211.234", "175.223", "118.235", "121.134", "1.225", "59.10"};

  private static final String[] ABROAD = {"JP", "US", "VN", "CN"};
  private static final String[] ABROAD_PREFIX = {"126.78", "73.162", "113.161", "36.112"};

  private static final String[] OWN_PROFILE = {"name", "email", "phone"};
  private static final String[] ORDERS = {"order_history"};
  private static final String[] ORDER = {"name", "address", "order_history"};
  private static final String[] ADDRESSES = {"name", "phone", "address"};
  private static final String[] PAYMENT = {"payment"};
  private static final String[] LOOKUP = {"name", "email", "phone", "address"};

  private static final double[] CUSTOMER_ACTION_WEIGHT = {35, 8, 10, 20, 12, 10, 5};

  /** A back-office principal: an employee by username, with the countries they work from. */
  record Principal(Person person, String role, String[] countries, String[] ips) {}

  private final SplittableRandom random;
  private final RetailerSizes sizes;
  private final GatewayEventLog log;
  private final long start = GatewayStory.WINDOW_START.toEpochMilli();
  private final long span = GatewayStory.WINDOW_END.toEpochMilli() - start;

  private GatewayBackground(SplittableRandom random, RetailerSizes sizes, GatewayEventLog log) {
    this.random = random;
    this.sizes = sizes;
    this.log = log;
  }

  /** Draws the background into {@code log} and returns the privileged principals it used. */
  static List<Principal> generate(
      SplittableRandom random, Roster roster, RetailerSizes sizes, GatewayEventLog log) {
    GatewayBackground background = new GatewayBackground(random, sizes, log);
    List<Principal> agents = background.staff(roster, sizes.supportAgents(), "support", false);
    List<Principal> admins = background.staff(roster, sizes.admins(), "admin", true);
    for (Principal agent : agents) {
      background.agentDays(agent);
    }
    for (Principal admin : admins) {
      background.adminDays(admin);
    }
    while (log.size() < sizes.gatewayEvents()) {
      background.customerSession();
    }
    return admins;
  }

  private void customerSession() {
    int member = GatewayStory.FIRST_MEMBER_ID + skewed(sizes.members());
    String id = Integer.toString(member);
    int where = (int) ((member * 0x9E3779B97F4A7C15L) >>> 57);
    String country = "KR";
    String ip;
    if (where < 124) {
      ip = address(KR[random.nextInt(KR.length)]);
    } else {
      country = ABROAD[where - 124];
      ip = address(ABROAD_PREFIX[where - 124]);
    }
    long t = sessionStart();
    long iat;
    if (random.nextInt(100) < 55) {
      if (random.nextInt(100) < 3) {
        log.add(
            t,
            "auth.login",
            "POST",
            "/api/v1/auth/login",
            401,
            id,
            "member",
            ip,
            country,
            GatewayEventLog.NONE,
            GatewayEventLog.NONE);
        t += 4_000 + random.nextInt(20_000);
      }
      log.add(
          t,
          "auth.login",
          "POST",
          "/api/v1/auth/login",
          200,
          id,
          "member",
          ip,
          country,
          GatewayEventLog.NONE,
          GatewayEventLog.NONE);
      iat = t / 1000;
      t += 800 + random.nextInt(9_000);
    } else {
      iat = t / 1000 - random.nextInt(3_000);
    }
    long exp = iat + 3_600;
    Token token = new Token(id, "member", ip, country, iat, exp);
    String[] self = {id};
    String base = "/api/v1/members/" + id;
    int requests = 1 + random.nextInt(7);
    for (int i = 0; i < requests && t / 1000 < exp; i++) {
      switch (SeededStreams.weighted(random, CUSTOMER_ACTION_WEIGHT)) {
        case 0 ->
            request(
                t,
                token,
                "product.search",
                "GET",
                "/api/v1/products/search",
                GatewayEventLog.NONE,
                GatewayEventLog.NONE);
        case 1 -> request(t, token, "cart.view", "GET", base + "/cart", self, GatewayEventLog.NONE);
        case 2 -> request(t, token, "member.profile", "GET", base, self, OWN_PROFILE);
        case 3 -> request(t, token, "order.list", "GET", base + "/orders", self, ORDERS);
        case 4 ->
            request(t, token, "order.view", "GET", base + "/orders/" + orderNumber(), self, ORDER);
        case 5 -> request(t, token, "address.list", "GET", base + "/addresses", self, ADDRESSES);
        default ->
            request(t, token, "payment.list", "GET", base + "/payment-methods", self, PAYMENT);
      }
      t += 2_000 + random.nextInt(88_000);
    }
  }

  /** Each agent's working days: signs in at about 9 a.m. KST and looks members up until 6 p.m. */
  private void agentDays(Principal agent) {
    String user = agent.person().username();
    for (int day = 0; day < span / DAY; day++) {
      long midnightKst = start + day * DAY - 9 * HOUR;
      int weekday = (int) Math.floorMod(Math.floorDiv(midnightKst + 9 * HOUR, DAY) + 3, 7L);
      if (weekday >= 5 || random.nextInt(100) < 8) {
        continue;
      }
      long t = midnightKst + 9 * HOUR - 20 * 60_000L + random.nextInt(40 * 60_000);
      String ip = agent.ips()[0];
      log.add(
          t,
          "backoffice.login",
          "POST",
          "/admin/api/v1/auth/login",
          200,
          user,
          "support",
          ip,
          "KR",
          GatewayEventLog.NONE,
          GatewayEventLog.NONE);
      long iat = t / 1000;
      long exp = iat + 10 * 3_600;
      Token token = new Token(user, "support", ip, "KR", iat, exp);
      int lookups = 40 + random.nextInt(80);
      long step = 9 * HOUR / lookups;
      for (int i = 0; i < lookups; i++) {
        t += step / 2 + random.nextLong(step);
        String member = Integer.toString(GatewayStory.FIRST_MEMBER_ID + skewed(sizes.members()));
        String[] subject = {member};
        if (random.nextInt(3) == 0) {
          request(
              t,
              token,
              "admin.order.view",
              "GET",
              "/admin/api/v1/orders/" + orderNumber(),
              subject,
              ORDER);
        } else {
          request(
              t,
              token,
              "admin.member.view",
              "GET",
              "/admin/api/v1/members/" + member,
              subject,
              LOOKUP);
        }
      }
    }
  }

  /** Administrators work every day (on call), from one of their usual countries at local day. */
  private void adminDays(Principal admin) {
    String user = admin.person().username();
    for (int day = 0; day < span / DAY; day++) {
      int where = random.nextInt(admin.countries().length);
      String country = admin.countries()[where];
      String ip = admin.ips()[where];
      long offset = country.equals("US") ? -7 * HOUR : country.equals("VN") ? 7 * HOUR : 9 * HOUR;
      long t = start + day * DAY - offset + 9 * HOUR + random.nextInt((int) (8 * HOUR));
      log.add(
          t,
          "backoffice.login",
          "POST",
          "/admin/api/v1/auth/login",
          200,
          user,
          "admin",
          ip,
          country,
          GatewayEventLog.NONE,
          GatewayEventLog.NONE);
      long iat = t / 1000;
      long exp = iat + 10 * 3_600;
      Token token = new Token(user, "admin", ip, country, iat, exp);
      int actions = 3 + random.nextInt(20);
      for (int i = 0; i < actions; i++) {
        t += 30_000 + random.nextInt(20 * 60_000);
        int what = random.nextInt(10);
        if (what < 5) {
          request(
              t,
              token,
              "admin.settings.view",
              "GET",
              "/admin/api/v1/settings",
              GatewayEventLog.NONE,
              GatewayEventLog.NONE);
        } else if (what < 7) {
          request(
              t,
              token,
              "admin.staff.update",
              "PUT",
              "/admin/api/v1/staff/roles",
              GatewayEventLog.NONE,
              GatewayEventLog.NONE);
        } else {
          String member = Integer.toString(GatewayStory.FIRST_MEMBER_ID + skewed(sizes.members()));
          request(
              t,
              token,
              "admin.member.view",
              "GET",
              "/admin/api/v1/members/" + member,
              new String[] {member},
              LOOKUP);
        }
      }
    }
  }

  /**
   * Picks {@code count} current employees (active, hired before the window) for a back-office role:
   * customer-service staff as agents; platform and security engineers as administrators, most in
   * Korea, the second also from the US office and the third from the Hanoi centre.
   */
  private List<Principal> staff(Roster roster, int count, String role, boolean privileged) {
    List<Person> eligible = new ArrayList<>();
    for (Person p : roster.people()) {
      boolean fits =
          privileged
              ? p.department() == Department.PLATFORM || p.department() == Department.SECURITY
              : p.department() == Department.CUSTOMER_SERVICE;
      if (fits
          && p.active()
          && p.hireDate()
              .isBefore(
                  GatewayStory.WINDOW_START.atOffset(java.time.ZoneOffset.UTC).toLocalDate())) {
        eligible.add(p);
      }
    }
    List<Principal> chosen = new ArrayList<>();
    for (int i = 0; i < count && !eligible.isEmpty(); i++) {
      Person p = eligible.remove(random.nextInt(eligible.size()));
      String[] countries =
          privileged && i == 1
              ? new String[] {"KR", "US"}
              : privileged && i == 2 ? new String[] {"VN"} : new String[] {"KR"};
      String[] ips = new String[countries.length];
      for (int c = 0; c < countries.length; c++) {
        ips[c] =
            switch (countries[c]) {
              case "US" -> address("73.162");
              case "VN" -> address("113.161");
              default -> "211.45.62." + (1 + random.nextInt(254));
            };
      }
      chosen.add(new Principal(p, role, countries, ips));
    }
    return chosen;
  }

  /** A signed-in principal's token, signed with the active key, naming the principal itself. */
  private record Token(String user, String role, String ip, String country, long iat, long exp) {}

  /** A successful request that presents {@code token}. */
  private void request(
      long t,
      Token token,
      String action,
      String method,
      String path,
      String[] subjects,
      String[] categories) {
    log.add(
        t,
        action,
        method,
        path,
        200,
        token.user(),
        token.role(),
        token.ip(),
        token.country(),
        GatewayStory.ACTIVE_KID,
        token.user(),
        token.iat(),
        token.exp(),
        subjects,
        categories);
  }

  private long sessionStart() {
    int day = random.nextInt((int) (span / DAY));
    int kstHour = SeededStreams.weighted(random, KST_HOUR_WEIGHT);
    long t = day * DAY + (kstHour - 9) * HOUR + random.nextLong(HOUR);
    return start + Math.floorMod(t, span);
  }

  /** An index in [0, n) drawn so that low indexes come up more often (a minority shops often). */
  private int skewed(int n) {
    double u = random.nextDouble();
    return (int) (n * u * u);
  }

  private String address(String prefix) {
    return prefix + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
  }

  private String orderNumber() {
    return "O" + (2_025_000_000L + random.nextInt(900_000_000));
  }
}
