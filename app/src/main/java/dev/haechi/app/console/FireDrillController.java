package dev.haechi.app.console;

import dev.haechi.app.resilience.CatalogStore;
import dev.haechi.app.resilience.CompiledCatalog;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The fire drill: pick a zone (or site, or power asset), set it on fire or cut its power, and see
 * the blast radius on the map of the organisation and the impact per grade.
 */
@Controller
public class FireDrillController {
  private final CatalogStore catalogs;

  public FireDrillController(CatalogStore catalogs) {
    this.catalogs = catalogs;
  }

  @GetMapping("/resilience/fire")
  public String fire(@RequestParam(required = false) String catalog, Model model) {
    List<String> names = catalogs.names();
    String chosen = catalog != null ? catalog : names.isEmpty() ? null : names.get(0);
    Optional<CompiledCatalog> compiled =
        chosen == null ? Optional.empty() : catalogs.latest(chosen);
    model.addAttribute("catalogs", names);
    model.addAttribute("catalog", chosen);
    model.addAttribute("version", compiled.map(CompiledCatalog::version).orElse(null));
    model.addAttribute(
        "zones",
        compiled
            .map(
                c ->
                    c.loaded().catalog().zones().stream()
                        .sorted(
                            java.util.Comparator.comparing(
                                (dev.haechi.resilience.catalog.Zone z) ->
                                    z.site() + "/" + z.name()))
                        .toList())
            .orElse(List.of()));
    model.addAttribute("active", "resilience");
    return "resilience-fire";
  }
}
