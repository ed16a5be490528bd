package dev.haechi.app.api;

import dev.haechi.app.findings.FindingStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who is calling, and the overview of what Haechi knows. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "overview")
public class MeController {
  private final FindingStore findings;

  public MeController(FindingStore findings) {
    this.findings = findings;
  }

  @GetMapping("/me")
  @Operation(summary = "The signed-in user or token and its role")
  public Map<String, Object> me(Authentication auth) {
    String role =
        auth.getAuthorities().stream()
            .map(GrantedAuthority::getAuthority)
            .filter(a -> a.startsWith("ROLE_"))
            .map(a -> a.substring(5).toLowerCase(java.util.Locale.ROOT))
            .findFirst()
            .orElse("none");
    return Map.of("username", auth.getName(), "role", role);
  }

  @GetMapping("/overview")
  @Operation(summary = "Counts of the latest findings per capability and severity, and the runs")
  public Map<String, Object> overview() {
    return Map.of("findings", findings.counts(), "runs", findings.latestRuns());
  }
}
