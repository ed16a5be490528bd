package dev.haechi.app.api;

import dev.haechi.app.findings.PageOf;
import dev.haechi.app.resilience.CatalogStore;
import dev.haechi.app.resilience.CatalogVersion;
import dev.haechi.app.resilience.CompiledCatalog;
import dev.haechi.app.security.SecurityConfig;
import dev.haechi.core.InputException;
import dev.haechi.resilience.catalog.Catalog;
import dev.haechi.resilience.catalog.Workload;
import dev.haechi.resilience.risk.AssessmentResult;
import dev.haechi.resilience.risk.RiskAssessment;
import dev.haechi.resilience.simulation.Event;
import dev.haechi.resilience.simulation.Loss;
import dev.haechi.resilience.simulation.Scenario;
import dev.haechi.resilience.simulation.SimulationResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Resilience catalogs in the store: import with history, assess, simulate, map. */
@RestController
@RequestMapping("/api/v1/resilience/catalogs")
@Tag(name = "resilience")
public class ResilienceController {
  private final CatalogStore catalogs;

  public ResilienceController(CatalogStore catalogs) {
    this.catalogs = catalogs;
  }

  /**
   * @param source where the files came from (a repository URL, a path), for the history
   * @param files YAML texts keyed by their path in the catalog
   */
  public record CatalogImport(String source, Map<String, String> files) {}

  @GetMapping
  @Operation(summary = "Stored catalogs and their newest versions")
  public List<CatalogVersion> list() {
    List<CatalogVersion> out = new ArrayList<>();
    for (String name : catalogs.names()) {
      out.add(catalogs.history(name).get(0));
    }
    return out;
  }

  @PutMapping("/{name}")
  @Operation(
      summary = "Import a new version of a catalog",
      description =
          "The whole catalog is validated first; an invalid catalog is refused with every problem"
              + " (file, line, reason) and nothing is stored.")
  public CatalogVersion importCatalog(
      @PathVariable String name, @RequestBody CatalogImport body, Authentication auth) {
    return catalogs.importCatalog(SecurityConfig.actor(auth), name, body.source(), body.files());
  }

  @GetMapping("/{name}/versions")
  @Operation(summary = "Every version of a catalog, newest first: what changed, when, by whom")
  public PageOf<CatalogVersion> versions(
      @PathVariable String name,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "50") int size) {
    Paging.check(page, size);
    List<CatalogVersion> all = catalogs.history(name);
    if (all.isEmpty()) {
      throw notFound(name);
    }
    int from = Math.min(page * size, all.size());
    return new PageOf<>(
        all.subList(from, Math.min(from + size, all.size())), page, size, all.size());
  }

  @GetMapping("/{name}/findings")
  @Operation(summary = "Risk findings of the newest version as of a date (default today)")
  public AssessmentResult findings(
      @PathVariable String name, @RequestParam(required = false) String asOf) {
    LocalDate date = asOf == null ? LocalDate.now() : parseDate("asOf", asOf);
    return RiskAssessment.assess(compiled(name).loaded().catalog(), date);
  }

  @GetMapping("/{name}/simulate")
  @Operation(
      summary = "Simulate losing zones, sites or power assets (FORMATS.md §4 simulate shape)")
  public SimulationResult simulate(
      @PathVariable String name,
      @RequestParam List<String> lose,
      @RequestParam(defaultValue = "fire") String event,
      @RequestParam(required = false) String at) {
    Instant when =
        at == null ? Instant.now() : parseDate("at", at).atStartOfDay().toInstant(ZoneOffset.UTC);
    List<Loss> losses = lose.stream().map(Loss::parse).toList();
    return compiled(name).simulate(new Scenario(losses, Event.parse(event), when));
  }

  @GetMapping("/{name}/map")
  @Operation(summary = "Sites, zones and where each system runs, for the console's map")
  public Map<String, Object> map(@PathVariable String name) {
    Catalog c = compiled(name).loaded().catalog();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("sites", c.sites().stream().map(s -> s.name()).sorted().toList());
    out.put(
        "zones",
        c.zones().stream()
            .sorted(Comparator.comparing(z -> z.site() + "/" + z.name()))
            .map(z -> Map.of("name", z.name(), "site", z.site(), "type", String.valueOf(z.type())))
            .toList());
    List<Map<String, Object>> workloads = new ArrayList<>();
    for (Workload w : c.workloads()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("ref", w.ref().toString());
      m.put("grade", w.grade());
      m.put("zones", w.zones());
      m.put("publicName", w.publicName());
      m.put("dependsOn", w.dependsOn().stream().map(Object::toString).toList());
      workloads.add(m);
    }
    workloads.sort(Comparator.comparing(m -> (String) m.get("ref")));
    out.put("workloads", workloads);
    out.put("powerAssets", c.powerAssets().stream().map(a -> a.name()).sorted().toList());
    return out;
  }

  private CompiledCatalog compiled(String name) {
    return catalogs.latest(name).orElseThrow(() -> notFound(name));
  }

  private static ResponseStatusException notFound(String name) {
    return new ResponseStatusException(HttpStatus.NOT_FOUND, "no catalog named '" + name + "'");
  }

  private static LocalDate parseDate(String field, String text) {
    try {
      return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
    } catch (java.time.format.DateTimeParseException e) {
      throw new InputException(field, 0, "'" + text + "' is not a date (expected 2025-09-01)");
    }
  }
}
