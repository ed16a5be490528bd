package dev.haechi.demo.output;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A folder being filled by a generator. Every file is opened through {@link #open} so that the
 * folder can list, in order, what it wrote; files are UTF-8 with {@code \n} line ends regardless of
 * the platform, so that the same seed gives the same bytes everywhere.
 */
public final class OutputFolder {
  private static final int BUFFER = 1 << 16;

  private final Path root;
  private final List<Path> written = new ArrayList<>();

  public OutputFolder(Path root) throws IOException {
    this.root = root;
    Files.createDirectories(root);
  }

  public Path root() {
    return root;
  }

  /** Opens {@code relative} for writing (creating parent folders) and records it as written. */
  public BufferedWriter open(String relative) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    written.add(file);
    return new BufferedWriter(
        new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), BUFFER);
  }

  /** The files opened so far, in the order they were opened. */
  public List<Path> written() {
    return List.copyOf(written);
  }
}
