package dev.haechi.resilience.catalog;

import dev.haechi.core.InputException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads a resilience catalog (FORMATS.md §3) from a directory of YAML files, searched recursively
 * for {@code .yaml} and {@code .yml}. Either the whole catalog loads and every reference in it
 * resolves, or {@link CatalogException} lists every problem found, each with file, line and reason,
 * and nothing is returned.
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
    List<ParsedFile> parsed =
        files.parallelStream()
            .map(
                f -> {
                  String name = dir.relativize(f).toString().replace('\\', '/');
                  try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                    return new DescriptorReader(name).read(r);
                  } catch (IOException | UncheckedIOException e) {
                    ParsedFile failed = new ParsedFile();
                    failed.errors.add(
                        new CatalogProblem(name, 0, "cannot read: " + e.getMessage()));
                    return failed;
                  }
                })
            .toList();
    return CatalogValidator.validate(parsed);
  }

  /**
   * Loads a catalog from YAML texts held in memory, keyed by the file name errors should show.
   *
   * @throws CatalogException listing every problem, when the catalog is invalid
   */
  public static LoadedCatalog load(Map<String, String> files) {
    List<ParsedFile> parsed = new ArrayList<>();
    files.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> parsed.add(new DescriptorReader(e.getKey()).read(new StringReader(e.getValue()))));
    return CatalogValidator.validate(parsed);
  }
}
