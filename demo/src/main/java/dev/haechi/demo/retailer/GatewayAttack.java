package dev.haechi.demo.retailer;

import java.util.SplittableRandom;

/**
 * Draws the attack, after the 2025 Coupang breach: from {@link GatewayStory#FIRST_FORGED} on, an
 * attacker in China mints tokens with the leaver's exported key ({@code auth-2022-01}), which the
 * gateway still accepts, and reads members' address pages ({@code address.list}: name, phone,
 * address).
 *
 * <ul>
 *   <li>The first request is FORMATS.md §2's example (member 1000234 from 203.0.113.9); then a
 *       probe of member IDs that do not exist (the gateway answers 404 and discloses nothing).
 *   <li>Walks, each from one source address: either a fresh token per victim, the victim's ID as
 *       {@code sub}, walking consecutive member IDs (every third walk starts near the end of the ID
 *       range and runs past it, into IDs that do not exist); or one token, the attacker's own
 *       member account, requesting other members' address pages at random (a fifth of them IDs that
 *       do not exist).
 * </ul>
 *
 * <p>Forged tokens are minted a second before use and valid for seven days, as a forger pleases.
 * Sources are in the documentation ranges (RFC 5737) and stamped CN.
 */
final class GatewayAttack {
  static final String[] SOURCES = {
    GatewayStory.FIRST_FORGED_SOURCE,
    "203.0.113.47",
    "203.0.113.180",
    "198.51.100.23",
    "198.51.100.77",
    "198.51.100.141"
  };

  private static final String COUNTRY = "CN";
  private static final String[] ADDRESSES = {"name", "phone", "address"};
  private static final long FORGED_LIFETIME = 7 * 86_400L;
  private static final int PROBES = 24;
  private static final int WALK = 850;

  private final SplittableRandom random;
  private final int members;
  private final GatewayEventLog log;
  private int written;

  private GatewayAttack(SplittableRandom random, int members, GatewayEventLog log) {
    this.random = random;
    this.members = members;
    this.log = log;
  }

  /** Draws exactly {@code sizes.forgedRequests()} forged requests into {@code log}. */
  static void generate(SplittableRandom random, RetailerSizes sizes, GatewayEventLog log) {
    new GatewayAttack(random, sizes.members(), log).draw(sizes.forgedRequests());
  }

  static boolean memberExists(long id, int members) {
    return id >= GatewayStory.FIRST_MEMBER_ID && id < GatewayStory.FIRST_MEMBER_ID + (long) members;
  }

  private void draw(int total) {
    long t = GatewayStory.FIRST_FORGED.toEpochMilli();
    String first = Integer.toString(GatewayStory.FIRST_FORGED_MEMBER);
    addressPage(t, GatewayStory.FIRST_FORGED_SOURCE, first, first, t / 1000 - 1);
    for (int i = 0; i < PROBES; i++) {
      t += 5_000 + random.nextInt(30_000);
      String id = Long.toString(nonexistent());
      long iat = t / 1000 - 1;
      log.add(
          t,
          "member.profile",
          "GET",
          "/api/v1/members/" + id,
          404,
          id,
          "member",
          GatewayStory.FIRST_FORGED_SOURCE,
          COUNTRY,
          GatewayStory.RETIRED_KID,
          id,
          iat,
          iat + FORGED_LIFETIME,
          GatewayEventLog.NONE,
          GatewayEventLog.NONE);
      written++;
    }
    int remaining = total - written;
    int walks = Math.max(1, (remaining + WALK - 1) / WALK);
    long from = t + 15 * 60_000L;
    long slot = (GatewayStory.WINDOW_END.toEpochMilli() - 3_600_000L - from) / walks;
    String attacker =
        Integer.toString(GatewayStory.FIRST_MEMBER_ID + members / 2 + random.nextInt(members / 4));
    for (int w = 0; w < walks; w++) {
      int length = w == walks - 1 ? total - written : remaining / walks;
      long begin = from + w * slot + random.nextLong(Math.max(1, slot / 4));
      String source = SOURCES[random.nextInt(SOURCES.length)];
      if (w % 4 == 3) {
        oneTokenWalk(begin, source, attacker, length, slot / 2);
      } else {
        long firstId =
            w % 3 == 0
                ? GatewayStory.FIRST_MEMBER_ID
                    + members
                    - length / 2
                    - random.nextInt(length / 4 + 1)
                : GatewayStory.FIRST_MEMBER_ID + random.nextInt(Math.max(1, members - length));
        consecutiveWalk(begin, source, firstId, length, slot / 2);
      }
    }
  }

  private void consecutiveWalk(long t, String source, long firstId, int length, long within) {
    long step = Math.max(2, Math.min(2_500, within / Math.max(1, length)));
    for (int i = 0; i < length; i++) {
      String id = Long.toString(firstId + i);
      addressPage(t, source, id, id, t / 1000 - 1);
      t += step / 4 + random.nextLong(step);
    }
  }

  private void oneTokenWalk(long t, String source, String attacker, int length, long within) {
    long iat = t / 1000 - 60;
    long step = Math.max(2, Math.min(2_500, within / Math.max(1, length)));
    for (int i = 0; i < length; i++) {
      long victim =
          random.nextInt(5) == 0
              ? nonexistent()
              : GatewayStory.FIRST_MEMBER_ID + random.nextInt(members);
      addressPage(t, source, attacker, Long.toString(victim), iat);
      t += step / 4 + random.nextLong(step);
    }
  }

  /** One forged request for {@code victim}'s address page; 404 when no such member exists. */
  private void addressPage(long t, String source, String sub, String victim, long iat) {
    boolean exists = memberExists(Long.parseLong(victim), members);
    log.add(
        t,
        "address.list",
        "GET",
        "/api/v1/members/" + victim + "/addresses",
        exists ? 200 : 404,
        sub,
        "member",
        source,
        COUNTRY,
        GatewayStory.RETIRED_KID,
        sub,
        iat,
        iat + FORGED_LIFETIME,
        exists ? new String[] {victim} : GatewayEventLog.NONE,
        exists ? ADDRESSES : GatewayEventLog.NONE);
    written++;
  }

  /** A plausible member ID that does not exist: just past the range, or far beyond it. */
  private long nonexistent() {
    long end = GatewayStory.FIRST_MEMBER_ID + (long) members;
    return random.nextInt(2) == 0
        ? end + random.nextInt(50_000)
        : 9_000_000L + random.nextInt(999_999);
  }
}
