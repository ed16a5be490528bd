package dev.haechi.app.cli;

import dev.haechi.app.store.DatabaseTarget;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where Haechi keeps its data: {@code --home} and {@code --db-url}, shared by subcommands. */
public class StoreOptions {
  @Option(
      names = "--home",
      paramLabel = "DIR",
      description = "Haechi's home folder (default: $HAECHI_HOME, else ./data).")
  Path home;

  @Option(
      names = "--db-url",
      paramLabel = "JDBC_URL",
      description =
          "Database URL, e.g. jdbc:postgresql://localhost:5432/haechi (default: $HAECHI_DB_URL,"
              + " else an embedded H2 file in the home folder). Credentials: $HAECHI_DB_USER,"
              + " $HAECHI_DB_PASSWORD.")
  String dbUrl;

  public Path home() {
    if (home != null) {
      return home;
    }
    String env = System.getenv("HAECHI_HOME");
    return Path.of(env == null || env.isBlank() ? "data" : env);
  }

  public DatabaseTarget database() {
    return DatabaseTarget.resolve(dbUrl, home(), System.getenv());
  }
}
