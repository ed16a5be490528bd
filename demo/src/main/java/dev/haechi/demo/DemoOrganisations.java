package dev.haechi.demo;

import dev.haechi.demo.government.GovernmentGenerator;
import dev.haechi.demo.output.OutputFolder;
import dev.haechi.demo.retailer.RetailerGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generates the demo organisations into {@code OUT/retailer} (an identity directory, FORMATS.md
 * §1.4) and {@code OUT/government} (a resilience catalog, §3), each with a {@code demo.json}
 * manifest naming the seed, scale, generator version, counts and planted facts.
 *
 * <p>Promises: the same options give byte-identical files; the manifest is written last, so a
 * folder with a manifest is complete; a folder is only replaced when it is empty or holds a
 * manifest of ours, never when it holds someone else's files.
 */
public final class DemoOrganisations {
  /** The organisations this generator knows, in the order they are written. */
  public static final List<String> ORGANISATIONS = List.of("government", "retailer");

  /**
   * Changes whenever the same seed and scale would give different files, so that {@link
   * #reuseOrGenerate} regenerates.
   */
  public static final String GENERATOR_VERSION = "3";

  /** The manifest's file name in each organisation's folder. */
  public static final String MANIFEST = "demo.json";

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  /** Pretty printing with {@code \n} line ends on every platform, for byte-identical manifests. */
  private static final DefaultPrettyPrinter PRETTY =
      new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));

  private DemoOrganisations() {}

  /** The folder of {@code organisation} under {@code outDir}. */
  public static Path directoryOf(Path outDir, String organisation) {
    return outDir.resolve(organisation);
  }

  /**
   * Writes every organisation in {@code options}, replacing earlier output.
   *
   * @throws IllegalArgumentException when a target folder holds files this generator did not write
   * @throws IOException when a file cannot be written
   */
  public static List<GeneratedOrganisation> generate(Path outDir, DemoOptions options)
      throws IOException {
    List<GeneratedOrganisation> result = new ArrayList<>();
    for (String name : options.organisations()) {
      result.add(write(directoryOf(outDir, name), name, options));
    }
    return result;
  }

  /**
   * Like {@link #generate}, but keeps an organisation's folder as it is when its manifest names the
   * same seed, scale and generator version and every file it lists exists.
   */
  public static List<GeneratedOrganisation> reuseOrGenerate(Path outDir, DemoOptions options)
      throws IOException {
    List<GeneratedOrganisation> result = new ArrayList<>();
    for (String name : options.organisations()) {
      Path dir = directoryOf(outDir, name);
      GeneratedOrganisation existing = existing(dir, name, options);
      result.add(existing != null ? existing : write(dir, name, options));
    }
    return result;
  }

  /**
   * True when every organisation of {@code options} is already in {@code outDir} as {@link
   * #reuseOrGenerate} would keep it (same seed, scale and generator version, every file there).
   */
  public static boolean isCurrent(Path outDir, DemoOptions options) throws IOException {
    for (String name : options.organisations()) {
      if (existing(directoryOf(outDir, name), name, options) == null) {
        return false;
      }
    }
    return true;
  }

  private static GeneratedOrganisation write(Path dir, String name, DemoOptions options)
      throws IOException {
    clear(dir);
    OutputFolder folder = new OutputFolder(dir);
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("generator", "haechi-demo");
    manifest.put("version", GENERATOR_VERSION);
    manifest.put("organisation", name);
    manifest.put("seed", options.seed());
    manifest.put("scale", options.scale());
    ObjectNode body = JSON.createObjectNode();
    if (name.equals("retailer")) {
      RetailerGenerator.write(folder, options.seed(), options.scale(), body);
    } else {
      GovernmentGenerator.write(folder, options.seed(), options.scale(), body);
    }
    List<Path> files = folder.written();
    ArrayNode list = manifest.putArray("files");
    for (Path f : files) {
      list.add(relative(dir, f));
    }
    manifest.setAll(body);
    Path manifestFile = dir.resolve(MANIFEST);
    try (Writer out = Files.newBufferedWriter(manifestFile, StandardCharsets.UTF_8)) {
      out.write(JSON.writer().with(PRETTY).writeValueAsString(manifest));
      out.write('\n');
    }
    return new GeneratedOrganisation(name, dir, manifestFile, files, false);
  }

  private static String relative(Path dir, Path file) {
    return dir.relativize(file).toString().replace('\\', '/');
  }

  private static GeneratedOrganisation existing(Path dir, String name, DemoOptions options)
      throws IOException {
    Path manifestFile = dir.resolve(MANIFEST);
    JsonNode manifest = readManifest(manifestFile);
    if (manifest == null
        || !GENERATOR_VERSION.equals(manifest.path("version").asString())
        || !name.equals(manifest.path("organisation").asString())
        || manifest.path("seed").asLong() != options.seed()
        || manifest.path("scale").asDouble() != options.scale()) {
      return null;
    }
    List<Path> files = new ArrayList<>();
    for (JsonNode f : manifest.path("files")) {
      Path file = dir.resolve(f.asString());
      if (!Files.isRegularFile(file)) {
        return null;
      }
      files.add(file);
    }
    return new GeneratedOrganisation(name, dir, manifestFile, files, true);
  }

  private static JsonNode readManifest(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try (InputStream in = Files.newInputStream(file)) {
      return JSON.readTree(in);
    } catch (JacksonException e) {
      return null;
    }
  }

  /** Empties {@code dir} if it is ours (it has a manifest) or does not exist yet. */
  private static void clear(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(dir + " exists and is not a folder");
    }
    boolean empty;
    try (Stream<Path> children = Files.list(dir)) {
      empty = children.findAny().isEmpty();
    }
    if (empty) {
      return;
    }
    if (!Files.isRegularFile(dir.resolve(MANIFEST))) {
      throw new IllegalArgumentException(
          dir + " holds files without a " + MANIFEST + "; refusing to overwrite it");
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(dir)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : paths) {
      if (!p.equals(dir)) {
        Files.delete(p);
      }
    }
  }
}
