package dev.haechi.breach.scope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.breach.event.AccessEvent;
import dev.haechi.breach.scope.ScopeQuery.Selector;
import dev.haechi.breach.store.EventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The columnar scoping over Parquet agrees with {@link NaiveScope}, the in-memory loop, on random
 * events (several days, overlapping keys, principals and addresses, 404s, repeated subjects) and
 * random selectors and half-open windows.
 */
class ScopeAgreementProperties {
  static final long DAY_US = 86_400_000_000L;
  static final long START_US = Instant.parse("2025-06-20T00:00:00Z").toEpochMilli() * 1000;
  static final String[] KIDS = {"k1", "k2", "k3"};
  static final String[] IPS = {"10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"};
  static final String[] CATS = {"name", "email", "phone", "address", "payment"};

  @Property(tries = 25)
  void columnar_scope_agrees_with_the_naive_loop(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 400) int n) throws IOException {
    Random r = new Random(seed);
    List<AccessEvent> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long us = START_US + (long) (r.nextDouble() * 5 * DAY_US);
      if (r.nextInt(10) == 0) {
        us = START_US + r.nextInt(5) * DAY_US; // exactly on midnight
      }
      List<String> subjects = new ArrayList<>();
      List<String> cats = new ArrayList<>();
      if (r.nextInt(4) != 0) {
        int k = 1 + r.nextInt(3);
        for (int j = 0; j < k; j++) {
          subjects.add(Integer.toString(r.nextInt(30)));
        }
        for (int j = 0; j < 1 + r.nextInt(3); j++) {
          cats.add(CATS[r.nextInt(CATS.length)]);
        }
      }
      events.add(
          new AccessEvent(
              us,
              "a",
              null,
              null,
              Integer.toString(r.nextInt(6)),
              IPS[r.nextInt(IPS.length)],
              null,
              null,
              null,
              subjects.isEmpty() ? 404L : 200L,
              r.nextInt(8) == 0 ? null : KIDS[r.nextInt(KIDS.length)],
              null,
              null,
              null,
              null,
              subjects,
              cats));
    }
    Path dir = Files.createTempDirectory("scope-agree");
    try {
      EventStore store = EventStore.open(dir);
      // two batches, so that a day has several files
      store.importEvents(events.subList(0, n / 2), "a");
      store.importEvents(events.subList(n / 2, n), "b");
      for (int q = 0; q < 4; q++) {
        Selector sel = Selector.values()[r.nextInt(3)];
        List<String> values =
            switch (sel) {
              case KID -> List.of(KIDS[r.nextInt(KIDS.length)]);
              case PRINCIPAL -> List.of(Integer.toString(r.nextInt(7)));
              case SOURCE_IP -> List.of(IPS[r.nextInt(IPS.length)], IPS[r.nextInt(IPS.length)]);
            };
        Instant from = r.nextBoolean() ? null : instant(START_US + r.nextLong(3 * DAY_US));
        Instant to =
            r.nextBoolean()
                ? null
                : instant((from == null ? START_US : micros(from)) + 1 + r.nextLong(3 * DAY_US));
        ScopeQuery query = ScopeQuery.of(sel, values, from, to);
        ScopeResult fast = store.scope(query, true);
        ScopeResult naive = NaiveScope.scope(events, query, store.dataVersion(), true);
        assertThat(fast).usingRecursiveComparison().isEqualTo(naive);
      }
    } finally {
      try (var s = Files.walk(dir)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  static Instant instant(long us) {
    return ScopeResult.instant(us);
  }

  static long micros(Instant t) {
    return java.time.temporal.ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }
}
