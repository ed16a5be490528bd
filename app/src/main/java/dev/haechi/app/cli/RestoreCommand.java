package dev.haechi.app.cli;

import dev.haechi.app.backup.StoreRestore;
import dev.haechi.app.store.DatabaseTarget;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code haechi restore --from FILE --home DIR}: a backup into a fresh home (issue 12). */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = {
      "Restore a 'haechi backup' file into a fresh home: an embedded H2 store there, or the empty"
          + " PostgreSQL database (or schema) given by --db-url / $HAECHI_DB_URL. The home gets"
          + " the audit key (from the backup, unless $HAECHI_AUDIT_KEY(_FILE) is set) and the"
          + " backup's signed checkpoint; the restored audit chain is verified against it.",
      "Exits 0 when restored and the audit chain verifies, 1 when the chain does not verify, 2"
          + " when the backup or the target cannot be used (nothing is overwritten: the home"
          + " and the database must be new)."
    })
public class RestoreCommand implements Callable<Integer> {
  @Option(names = "--from", required = true, paramLabel = "FILE", description = "The backup.")
  Path from;

  @Option(
      names = "--home",
      required = true,
      paramLabel = "DIR",
      description = "The new home (must not hold a store, audit key or checkpoint yet).")
  Path home;

  @Option(
      names = "--db-url",
      paramLabel = "JDBC_URL",
      description =
          "Restore into this empty PostgreSQL database instead of an H2 file in the home"
              + " (default: $HAECHI_DB_URL). Credentials: $HAECHI_DB_USER, $HAECHI_DB_PASSWORD.")
  String dbUrl;

  @Override
  public Integer call() throws Exception {
    DatabaseTarget target = DatabaseTarget.resolve(dbUrl, home, System.getenv());
    StoreRestore.Result r = StoreRestore.restore(from, target, home, System.getenv());
    System.out.printf(
        "restored %d tables, %d rows (schema %s, backed up from %s) into %s%n",
        r.tables(), r.rows(), r.schemaVersion(), r.backedUpFrom(), target.describe());
    if (r.audit().intact()) {
      System.out.printf(
          "audit chain intact: %d records verified against the backup's signed checkpoint (key"
              + " from the %s)%n",
          r.audit().records(), r.keyFrom());
      return ExitCodes.OK;
    }
    System.out.println(
        "audit chain BROKEN at record " + r.audit().firstBrokenSeq() + ": " + r.audit().reason());
    return ExitCodes.FOUND;
  }
}
