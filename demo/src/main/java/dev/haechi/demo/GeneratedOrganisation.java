package dev.haechi.demo;

import java.nio.file.Path;
import java.util.List;

/**
 * One organisation's folder after {@link DemoOrganisations#generate} or {@link
 * DemoOrganisations#reuseOrGenerate}.
 *
 * @param name {@code retailer} or {@code government}
 * @param directory the organisation's folder: an identity directory (FORMATS.md §1.4) or a
 *     resilience catalog (§3)
 * @param manifest the folder's {@code demo.json}
 * @param files every file in the folder except the manifest, in the order written
 * @param reused true when an existing folder matched seed, scale and generator version and nothing
 *     was written
 */
public record GeneratedOrganisation(
    String name, Path directory, Path manifest, List<Path> files, boolean reused) {
  public GeneratedOrganisation {
    files = List.copyOf(files);
  }
}
