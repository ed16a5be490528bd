package dev.haechi.identity.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class IsoInstantTest {
  private static final long[] EDGES = {
    -62_167_219_200L, // 0000-01-01
    -62_167_219_201L,
    253_402_300_799L, // 9999-12-31T23:59:59
    253_402_300_800L,
    0L,
    -1L,
    951_782_400L, // 2000-02-29
    4_107_456_000L, // 2100-02-28
    -2_203_891_200L, // 1900-02-28
  };

  @Property(tries = 5000)
  void writes_what_instant_to_string_writes(@ForAll long seed) {
    Random random = new Random(seed);
    long seconds =
        switch (random.nextInt(4)) {
          case 0 -> random.nextLong(-63_000_000_000L, 254_000_000_000L);
          case 1 -> random.nextLong(0, 4_200_000_000L);
          case 2 -> EDGES[random.nextInt(EDGES.length)] + random.nextInt(3) - 1;
          default -> random.nextLong(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond());
        };
    int nano =
        switch (random.nextInt(5)) {
          case 0 -> 0;
          case 1 -> random.nextInt(1000) * 1_000_000;
          case 2 -> random.nextInt(1_000_000) * 1000;
          case 3 -> random.nextInt(10) == 0 ? 999_999_999 : 1;
          default -> random.nextInt(1_000_000_000);
        };
    Instant t = Instant.ofEpochSecond(seconds, nano);
    assertThat(IsoInstant.toString(t)).isEqualTo(t.toString());
    StringBuilder sb = new StringBuilder("x");
    assertThat(IsoInstant.append(sb, t).toString()).isEqualTo("x" + t);
  }
}
