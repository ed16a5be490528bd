package dev.haechi.app.api;

import dev.haechi.app.audit.AuditChainVerifier;
import dev.haechi.app.audit.AuditLog;
import dev.haechi.app.audit.AuditRecord;
import dev.haechi.app.findings.PageOf;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit chain: read it, verify it. Admins only. */
@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "audit")
public class AuditController {
  private final AuditLog audit;

  public AuditController(AuditLog audit) {
    this.audit = audit;
  }

  @GetMapping
  @Operation(summary = "Audit records, newest first, paged")
  public PageOf<AuditRecord> list(
      @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
    Paging.check(page, size);
    return new PageOf<>(audit.page(page, size), page, size, audit.count());
  }

  @GetMapping("/verify")
  @Operation(summary = "Check the hash chain; names the first broken record")
  public AuditChainVerifier.Result verify() {
    return audit.verify();
  }
}
