package dev.haechi.identity.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.identity.model.Person;
import dev.haechi.identity.model.PersonStatus;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Titles kept as pieces ({@link TitleOrder}) compare exactly as the joined strings do, and the
 * pieces of a dormant-account title join to the title {@link AccountFindings#dormantTitle} makes.
 */
class TitleOrderTest {
  // Short texts that are prefixes of each other, blanks and control characters below and at ' ',
  // non-Latin-1 characters, and the fixed words themselves.
  private static final String[] TEXTS = {
    "",
    "",
    "a",
    "ab",
    "a ",
    "a\t",
    " ",
    "b",
    "a b",
    "ab ",
    "é",
    "\u0100",
    "a\u0100",
    " account ",
    " of ",
    "last used ",
    "Z",
    "2024-01-02",
    "2024-01-1"
  };

  @Property(tries = 2000)
  void pieces_compare_as_the_joined_titles(@ForAll long seed) {
    Random random = new Random(seed);
    int width = 1 + random.nextInt(6);
    int size = 2 + random.nextInt(6);
    TitleOrder order = new TitleOrder(size, width);
    String[] p = order.pieces();
    for (int k = 0; k < p.length; k++) {
      String t = TEXTS[random.nextInt(TEXTS.length)];
      // the same text as the same object, or as an equal copy
      p[k] = random.nextBoolean() ? t : new String(t);
      if (random.nextInt(3) == 0 && k >= width) {
        // titles that share pieces at the same place
        p[k] = p[k - width];
      }
    }
    for (int x = 0; x < size; x++) {
      for (int y = 0; y < size; y++) {
        String a = order.title(x);
        String b = order.title(y);
        assertThat(Integer.signum(order.compare(x, y)))
            .as("%s vs %s", a, b)
            .isEqualTo(Integer.signum(a.compareTo(b)));
      }
    }
  }

  private static final String[] NAMES = {null, "", " ", "Ann", " Ann", "Ann ", "A nn", "é", "Lee"};

  @Property(tries = 1000)
  void dormant_title_pieces_join_to_the_title(@ForAll long seed) {
    Random random = new Random(seed);
    Person owner =
        new Person(
            "E" + random.nextInt(10),
            null,
            null,
            NAMES[random.nextInt(NAMES.length)],
            NAMES[random.nextInt(NAMES.length)],
            null,
            null,
            null,
            PersonStatus.ACTIVE,
            null,
            null,
            Map.of(),
            null);
    // days from year -3000 to 12000, and around the epoch
    long seconds =
        random.nextBoolean()
            ? random.nextLong(-157_000_000_000L, 316_000_000_000L)
            : random.nextLong(-200_000L, 200_000L);
    Instant at = Instant.ofEpochSecond(seconds, random.nextInt(1_000_000_000));
    boolean used = random.nextBoolean();
    Instant lastLogin = used ? at : null;
    Instant created = used ? (random.nextBoolean() ? null : at.minusSeconds(86_400)) : at;
    boolean privileged = random.nextBoolean();
    String system = TEXTS[random.nextInt(TEXTS.length)];
    String label = TEXTS[random.nextInt(TEXTS.length)];
    TitleOrder order = new TitleOrder(2, AccountFindings.DORMANT_TITLE_PIECES);
    TitleOrder.DayTexts days = new TitleOrder.DayTexts();
    for (int j = 0; j < 2; j++) {
      // the second time through the day comes from the cache
      AccountFindings.dormantTitlePieces(
          order.pieces(),
          j * AccountFindings.DORMANT_TITLE_PIECES,
          system,
          label,
          lastLogin,
          lastLogin == null ? created : null,
          owner,
          privileged,
          days);
      assertThat(order.title(j))
          .isEqualTo(
              AccountFindings.dormantTitle(system, label, lastLogin, created, owner, privileged));
    }
  }
}
