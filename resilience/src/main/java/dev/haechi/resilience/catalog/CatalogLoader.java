package dev.haechi.resilience.catalog;

import dev.haechi.core.InputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads a resilience catalog (FORMATS.md §3) from a directory of YAML files, searched recursively
 * for {@code .yaml} and {@code .yml}. Either the whole catalog loads, or {@link CatalogException}
 * lists every problem found, each with file, line and reason, and nothing is returned.
 *
 * <p>An existing Backstage catalog loads as it is: files and documents that are not entities
 * (OpenAPI documents, CI workflows, anything under a hidden folder such as {@code .github/}, text
 * that is not YAML) are skipped with a note each in {@link LoadReport#skippedFiles()}; references
 * to entities the folder does not hold are kept as external ({@link LoadReport#externalRefs()})
 * with a warning and taken to be running.
 *
 * <p>Files are read in parallel (each file on its own; parsing dominates load time on large
 * catalogs) and then checked together by {@link CatalogValidator}.
 */
public final class CatalogLoader {

  private CatalogLoader() {}

  /**
   * Loads every {@code .yaml}/{@code .yml} file under {@code dir}.
   *
   * @throws CatalogException listing every problem, when the catalog is invalid
   * @throws InputException when the directory cannot be read
   */
  public static LoadedCatalog load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new InputException(dir.toString(), 0, "catalog directory not found");
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files =
          walk.filter(Files::isRegularFile)
              .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
              .sorted()
              .toList();
    } catch (IOException | UncheckedIOException e) {
      throw new InputException(
          dir.toString(), 0, "cannot read catalog directory: " + e.getMessage());
    }
    List<ParsedFile> parsed = new ArrayList<>();
    List<Path> catalogFiles = new ArrayList<>();
    for (Path f : files) {
      Path rel = dir.relativize(f);
      String hidden = hiddenFolder(rel);
      if (hidden == null) {
        catalogFiles.add(f);
      } else {
        ParsedFile skipped = new ParsedFile();
        skipped.skipped.add(
            new CatalogProblem(
                rel.toString().replace('\\', '/'),
                0,
                "in hidden folder " + hidden + " (tooling, not catalog entities): skipped"));
        parsed.add(skipped);
      }
    }
    // sized for the load up front (about one distinct reference per 256 bytes of YAML): growing a
    // map that both cores fill at once cost more than the look-ups on the 100,000-entity catalog
    long bytes = 0;
    for (Path f : catalogFiles) {
      try {
        bytes += Files.size(f);
      } catch (IOException | UncheckedIOException e) {
        // named when the file is read below
      }
    }
    Map<String, EntityRef> refs =
        new java.util.concurrent.ConcurrentHashMap<>(
            (int) Math.min(1 << 22, Math.max(16, bytes / 256)));
    parsed.addAll(
        catalogFiles.parallelStream()
            .map(
                f -> {
                  String name = dir.relativize(f).toString().replace('\\', '/');
                  try {
                    return new DescriptorReader(name, DescriptorReader.FAST_BY_DEFAULT, refs)
                        .read(Files.readString(f));
                  } catch (CharacterCodingException e) {
                    ParsedFile binary = new ParsedFile();
                    binary.skipped.add(
                        new CatalogProblem(name, 0, "not YAML (not UTF-8 text): skipped"));
                    return binary;
                  } catch (IOException | UncheckedIOException e) {
                    ParsedFile failed = new ParsedFile();
                    failed.errors.add(
                        new CatalogProblem(name, 0, "cannot read: " + e.getMessage()));
                    return failed;
                  }
                })
            .toList());
    return CatalogValidator.validate(parsed);
  }

  /** The first folder of {@code rel} whose name starts with a dot ({@code .github}), or null. */
  private static String hiddenFolder(Path rel) {
    for (int i = 0; i < rel.getNameCount() - 1; i++) {
      String part = rel.getName(i).toString();
      if (part.startsWith(".") && !part.equals(".") && !part.equals("..")) {
        return part + "/";
      }
    }
    return null;
  }

  /**
   * Loads a catalog from YAML texts held in memory, keyed by the file name errors should show.
   *
   * @throws CatalogException listing every problem, when the catalog is invalid
   */
  public static LoadedCatalog load(Map<String, String> files) {
    return load(files, true);
  }

  /** As {@link #load(Map)}; {@code fast} false reads every file with SnakeYAML (the reference). */
  static LoadedCatalog load(Map<String, String> files, boolean fast) {
    List<ParsedFile> parsed = new ArrayList<>();
    Map<String, EntityRef> refs = new java.util.HashMap<>();
    files.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> parsed.add(new DescriptorReader(e.getKey(), fast, refs).read(e.getValue())));
    return CatalogValidator.validate(parsed);
  }
}
