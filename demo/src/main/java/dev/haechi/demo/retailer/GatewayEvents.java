package dev.haechi.demo.retailer;

import dev.haechi.demo.output.OutputFolder;
import dev.haechi.demo.output.SeededStreams;
import java.io.IOException;
import java.io.Writer;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes {@code events/gateway.jsonl} (FORMATS.md §2: JSON Lines, time-sorted) — the background
 * traffic of {@link GatewayBackground} and the attack of {@link GatewayAttack} — and describes in
 * the manifest what a detector needs to judge it and what it should find:
 *
 * <ul>
 *   <li>{@code members}: member IDs are the contiguous range {@code firstId..lastId}; any other ID
 *       does not exist;
 *   <li>{@code events.keys}: which {@code kid}s of the issuer are active and which retired (both
 *       are published in {@code jwks/gateway.json}; RFC 7517 has no status member, so the manifest
 *       says it);
 *   <li>{@code events.attack}: the ground truth — the first forged request's time and 1-based line,
 *       and counts of forged requests, of those for member IDs that do not exist, of disclosures,
 *       and per source address.
 * </ul>
 */
final class GatewayEvents {
  private static final int FLUSH = 1 << 20;

  private GatewayEvents() {}

  static void write(
      OutputFolder folder,
      SeededStreams seeds,
      Roster roster,
      RetailerSizes sizes,
      ObjectNode manifest)
      throws IOException {
    GatewayEventLog log = new GatewayEventLog();
    List<GatewayBackground.Principal> admins =
        GatewayBackground.generate(seeds.stream("retailer.gateway"), roster, sizes, log);
    GatewayAttack.generate(seeds.stream("retailer.gateway.attack"), sizes, log);
    GatewayEvent[] events = log.sorted();

    AttackTally tally = new AttackTally(sizes.members());
    GatewayEvent.Timestamps timestamps = new GatewayEvent.Timestamps();
    StringBuilder buffer = new StringBuilder(FLUSH + 4096);
    char[] chars = new char[FLUSH + 4096];
    try (Writer out = folder.open(GatewayStory.FILE)) {
      for (int i = 0; i < events.length; i++) {
        GatewayEvent e = events[i];
        if (e.forged()) {
          tally.add(e, i + 1);
        }
        e.appendTo(buffer, timestamps);
        buffer.append('\n');
        if (buffer.length() >= FLUSH) {
          flush(buffer, chars, out);
        }
      }
      flush(buffer, chars, out);
    }
    try (Writer out = folder.open("members.json")) {
      // The member ID space in the form detection's identity context reads (MemberIdFile), so
      // that `haechi detect --identity-from` on this folder knows which user IDs exist.
      out.write(
          "{\"members\": {\"first\": "
              + GatewayStory.FIRST_MEMBER_ID
              + ", \"count\": "
              + sizes.members()
              + "}}\n");
    }
    describe(manifest, sizes, events, admins, tally);
  }

  private static void flush(StringBuilder buffer, char[] chars, Writer out) throws IOException {
    int n = buffer.length();
    if (chars.length < n) {
      chars = new char[n];
    }
    buffer.getChars(0, n, chars, 0);
    out.write(chars, 0, n);
    buffer.setLength(0);
  }

  private static void describe(
      ObjectNode manifest,
      RetailerSizes sizes,
      GatewayEvent[] events,
      List<GatewayBackground.Principal> admins,
      AttackTally tally) {
    ObjectNode members = manifest.putObject("members");
    members.put("firstId", Integer.toString(GatewayStory.FIRST_MEMBER_ID));
    members.put("lastId", Integer.toString(GatewayStory.FIRST_MEMBER_ID + sizes.members() - 1));
    members.put("count", sizes.members());
    members.put(
        "note",
        "Shop members (customer accounts) have the decimal IDs firstId..lastId, every one of them"
            + " exists and no other ID does. Gateway events name members by these IDs in user.id,"
            + " token.sub, url.path and data.subject_ids.");

    ObjectNode node = manifest.putObject("events");
    node.put("file", GatewayStory.FILE);
    node.put("format", "FORMATS.md §2 gateway events, JSON Lines sorted by @timestamp");
    node.put("count", events.length);
    node.put("from", GatewayStory.WINDOW_START.toString());
    node.put("to", GatewayStory.WINDOW_END.toString());
    ObjectNode keys = node.putObject("keys");
    keys.put("issuer", GatewayStory.ISSUER);
    keys.put("jwksFile", "jwks/" + GatewayStory.ISSUER + ".json");
    keys.putArray("active").add(GatewayStory.ACTIVE_KID);
    keys.putArray("retired").add(GatewayStory.RETIRED_KID);
    keys.put(
        "note",
        "Both keys are published in the JWKS, so the gateway verifies tokens signed with either;"
            + " it has signed with the active key only since before the event window.");
    ArrayNode privileged = node.putArray("privilegedPrincipals");
    for (GatewayBackground.Principal p : admins) {
      ObjectNode row = privileged.addObject();
      row.put("userId", p.person().username());
      row.put("employeeId", p.person().employeeId());
      row.put("role", p.role());
      ArrayNode countries = row.putArray("countries");
      for (String c : p.countries()) {
        countries.add(c);
      }
    }
    tally.describe(node.putObject("attack"));
  }

  /** Counts the forged requests as they are written, for the ground truth. */
  private static final class AttackTally {
    private final int members;
    private long firstLine;
    private long firstMillis;
    private int requests;
    private int nonexistentSub;
    private int disclosures;
    private final Set<String> disclosed = new HashSet<>();
    private final Map<String, Set<String>> disclosedByCategory = new TreeMap<>();
    private final Set<Long> nonexistent = new HashSet<>();
    private final Map<String, Integer> bySource = new TreeMap<>();
    private final Map<String, Set<String>> subjectsBySource = new TreeMap<>();

    AttackTally(int members) {
      this.members = members;
    }

    void add(GatewayEvent e, long line) {
      if (requests++ == 0) {
        firstLine = line;
        firstMillis = e.millis();
      }
      long sub = Long.parseLong(e.sub());
      if (!GatewayAttack.memberExists(sub, members)) {
        nonexistentSub++;
        nonexistent.add(sub);
      }
      String path = e.path();
      int from = "/api/v1/members/".length();
      int to = path.indexOf('/', from);
      long addressed = Long.parseLong(path.substring(from, to < 0 ? path.length() : to));
      if (!GatewayAttack.memberExists(addressed, members)) {
        nonexistent.add(addressed);
      }
      bySource.merge(e.ip(), 1, Integer::sum);
      Set<String> walked = subjectsBySource.computeIfAbsent(e.ip(), k -> new HashSet<>());
      walked.add(Long.toString(addressed));
      if (e.subjects().length > 0) {
        disclosures++;
        for (String subject : e.subjects()) {
          disclosed.add(subject);
          for (String c : e.categories()) {
            disclosedByCategory.computeIfAbsent(c, k -> new HashSet<>()).add(subject);
          }
        }
      }
    }

    void describe(ObjectNode attack) {
      attack.put("kid", GatewayStory.RETIRED_KID);
      attack.put("country", "CN");
      ObjectNode first = attack.putObject("firstForged");
      StringBuilder time = new StringBuilder();
      new GatewayEvent.Timestamps().append(time, firstMillis);
      first.put("timestamp", time.toString());
      first.put("line", firstLine);
      attack.put("forgedRequests", requests);
      attack.put("forgedTokensForNonexistentMembers", nonexistentSub);
      attack.put("distinctNonexistentMemberIds", nonexistent.size());
      attack.put("disclosures", disclosures);
      attack.put("distinctMembersDisclosed", disclosed.size());
      ObjectNode byCategory = attack.putObject("distinctMembersDisclosedByCategory");
      disclosedByCategory.forEach((c, members) -> byCategory.put(c, members.size()));
      ArrayNode sources = attack.putArray("sources");
      for (Map.Entry<String, Integer> s : bySource.entrySet()) {
        ObjectNode row = sources.addObject();
        row.put("ip", s.getKey());
        row.put("requests", s.getValue());
        row.put("distinctMemberIds", subjectsBySource.get(s.getKey()).size());
      }
      attack.put(
          "note",
          "A forged request is one whose token.kid is the retired key; no other event uses it."
              + " line is 1-based in events/gateway.jsonl. Member IDs counted as addressed are"
              + " those in url.path.");
    }
  }
}
