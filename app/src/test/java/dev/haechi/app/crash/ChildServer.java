package dev.haechi.app.crash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Haechi server in a child JVM ({@code haechi serve} with this test's classpath), so that a test
 * can kill it the way a power cut or the OOM killer does: {@link Process#destroyForcibly()} is
 * SIGKILL on Linux, no shutdown hook runs, nothing is flushed.
 */
final class ChildServer implements AutoCloseable {
  private static final Pattern SERVING =
      Pattern.compile("Haechi is serving on https?://[^:]+:(\\d+)/");

  private final Process process;
  private final CompletableFuture<Integer> port = new CompletableFuture<>();
  private final StringBuilder log = new StringBuilder();

  private ChildServer(Process process) {
    this.process = process;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  synchronized (log) {
                    if (log.length() < 200_000) {
                      log.append(line).append('\n');
                    }
                  }
                  Matcher m = SERVING.matcher(line);
                  if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                  }
                }
              } catch (IOException ignored) {
                // the process was killed
              }
              port.completeExceptionally(new IllegalStateException("the server ended:\n" + log()));
            });
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code haechi serve --home HOME --port 0} and waits until it serves.
   *
   * @param systemProperties server properties passed as {@code -Dname=value}
   */
  static ChildServer start(Path home, Map<String, String> env, Map<String, String> systemProperties)
      throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx768m");
    cmd.add("-XX:+UseSerialGC");
    systemProperties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.haechi.app.HaechiMain");
    cmd.addAll(List.of("serve", "--home", home.toString(), "--port", "0", "--bind", "127.0.0.1"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("HAECHI_"));
    pb.environment().putAll(env);
    Files.createDirectories(home);
    ChildServer s = new ChildServer(pb.start());
    try {
      s.port.get(10, TimeUnit.MINUTES);
    } catch (Exception e) {
      s.process.destroyForcibly();
      throw new IllegalStateException("the child server did not start:\n" + s.log(), e);
    }
    return s;
  }

  String base() {
    return "http://127.0.0.1:" + port.join();
  }

  String log() {
    synchronized (log) {
      return log.toString();
    }
  }

  /** SIGKILL: the server gets no chance to finish, flush or roll back anything itself. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(2, TimeUnit.MINUTES);
  }

  /** An orderly stop (SIGTERM: Spring closes the store). */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      process.waitFor(1, TimeUnit.MINUTES);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(2, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
