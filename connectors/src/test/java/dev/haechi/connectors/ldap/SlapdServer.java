package dev.haechi.connectors.ldap;

import static org.junit.jupiter.api.Assumptions.abort;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private OpenLDAP {@code slapd} for integration tests (ENVIRONMENT.md), started on 127.0.0.1 and
 * a free port from a {@code slapd.conf} in a temporary folder, with an MDB database for {@code
 * dc=example,dc=org}, the memberof, ppolicy (with a default policy) and lastbind overlays, a
 * read-only {@code cn=reader} whose searches are limited to {@link #READER_SIZE_LIMIT} entries, and
 * a fresh random root password. {@link #close} ends the one process it started and deletes the
 * folder.
 *
 * <p>When slapd is not installed the test is skipped with a message saying so, except under {@code
 * CI=true}, where it fails: CI installs slapd ({@code .ci/run}) and must not pass silently without
 * it.
 */
public final class SlapdServer implements AutoCloseable {
  public static final String BASE = "dc=example,dc=org";
  public static final String ADMIN = "cn=admin," + BASE;
  static final String READER = "cn=reader," + BASE;
  static final String POLICY = "cn=default,ou=policies," + BASE;
  static final int READER_SIZE_LIMIT = 3;

  private static final List<Path> SLAPD =
      List.of(Path.of("/usr/sbin/slapd"), Path.of("/usr/local/libexec/slapd"));
  private static final Path MODULES = Path.of("/usr/lib/ldap");
  private static final Path SCHEMA = Path.of("/etc/ldap/schema");

  public final String adminPassword;
  public final String readerPassword;
  private final Path dir;
  private final Process process;
  private final int port;

  private SlapdServer(Path dir, Process process, int port, String admin, String reader) {
    this.dir = dir;
    this.process = process;
    this.port = port;
    this.adminPassword = admin;
    this.readerPassword = reader;
  }

  /** The slapd binary, or a skip (locally) or failure (CI) that says it is missing. */
  public static Path binary() {
    for (Path p : SLAPD) {
      if (Files.isExecutable(p)
          && Files.isDirectory(MODULES)
          && Files.isRegularFile(SCHEMA.resolve("core.schema"))) {
        return p;
      }
    }
    String why =
        "OpenLDAP slapd is not installed (looked for "
            + SLAPD
            + " with modules in "
            + MODULES
            + " and schema in "
            + SCHEMA
            + "); install it with: apt-get install -y slapd ldap-utils";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException(why);
    }
    abort(why + " (skipped locally; CI=true makes this a failure)");
    return null;
  }

  public static SlapdServer start() throws IOException, InterruptedException {
    Path slapd = binary();
    String admin = UUID.randomUUID().toString();
    String reader = UUID.randomUUID().toString();
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      Path dir = Files.createTempDirectory("haechi-slapd-");
      Files.createDirectories(dir.resolve("db"));
      int port = freePort();
      Path conf = dir.resolve("slapd.conf");
      Files.writeString(conf, config(dir, admin), StandardCharsets.UTF_8);
      Process p =
          new ProcessBuilder(
                  slapd.toString(),
                  "-f",
                  conf.toString(),
                  "-h",
                  "ldap://127.0.0.1:" + port + "/",
                  "-d",
                  "0")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("slapd.log").toFile())
              .start();
      SlapdServer s = new SlapdServer(dir, p, port, admin, reader);
      if (s.waitUntilListening()) {
        s.loadBase();
        return s;
      }
      String log = s.log();
      s.close();
      last = new IOException("slapd did not start on port " + port + ":\n" + log);
    }
    throw last;
  }

  private static String config(Path dir, String adminPassword) {
    return String.join(
        "\n",
        "include " + SCHEMA.resolve("core.schema"),
        "include " + SCHEMA.resolve("cosine.schema"),
        "include " + SCHEMA.resolve("inetorgperson.schema"),
        "include " + SCHEMA.resolve("nis.schema"),
        "modulepath " + MODULES,
        "moduleload back_mdb",
        "moduleload memberof",
        "moduleload ppolicy",
        "moduleload lastbind",
        "pidfile " + dir.resolve("slapd.pid"),
        "argsfile " + dir.resolve("slapd.args"),
        "database mdb",
        "maxsize 104857600",
        "suffix \"" + BASE + "\"",
        "rootdn \"" + ADMIN + "\"",
        "rootpw " + adminPassword,
        "directory " + dir.resolve("db"),
        "access to attrs=userPassword by self write by anonymous auth by * none",
        "access to * by dn.exact=\"" + READER + "\" read by self read by * none",
        "limits dn.exact=\"" + READER + "\" size=" + READER_SIZE_LIMIT,
        "overlay memberof",
        "overlay ppolicy",
        "ppolicy_default \"" + POLICY + "\"",
        "overlay lastbind",
        "");
  }

  private void loadBase() throws IOException {
    try (LDAPConnection c = admin()) {
      c.add(
          "dn: " + BASE,
          "objectClass: dcObject",
          "objectClass: organization",
          "o: Example",
          "dc: example");
      c.add("dn: ou=policies," + BASE, "objectClass: organizationalUnit", "ou: policies");
      c.add(
          "dn: " + POLICY,
          "objectClass: device",
          "objectClass: pwdPolicy",
          "cn: default",
          "pwdAttribute: userPassword",
          // OpenLDAP 2.5 refuses binds of locked accounts only under a policy with pwdLockout.
          "pwdLockout: TRUE");
      c.add(
          "dn: " + READER,
          "objectClass: person",
          "cn: reader",
          "sn: reader",
          "userPassword: " + readerPassword);
      c.add("dn: ou=people," + BASE, "objectClass: organizationalUnit", "ou: people");
      c.add("dn: ou=groups," + BASE, "objectClass: organizationalUnit", "ou: groups");
    } catch (LDAPException | com.unboundid.ldif.LDIFException e) {
      throw new IOException("cannot load the base entries into slapd: " + e.getMessage(), e);
    }
  }

  /** A connection bound as the root DN. */
  public LDAPConnection admin() throws LDAPException {
    return new LDAPConnection("127.0.0.1", port, ADMIN, adminPassword);
  }

  /** The loopback port slapd listens on. */
  public int port() {
    return port;
  }

  public String url() {
    return "ldap://127.0.0.1:" + port;
  }

  private boolean waitUntilListening() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        return false;
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return true;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    return false;
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("slapd.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary folder is harmless
    }
  }
}
