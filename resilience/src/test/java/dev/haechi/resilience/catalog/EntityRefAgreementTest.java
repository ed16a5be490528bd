package dev.haechi.resilience.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Issue 14 item 5: the loader's shortcuts for references — {@link EntityRef#parse} keeping the text
 * as written when it is already the reference's text, and {@link NodeReader#ref} answering from the
 * load's shared map — give the references the plain way gives: the parse written out as it was
 * before the shortcut (the reference implementation here), on random texts. Also: the few-key maps
 * the reader now builds for an entity's mappings refuse repeated keys as the hash maps did.
 */
class EntityRefAgreementTest {

  /** {@code EntityRef.parse} as it was before the shortcut: the reference. */
  static EntityRef referenceParse(String text, String defaultKind, String defaultNamespace) {
    String t = text == null ? "" : text.trim();
    String kind = defaultKind;
    String namespace = defaultNamespace;
    int colon = t.indexOf(':');
    if (colon >= 0) {
      kind = t.substring(0, colon);
      t = t.substring(colon + 1);
    }
    int slash = t.indexOf('/');
    if (slash >= 0) {
      namespace = t.substring(0, slash);
      t = t.substring(slash + 1);
    }
    if (kind == null) {
      throw new IllegalArgumentException("needs a kind");
    }
    if (kind.isEmpty() || namespace.isEmpty() || t.isEmpty() || t.indexOf(':') >= 0) {
      throw new IllegalArgumentException("malformed");
    }
    return new EntityRef(kind, namespace, t);
  }

  static String randomText(SplittableRandom random) {
    String[] kinds = {"component", "Component", "RESOURCE", "resource", "system", "İx", "k", ""};
    String[] spaces = {"default", "Default", "team-a", "", "ns.x"};
    String alphabet = "abcXYZ09-_.:/ İı";
    StringBuilder b = new StringBuilder();
    if (random.nextInt(4) == 0) {
      b.append(' ');
    }
    if (random.nextInt(5) > 0) {
      b.append(kinds[random.nextInt(kinds.length)]).append(':');
    }
    if (random.nextInt(5) > 0) {
      b.append(spaces[random.nextInt(spaces.length)]).append('/');
    }
    for (int k = 0, n = random.nextInt(8); k < n; k++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    if (random.nextInt(6) == 0) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  static String describe(EntityRef r) {
    return r.kind() + "|" + r.namespace() + "|" + r.name() + "|" + r + "|" + r.key();
  }

  @Property(tries = 2000)
  void parse_agrees_with_the_reference_on_random_texts(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 50; i++) {
      String text = randomText(random);
      String defaultKind = random.nextBoolean() ? null : random.nextBoolean() ? "resource" : "Sys";
      String namespace = random.nextBoolean() ? "default" : "team-b";
      String expected;
      try {
        expected = describe(referenceParse(text, defaultKind, namespace));
      } catch (IllegalArgumentException e) {
        assertThatThrownBy(() -> EntityRef.parse(text, defaultKind, namespace))
            .as(text)
            .isInstanceOf(IllegalArgumentException.class);
        continue;
      }
      EntityRef fast = EntityRef.parse(text, defaultKind, namespace);
      assertThat(describe(fast)).as(text).isEqualTo(expected);
      EntityRef ref = referenceParse(text, defaultKind, namespace);
      assertThat(fast).isEqualTo(ref);
      assertThat(fast.hashCode()).isEqualTo(ref.hashCode());
      assertThat(fast.compareTo(ref)).isZero();
    }
  }

  @Test
  void a_reference_written_in_full_in_lower_case_keeps_its_text() {
    EntityRef r = EntityRef.parse("resource:default/db-7", null, "default");
    assertThat(r.toString()).isEqualTo("resource:default/db-7");
    assertThat(r.key()).isSameAs(r.toString());
    EntityRef upper = EntityRef.parse("Resource:Default/DB-7", null, "default");
    assertThat(upper.toString()).isEqualTo("resource:Default/DB-7");
    assertThat(upper).isEqualTo(r);
  }

  @Property(tries = 300)
  void the_node_reader_gives_the_same_references_as_parsing_each_text(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, EntityRef> shared = new HashMap<>();
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      texts.add(randomText(random));
    }
    // two files of one load, each naming the texts many times (the same String objects, as the
    // fast reader hands them) and sometimes an equal text in a String of its own
    for (int file = 0; file < 2; file++) {
      ParsedFile out = new ParsedFile();
      NodeReader nodes = new NodeReader("f" + file + ".yaml", out, shared);
      List<String> expectedErrors = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String t = texts.get(random.nextInt(texts.size()));
        if (random.nextInt(5) == 0) {
          t = new String(t.toCharArray());
        }
        String defaultKind = random.nextInt(3) == 0 ? "resource" : null;
        String namespace = random.nextInt(4) == 0 ? "team-b" : "default";
        Mark m = new Mark("f", 0, i, 0, new int[0], 0);
        ScalarNode node = new ScalarNode(Tag.STR, t, m, m, DumperOptions.ScalarStyle.PLAIN);
        EntityRef got = nodes.ref(node, "spec.dependsOn", defaultKind, namespace);
        EntityRef expected;
        try {
          expected = referenceParse(t, defaultKind, namespace);
        } catch (IllegalArgumentException e) {
          expected = null;
          expectedErrors.add("f" + file + ".yaml:" + (i + 1));
        }
        if (expected == null) {
          assertThat(got).as(t).isNull();
        } else {
          assertThat(got).as(t).isNotNull();
          assertThat(describe(got)).as(t).isEqualTo(describe(expected));
        }
      }
      assertThat(out.errors.stream().map(e -> e.file() + ":" + e.line()).toList())
          .isEqualTo(expectedErrors);
    }
  }

  @Test
  void a_repeated_key_is_refused_in_small_and_large_mappings() {
    for (int keys : new int[] {2, 5, NodeReader.SmallMap.MAX, NodeReader.SmallMap.MAX + 3}) {
      StringBuilder b = new StringBuilder("apiVersion: backstage.io/v1alpha1\nkind: Component\n");
      b.append("metadata:\n  name: web\n  annotations:\n");
      for (int k = 0; k < keys; k++) {
        b.append("    a").append(k).append(": x\n");
      }
      b.append("    a0: again\n");
      for (boolean fast : new boolean[] {true, false}) {
        ParsedFile f = new DescriptorReader("m.yaml", fast).read(b.toString());
        assertThat(f.errors)
            .as(keys + " keys, fast " + fast)
            .singleElement()
            .satisfies(
                e -> {
                  assertThat(e.reason()).isEqualTo("duplicate key 'a0'");
                  assertThat(e.line()).isEqualTo(6 + keys);
                });
      }
    }
  }

  @Test
  void roles_parse_as_before() {
    for (Role r : Role.values()) {
      String label = r.name().toLowerCase(Locale.ROOT).replace('_', '-');
      assertThat(r.label()).isEqualTo(label);
      assertThat(Role.parse(" " + label.toUpperCase(Locale.ROOT) + " ")).isSameAs(r);
    }
    assertThat(Role.parse("primary-ish")).isNull();
  }

  /** The hand check of entity names agrees with Backstage's pattern it replaced. */
  @Property(tries = 2000)
  void the_name_check_by_hand_agrees_with_the_pattern(@ForAll @LongRange long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    String alphabet = "aZ09-_.:/ İı\u00e9~";
    int n = random.nextInt(5) == 0 ? 60 + random.nextInt(8) : random.nextInt(8);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(
          random.nextInt(3) == 0
              ? alphabet.charAt(random.nextInt(alphabet.length()))
              : (char) ('a' + random.nextInt(26)));
    }
    String name = b.toString();
    assertThat(DescriptorReader.isValidName(name))
        .as("'%s'", name)
        .isEqualTo(DescriptorReader.NAME.matcher(name).matches());
  }

  /**
   * The reader's field lines (a later line for a field replaces the earlier, a copy is taken when
   * the entity's source is made) read like the hash map they replaced, and equal its copy.
   */
  @Property(tries = 500)
  void field_lines_read_like_a_hash_map(@ForAll @LongRange long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    String[] fields = {
      "spec.type",
      "spec.dependsOn",
      "haechi.dev/rto",
      "haechi.dev/rpo",
      "haechi.dev/placement",
      "spec.zone",
      "spec.of",
      "spec.interval",
      "haechi.dev/grade",
      "spec.a",
      "spec.b",
      "spec.c"
    };
    FieldLines.Builder builder = new FieldLines.Builder();
    Map<String, Integer> reference = new HashMap<>();
    Map<String, Integer> atFirstBuild = null;
    Map<String, Integer> firstBuilt = null;
    int puts = random.nextInt(20);
    for (int i = 0; i < puts; i++) {
      // a new String each time: keys are not always the same object
      String key = new String(fields[random.nextInt(fields.length)]);
      int line = random.nextInt(1000);
      builder.put(key, line);
      reference.put(key, line);
      if (i == puts / 2) {
        firstBuilt = builder.build();
        atFirstBuild = Map.copyOf(reference);
      }
    }
    Source source = new Source("f.yaml", 3, builder.build());
    Source expected = new Source("f.yaml", 3, reference);
    assertThat(source).isEqualTo(expected);
    assertThat(source.hashCode()).isEqualTo(expected.hashCode());
    assertThat(source.fieldLines()).containsExactlyInAnyOrderEntriesOf(reference);
    for (String f : fields) {
      assertThat(source.fieldLines().get(f)).isEqualTo(reference.get(f));
      assertThat(source.fieldLines().containsKey(f)).isEqualTo(reference.containsKey(f));
      assertThat(source.at(f)).isEqualTo(expected.at(f));
    }
    if (firstBuilt != null) {
      assertThat(firstBuilt).isEqualTo(atFirstBuild);
    }
  }
}
