package dev.haechi.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Runs a command again in a JVM whose class path is the executable jar's own libraries, extracted
 * once into a folder next to the jar ({@code haechi.jar.classpath-SIZE-MTIME/}). For {@code haechi
 * detect --engine flink}: Flink's local cluster loads job classes through the application class
 * loader, which inside Spring Boot's executable jar holds only the launcher.
 */
final class PlainClasspath {
  private PlainClasspath() {}

  /** The executable jar this process runs from, or null when run from a plain class path. */
  static Path executableJar() {
    if (PlainClasspath.class.getClassLoader() == ClassLoader.getSystemClassLoader()) {
      return null;
    }
    String cp = System.getProperty("java.class.path", "");
    if (!cp.endsWith(".jar") || cp.contains(java.io.File.pathSeparator)) {
      return null;
    }
    Path jar = Path.of(cp);
    return Files.isRegularFile(jar) ? jar : null;
  }

  static boolean needed() {
    return executableJar() != null;
  }

  static int relaunch(List<String> args) throws IOException {
    Path jar = executableJar();
    Path dir = extract(jar);
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
    cmd.add("-cp");
    cmd.add(Files.readString(dir.resolve("classpath.txt")).strip());
    cmd.add("dev.haechi.app.HaechiMain");
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    try {
      return p.waitFor();
    } catch (InterruptedException e) {
      p.destroy();
      Thread.currentThread().interrupt();
      return ExitCodes.BAD_INPUT;
    }
  }

  /** Extracts BOOT-INF/classes and BOOT-INF/lib once per jar version; returns the folder. */
  static synchronized Path extract(Path jar) throws IOException {
    Path dir =
        jar.resolveSibling(
            jar.getFileName()
                + ".classpath-"
                + Files.size(jar)
                + "-"
                + Files.getLastModifiedTime(jar).toMillis());
    if (Files.isRegularFile(dir.resolve("classpath.txt"))) {
      return dir;
    }
    Path tmp = Files.createTempDirectory(jar.toAbsolutePath().getParent(), ".haechi-extract");
    List<String> order = new ArrayList<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      ZipEntry idx = zip.getEntry("BOOT-INF/classpath.idx");
      if (idx != null) {
        try (InputStream in = zip.getInputStream(idx)) {
          for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\n")) {
            String l = line.strip();
            if (l.startsWith("- ")) {
              l = l.substring(2).replace("\"", "");
            }
            if (!l.isEmpty()) {
              order.add(l);
            }
          }
        }
      }
      zip.stream()
          .filter(e -> !e.isDirectory() && e.getName().startsWith("BOOT-INF/"))
          .forEach(
              e -> {
                Path out = tmp.resolve(e.getName().substring("BOOT-INF/".length())).normalize();
                if (!out.startsWith(tmp)) {
                  return; // no entry may leave the folder
                }
                try (InputStream in = zip.getInputStream(e)) {
                  Files.createDirectories(out.getParent());
                  Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException ex) {
                  throw new UncheckedIOException(ex);
                }
                if (e.getName().startsWith("BOOT-INF/lib/")
                    && !order.contains(e.getName().substring("BOOT-INF/".length()))) {
                  order.add(e.getName().substring("BOOT-INF/".length()));
                }
              });
    }
    Path target = dir;
    StringBuilder cp = new StringBuilder(target.resolve("classes").toString());
    for (String lib : order) {
      String name = lib.startsWith("BOOT-INF/") ? lib.substring("BOOT-INF/".length()) : lib;
      cp.append(java.io.File.pathSeparator).append(target.resolve(name));
    }
    Files.writeString(tmp.resolve("classpath.txt"), cp.toString());
    try {
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      if (!Files.isRegularFile(dir.resolve("classpath.txt"))) {
        throw e;
      }
    }
    return dir;
  }
}
