package dev.haechi.breach.scope;

import dev.haechi.breach.event.AccessEvent;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The reference scoping: a plain loop over events in memory, written for obviousness, not speed.
 * The store's columnar query must agree with it on every input (the agreement property test).
 */
public final class NaiveScope {
  private NaiveScope() {}

  public static ScopeResult scope(
      Iterable<AccessEvent> events, ScopeQuery q, String dataVersion, boolean withSubjects) {
    Set<String> values = new HashSet<>(q.values());
    long requests = 0;
    boolean seen = false;
    Long first = null;
    Long last = null;
    Map<String, Set<String>> byCategory = new TreeMap<>();
    Map<String, Set<String>> byDay = new TreeMap<>();
    Map<String, long[]> perSubject = new TreeMap<>(); // first, last, requests
    Map<String, Set<String>> subjectCategories = new HashMap<>();
    for (AccessEvent e : events) {
      String v =
          switch (q.selector()) {
            case KID -> e.kid();
            case PRINCIPAL -> e.userId();
            case SOURCE_IP -> e.sourceIp();
          };
      if (v == null || !values.contains(v)) {
        continue;
      }
      seen = true;
      if (!q.inWindow(e.micros())) {
        continue;
      }
      requests++;
      if (!e.disclosing()) {
        continue;
      }
      first = first == null ? e.micros() : Math.min(first, e.micros());
      last = last == null ? e.micros() : Math.max(last, e.micros());
      String day = ScopeResult.instant(e.micros()).atZone(ZoneOffset.UTC).toLocalDate().toString();
      for (String s : new HashSet<>(e.subjectIds())) {
        byDay.computeIfAbsent(day, k -> new HashSet<>()).add(s);
        for (String c : e.categories()) {
          byCategory.computeIfAbsent(c, k -> new HashSet<>()).add(s);
          subjectCategories.computeIfAbsent(s, k -> new TreeSet<>()).add(c);
        }
        long[] row = perSubject.get(s);
        if (row == null) {
          perSubject.put(s, new long[] {e.micros(), e.micros(), 1});
        } else {
          row[0] = Math.min(row[0], e.micros());
          row[1] = Math.max(row[1], e.micros());
          row[2]++;
        }
      }
    }
    TreeMap<String, Long> categories = new TreeMap<>();
    byCategory.forEach((c, s) -> categories.put(c, (long) s.size()));
    TreeMap<String, Long> days = new TreeMap<>();
    byDay.forEach((d, s) -> days.put(d, (long) s.size()));
    List<SubjectRow> rows = new ArrayList<>();
    if (withSubjects) {
      perSubject.forEach(
          (s, r) ->
              rows.add(
                  new SubjectRow(
                      s,
                      new ArrayList<>(subjectCategories.getOrDefault(s, Set.of())),
                      ScopeResult.instant(r[0]),
                      ScopeResult.instant(r[1]),
                      r[2])));
    }
    return new ScopeResult(
        perSubject.size(),
        categories,
        first == null ? null : ScopeResult.instant(first),
        last == null ? null : ScopeResult.instant(last),
        requests,
        days,
        q,
        dataVersion,
        seen,
        List.of(),
        rows);
  }
}
