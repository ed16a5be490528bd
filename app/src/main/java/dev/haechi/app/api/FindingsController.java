package dev.haechi.app.api;

import dev.haechi.app.findings.FindingStore;
import dev.haechi.app.findings.PageOf;
import dev.haechi.app.findings.StoredFinding;
import dev.haechi.core.Severity;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Findings of the latest engine runs. */
@RestController
@RequestMapping("/api/v1/findings")
@Tag(name = "findings")
public class FindingsController {
  private final FindingStore findings;

  public FindingsController(FindingStore findings) {
    this.findings = findings;
  }

  @GetMapping
  @Operation(summary = "Findings, most severe first, filtered by capability and severity, paged")
  public PageOf<StoredFinding> list(
      @RequestParam(required = false) String capability,
      @RequestParam(required = false) String severity,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "50") int size) {
    Paging.check(page, size);
    if (capability != null && !FindingStore.CAPABILITIES.contains(capability)) {
      throw new IllegalArgumentException(
          "capability: unknown '"
              + capability
              + "' (expected one of "
              + FindingStore.CAPABILITIES
              + ")");
    }
    if (severity != null) {
      Severity.parse(severity);
    }
    return findings.list(capability, severity, page, size);
  }
}
