package dev.haechi.app.api;

import dev.haechi.app.audit.AuditLog;
import dev.haechi.app.backup.StoreBackup;
import dev.haechi.app.security.SecurityConfig;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.sql.DataSource;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The online backup of the store through the running server (issue 12, item 12): the only way to
 * back up the embedded H2 store while the server holds it. Admins only, audited. The audit key is
 * never sent over HTTP: {@code haechi backup --server} adds it from the home when it runs there.
 */
@RestController
@Tag(name = "backup")
public class BackupController {
  private final DataSource dataSource;
  private final AuditLog audit;

  public BackupController(DataSource dataSource, AuditLog audit) {
    this.dataSource = dataSource;
    this.audit = audit;
  }

  @GetMapping("/api/v1/admin/backup")
  @Operation(
      summary =
          "The whole store as a 'haechi backup' zip, read in one snapshot transaction (without"
              + " the audit key)")
  public void backup(Authentication auth, HttpServletResponse response)
      throws IOException, SQLException {
    audit.append(SecurityConfig.actor(auth), "store.backup", "store", "online backup requested");
    String name = "haechi-" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ".zip";
    response.setContentType("application/zip");
    response.setHeader(
        "Content-Disposition", "attachment; filename=\"" + name.replace(':', '-') + "\"");
    response.setHeader("Cache-Control", "no-store");
    try (Connection c = dataSource.getConnection()) {
      StoreBackup.write(c, audit.seal(), null, response.getOutputStream());
    }
    response.flushBuffer();
  }
}
