package dev.haechi.resilience.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.resilience.synthetic.CatalogGenerator;
import dev.haechi.resilience.synthetic.CatalogShape;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Issue 14 item 5: the fast catalog reader ({@link FastYaml}) and SnakeYAML (the reference) give
 * the same node trees — kinds, values, key order and lines — wherever the fast reader accepts a
 * file, and the fast reader gives up (so SnakeYAML reads the file and names any syntax error)
 * wherever SnakeYAML fails. Checked on generated catalogs, every fixture, and random mutations of
 * them.
 */
class FastYamlAgreementTest {
  static final List<String> CORPUS = corpus();

  static List<String> corpus() {
    List<String> texts = new ArrayList<>();
    CatalogGenerator.yaml(new CatalogShape(2, 20, 60, 150, 7)).values().forEach(texts::add);
    Path fixtures = Path.of("src/test/resources/fixtures");
    try (Stream<Path> walk = Files.walk(fixtures)) {
      for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
        String n = f.toString();
        if (n.endsWith(".yaml") || n.endsWith(".yml")) {
          try {
            texts.add(Files.readString(f));
          } catch (java.nio.charset.MalformedInputException e) {
            // a binary fixture: not text
          }
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    texts.add(CATALOG_WITH_EVERY_SHAPE);
    return texts;
  }

  /** Flow mappings and sequences, quotes with escapes, comments, compact sequence items. */
  static final String CATALOG_WITH_EVERY_SHAPE =
      """
      # a comment before the first document
      ---
      apiVersion: haechi.dev/v1alpha1   # trailing comment
      kind: PowerAsset
      metadata: {name: ups-a, annotations: {haechi.dev/restore-effort: 36h}}
      spec:
        type: 'ups-battery'
        chemistry: "li-ion-ncm"
        zone: b1
        feeds: [r7, "r8", 'roof']
        lastInspection: {date: 2025-06-10, result: pass}
        recommendations:
          - {date: 2024-05-20, by: maintainer, action: replace, status: open}
          - date: 2024-06-01
            by: "it's \\"quoted\\" \\\\ here"
            action: 'it''s'
        empty:
        list:
        - a
        - b: c
          d: [ ]
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Component
      metadata:
        name: app
        annotations:
          haechi.dev/placement: "r7:active, r8:standby"
          haechi.dev/grade: "1"
      spec:
        dependsOn:
          - resource:default/db
          - component:x   # why
      """;

  static Iterable<Node> snake(String text) {
    return DescriptorReader.snakeYaml().composeAll(new StringReader(text));
  }

  /** The tree as text: kinds, values, key order and start lines. */
  static String describe(Node n) {
    StringBuilder b = new StringBuilder();
    describe(n, b);
    return b.toString();
  }

  static void describe(Node n, StringBuilder b) {
    b.append('@').append(n.getStartMark().getLine()).append(n.getTag().getValue());
    if (n instanceof ScalarNode s) {
      b.append("'").append(s.getValue()).append("'");
    } else if (n instanceof SequenceNode s) {
      b.append('[');
      s.getValue().forEach(x -> describe(x, b.append(',')));
      b.append(']');
    } else if (n instanceof MappingNode m) {
      b.append('{');
      for (NodeTuple t : m.getValue()) {
        describe(t.getKeyNode(), b.append(','));
        describe(t.getValueNode(), b.append(':'));
      }
      b.append('}');
    } else {
      b.append('?').append(n.getClass().getSimpleName());
    }
  }

  /** Null when SnakeYAML refuses the text. */
  static List<String> reference(String text) {
    try {
      List<String> out = new ArrayList<>();
      for (Node doc : snake(text)) {
        out.add(describe(doc));
      }
      return out;
    } catch (RuntimeException e) {
      return null;
    }
  }

  static List<String> fast(String text) {
    List<Node> docs = FastYaml.parse("f.yaml", text);
    return docs == null ? null : docs.stream().map(FastYamlAgreementTest::describe).toList();
  }

  @Test
  void the_fast_reader_reads_generated_catalogs_and_agrees_with_snakeyaml_on_every_fixture() {
    int taken = 0;
    for (String text : CORPUS) {
      List<String> fast = fast(text);
      if (fast != null) {
        taken++;
        assertThat(fast).as(text).isEqualTo(reference(text));
      }
    }
    for (String text : CatalogGenerator.yaml(new CatalogShape(2, 20, 60, 150, 7)).values()) {
      assertThat(fast(text)).as("the generated catalog is in the fast subset").isNotNull();
    }
    assertThat(fast(CATALOG_WITH_EVERY_SHAPE)).isNotNull();
    assertThat(taken).isGreaterThan(5);
  }

  @Test
  void what_the_fast_reader_does_not_take_is_left_to_snakeyaml() {
    for (String text :
        List.of(
            "a: |\n  block\n",
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: b\n  c\n",
            "a: [1,\n 2]\n",
            "%YAML 1.1\n---\na: b\n",
            "---\n---\na: b\n",
            "a: b: c\n",
            "- - a\n",
            "a:\n\tb: c\n",
            "a: \"unterminated\n")) {
      assertThat(fast(text)).as(text).isNull();
    }
  }

  @Test
  void a_syntax_error_is_still_named_with_its_file_and_line() {
    ParsedFile f =
        new DescriptorReader("bad.yaml")
            .read("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: [a\n");
    assertThat(f.errors)
        .singleElement()
        .satisfies(e -> assertThat(e.toString()).contains("bad.yaml:"));
  }

  @Property(tries = 400)
  void on_random_mutations_the_fast_reader_agrees_or_gives_up(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    String text = CORPUS.get(random.nextInt(CORPUS.size()));
    if (text.length() > 20_000) {
      text = text.substring(0, 20_000);
    }
    StringBuilder b = new StringBuilder(text);
    String alphabet = " :-#'\"[]{},\n\tab1|>&*!?%\\.";
    for (int m = 0, n = 1 + random.nextInt(4); m < n && b.length() > 0; m++) {
      int at = random.nextInt(b.length());
      switch (random.nextInt(4)) {
        case 0 -> b.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
        case 1 -> b.deleteCharAt(at);
        case 2 -> b.insert(at, "  ");
        default -> b.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
      }
    }
    String mutated = b.toString();
    List<String> fast = fast(mutated);
    if (fast != null) {
      assertThat(fast).as(mutated).isEqualTo(reference(mutated));
    }
  }

  @Test
  void loading_through_either_reader_gives_the_same_catalog() {
    Map<String, String> files = CatalogGenerator.yaml(new CatalogShape(2, 20, 60, 150, 11));
    LoadedCatalog fast = CatalogLoader.load(files);
    LoadedCatalog reference = CatalogLoader.load(files, false);
    assertThat(fast.catalog().workloads())
        .containsExactlyElementsOf(reference.catalog().workloads());
    assertThat(fast.catalog().powerAssets())
        .containsExactlyElementsOf(reference.catalog().powerAssets());
    assertThat(fast.catalog().backups()).containsExactlyElementsOf(reference.catalog().backups());
    assertThat(fast.catalog().zones()).containsExactlyElementsOf(reference.catalog().zones());
  }

  /** Everything a file gave once read: entities, references, problems with their lines. */
  static String parsed(ParsedFile f) {
    return List.of(
            f.workloads,
            f.sites,
            f.zones,
            f.powerAssets,
            f.backups,
            f.systems,
            f.groups,
            f.dependencyOf,
            f.systemRefs,
            f.errors,
            f.warnings,
            f.skipped,
            f.skippedKinds)
        .toString();
  }

  @Test
  void a_file_the_fast_reader_gives_up_on_after_some_documents_is_read_once_by_snakeyaml() {
    // the first document is in the fast subset and goes to the reader before the block scalar
    // of the second makes the fast reader give up: nothing of the first may be kept twice
    String text =
        """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata: {name: one}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: two
          description: |
            a block scalar
        """;
    ParsedFile fast = new DescriptorReader("f.yaml", true).read(text);
    assertThat(fast.workloads).hasSize(2);
    assertThat(parsed(fast)).isEqualTo(parsed(new DescriptorReader("f.yaml", false).read(text)));
  }

  @Property(tries = 300)
  void on_random_mutations_a_file_reads_the_same_through_either_reader(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    String text = CORPUS.get(random.nextInt(CORPUS.size()));
    if (text.length() > 20_000) {
      text = text.substring(0, 20_000);
    }
    StringBuilder b = new StringBuilder(text);
    String alphabet = " :-#'\"[]{},\n\tab1|>&*!?%\\.";
    for (int m = 0, n = 1 + random.nextInt(4); m < n && b.length() > 0; m++) {
      int at = random.nextInt(b.length());
      switch (random.nextInt(4)) {
        case 0 -> b.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
        case 1 -> b.deleteCharAt(at);
        case 2 -> b.insert(at, "  ");
        default -> b.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
      }
    }
    String mutated = b.toString();
    Map<String, EntityRef> shared = new java.util.HashMap<>();
    assertThat(parsed(new DescriptorReader("f.yaml", true, shared).read(mutated)))
        .as(mutated)
        .isEqualTo(parsed(new DescriptorReader("f.yaml", false).read(mutated)));
  }

  @Test
  void loading_a_directory_in_parallel_gives_the_reference_catalog(
      @org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    Map<String, String> files = CatalogGenerator.yaml(new CatalogShape(3, 30, 400, 1200, 13));
    for (Map.Entry<String, String> e : files.entrySet()) {
      Path f = dir.resolve(e.getKey());
      Files.createDirectories(f.getParent());
      Files.writeString(f, e.getValue());
    }
    LoadedCatalog fast = CatalogLoader.load(dir);
    LoadedCatalog reference = CatalogLoader.load(files, false);
    assertThat(fast.catalog().workloads())
        .containsExactlyElementsOf(reference.catalog().workloads());
    assertThat(fast.catalog().powerAssets())
        .containsExactlyElementsOf(reference.catalog().powerAssets());
    assertThat(fast.catalog().backups()).containsExactlyElementsOf(reference.catalog().backups());
    assertThat(fast.catalog().zones()).containsExactlyElementsOf(reference.catalog().zones());
    assertThat(fast.report().warnings()).isEqualTo(reference.report().warnings());
  }
}
