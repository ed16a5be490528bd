package dev.haechi.connectors.postgres;

import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL primary and a streaming standby for integration tests (ENVIRONMENT.md):
 * {@code initdb} in a temporary folder, the primary on 127.0.0.1 and a free port, the standby made
 * with {@code pg_basebackup -R} (its {@code application_name} is {@link #STANDBY_NAME}) on another
 * free port. Run as root (as in CI), every PostgreSQL program runs as the {@code postgres} user,
 * since PostgreSQL refuses to run as root. {@link #close} stops the two servers it started and
 * deletes the folder.
 *
 * <p>When PostgreSQL is not installed the test is skipped with a message saying so, except under
 * {@code CI=true}, where it fails: CI installs PostgreSQL ({@code .ci/services}).
 */
final class PgStreamingPair implements AutoCloseable {
  static final String STANDBY_NAME = "dr1";

  final Path dir;
  final int primaryPort;
  final int standbyPort;
  private final Path bin;
  private final boolean asRoot;

  private PgStreamingPair(Path dir, Path bin, int primaryPort, int standbyPort, boolean asRoot) {
    this.dir = dir;
    this.bin = bin;
    this.primaryPort = primaryPort;
    this.standbyPort = standbyPort;
    this.asRoot = asRoot;
  }

  /** The newest installed PostgreSQL's bin folder, or a skip (locally) / failure (CI). */
  static Path binaries() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(root)) {
      try (Stream<Path> versions = Files.list(root)) {
        Path best =
            versions
                .filter(p -> Files.isExecutable(p.resolve("bin/initdb")))
                .filter(p -> Files.isExecutable(p.resolve("bin/pg_basebackup")))
                .max(Comparator.comparingInt(p -> version(p.getFileName().toString())))
                .orElse(null);
        if (best != null) {
          return best.resolve("bin");
        }
      }
    }
    String why =
        "PostgreSQL server binaries are not installed (looked for /usr/lib/postgresql/*/bin/initdb"
            + " and pg_basebackup); install them with: apt-get install -y postgresql";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException(why);
    }
    abort(why + " (skipped locally; CI=true makes this a failure)");
    return null;
  }

  private static int version(String name) {
    try {
      return Integer.parseInt(name.replaceAll("\\D.*", ""));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static PgStreamingPair start() throws Exception {
    Path bin = binaries();
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("haechi-pgrep-");
    PgStreamingPair pair = new PgStreamingPair(dir, bin, freePort(), freePort(), root);
    try {
      pair.init();
      return pair;
    } catch (Exception e) {
      String logs = pair.logs();
      pair.close();
      throw new IOException(e.getMessage() + "\n" + logs, e);
    }
  }

  private void init() throws Exception {
    if (asRoot) {
      UserPrincipal postgres =
          dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
      Files.setOwner(dir, postgres);
    }
    Path primary = dir.resolve("primary");
    Path standby = dir.resolve("standby");
    run(
        bin.resolve("initdb").toString(),
        "-D",
        primary.toString(),
        "-U",
        "postgres",
        "-A",
        "trust",
        "--no-sync",
        "-E",
        "UTF8");
    appendAs(primary.resolve("postgresql.conf"), conf(primaryPort));
    appendAs(primary.resolve("pg_hba.conf"), "host replication all 127.0.0.1/32 trust\n");
    pgctl(primary, "start");
    run(
        bin.resolve("pg_basebackup").toString(),
        "-h",
        "127.0.0.1",
        "-p",
        String.valueOf(primaryPort),
        "-U",
        "postgres",
        "-D",
        standby.toString(),
        "-R",
        "-X",
        "stream",
        "--no-sync",
        "-d",
        "application_name=" + STANDBY_NAME);
    appendAs(standby.resolve("postgresql.conf"), "port = " + standbyPort + "\n");
    pgctl(standby, "start");
  }

  private String conf(int port) {
    return String.join(
        "\n",
        "listen_addresses = '127.0.0.1'",
        "port = " + port,
        "unix_socket_directories = '" + dir + "'",
        "wal_level = replica",
        "max_wal_senders = 4",
        "fsync = off",
        "shared_buffers = 16MB",
        "");
  }

  private void appendAs(Path file, String text) throws Exception {
    // the file belongs to postgres; root may write it, and the owner stays postgres
    Files.writeString(file, text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
  }

  private void pgctl(Path data, String action) throws Exception {
    run(
        bin.resolve("pg_ctl").toString(),
        "-D",
        data.toString(),
        "-l",
        dir.resolve(data.getFileName() + ".log").toString(),
        "-w",
        "-t",
        "60",
        "-m",
        "fast",
        action);
  }

  private void run(String... command) throws Exception {
    List<String> cmd = new ArrayList<>();
    if (asRoot) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.addAll(List.of(command));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", cmd) + " did not finish in 120 s:\n" + out);
    }
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ":\n" + out);
    }
  }

  String primaryUrl() {
    return "jdbc:postgresql://127.0.0.1:" + primaryPort + "/postgres";
  }

  Connection primary() throws SQLException {
    return DriverManager.getConnection(primaryUrl(), "postgres", "");
  }

  Connection standby() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + standbyPort + "/postgres", "postgres", "");
  }

  private String logs() {
    StringBuilder b = new StringBuilder();
    for (String name : List.of("primary.log", "standby.log")) {
      Path f = dir.resolve(name);
      try {
        if (Files.exists(f)) {
          b.append("--- ").append(name).append('\n').append(Files.readString(f));
        }
      } catch (IOException e) {
        b.append(name).append(": ").append(e.getMessage()).append('\n');
      }
    }
    return b.toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    for (String data : List.of("standby", "primary")) {
      Path d = dir.resolve(data);
      if (Files.exists(d.resolve("postmaster.pid"))) {
        try {
          run(
              bin.resolve("pg_ctl").toString(),
              "-D",
              d.toString(),
              "-w",
              "-t",
              "60",
              "-m",
              "immediate",
              "stop");
        } catch (Exception e) {
          System.err.println("could not stop the test PostgreSQL in " + d + ": " + e.getMessage());
        }
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not delete " + dir + ": " + e.getMessage());
    }
  }
}
