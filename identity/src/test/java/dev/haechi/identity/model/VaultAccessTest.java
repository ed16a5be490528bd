package dev.haechi.identity.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class VaultAccessTest {
  private static final String[] TEXTS = {null, "", "jkim", "transit/export/k/1", "é", "a b"};

  @Property(tries = 500)
  void evidence_is_the_plain_concatenation(@ForAll long seed) {
    Random random = new Random(seed);
    VaultAccess a =
        new VaultAccess(
            Instant.ofEpochSecond(
                random.nextLong(-70_000_000_000L, 260_000_000_000L),
                random.nextBoolean() ? 0 : random.nextInt(1_000_000_000)),
            TEXTS[random.nextInt(TEXTS.length)],
            "read",
            TEXTS[random.nextInt(TEXTS.length)],
            "transit/keys/k",
            random.nextBoolean(),
            new SourceRef(
                random.nextBoolean() ? "vault-audit.log" : TEXTS[random.nextInt(TEXTS.length)],
                random.nextInt(3) == 0 ? 0 : random.nextLong(1, 10_000_000_000L)));
    assertThat(a.evidence()).isEqualTo(a.evidenceReference());
  }
}
