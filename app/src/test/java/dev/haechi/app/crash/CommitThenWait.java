package dev.haechi.app.crash;

import dev.haechi.app.store.DatabaseTarget;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

/**
 * A child process for {@link EmbeddedStoreDurabilityIT}: commits rows one by one into the embedded
 * store of the home in {@code args[0]}, says so after each, then waits to be killed.
 */
public final class CommitThenWait {
  private CommitThenWait() {}

  public static void main(String[] args) throws Exception {
    int rows = Integer.parseInt(args[1]);
    try (Connection c = DatabaseTarget.embedded(Path.of(args[0])).connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id INT PRIMARY KEY)");
      for (int i = 1; i <= rows; i++) {
        s.execute("INSERT INTO t VALUES (" + i + ")");
        System.out.println("committed " + i);
      }
      System.out.flush();
      Thread.sleep(600_000);
    }
  }
}
