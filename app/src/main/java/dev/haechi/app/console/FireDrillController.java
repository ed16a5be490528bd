package dev.haechi.app.console;

import dev.haechi.app.resilience.CatalogStore;
import dev.haechi.app.resilience.CompiledCatalog;
import dev.haechi.resilience.simulation.Event;
import dev.haechi.resilience.simulation.Loss;
import dev.haechi.resilience.simulation.Scenario;
import java.util.List;
import java.util.Map;
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
  private static final tools.jackson.databind.json.JsonMapper JSON =
      tools.jackson.databind.json.JsonMapper.builder().build();
  private final CatalogStore catalogs;
  private final dev.haechi.app.recovery.RecoveryService recovery;

  private final Exports exports;
  private final ConsoleFormat fmt;

  public FireDrillController(
      CatalogStore catalogs,
      Exports exports,
      ConsoleFormat fmt,
      dev.haechi.app.recovery.RecoveryService recovery) {
    this.catalogs = catalogs;
    this.recovery = recovery;
    this.exports = exports;
    this.fmt = fmt;
  }

  /** The filtered catalog (every page) as CSV or JSON. */
  @GetMapping(value = "/resilience/catalog", params = "format")
  public org.springframework.http.ResponseEntity<byte[]> exportCatalog(
      @RequestParam(required = false) String catalog,
      @RequestParam(required = false) String zone,
      @RequestParam(required = false) Integer grade,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) String needs,
      @RequestParam String format,
      org.springframework.security.core.Authentication auth) {
    Exports.format(format);
    org.springframework.ui.ExtendedModelMap m = new org.springframework.ui.ExtendedModelMap();
    browse(catalog, zone, grade, q, needs, 0, Integer.MAX_VALUE, m);
    @SuppressWarnings("unchecked")
    List<dev.haechi.resilience.catalog.Workload> rows =
        (List<dev.haechi.resilience.catalog.Workload>) m.get("workloads");
    var t =
        Exports.Table.of(
            List.of("entity", "grade", "public_name", "placements", "rto", "rpo", "depends_on"));
    for (var w : rows) {
      t.add(
          w.ref().toString(),
          w.grade(),
          w.publicName(),
          fmt.placements(w.placements()),
          w.rto() == null ? null : w.rto().toString(),
          w.rpo() == null ? null : w.rpo().toString(),
          w.dependsOn().stream().map(Object::toString).toList());
    }
    return exports.download(auth, "catalog", format, t);
  }

  /**
   * The catalog browser: every component and resource, filtered by zone, grade or text, and by
   * {@code needs}: the entities that stop without that one (they depend on it, directly or through
   * others), which is how a dependency-spof finding's "and more grade-1 entities" is listed.
   */
  @GetMapping("/resilience/catalog")
  public String browse(
      @RequestParam(required = false) String catalog,
      @RequestParam(required = false) String zone,
      @RequestParam(required = false) Integer grade,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) String needs,
      @RequestParam(defaultValue = "0") int page,
      Model model) {
    return browse(catalog, zone, grade, q, needs, page, 100, model);
  }

  /** The refs of the entities that depend on {@code needed}, directly or through others. */
  static java.util.Set<String> dependentsOf(
      java.util.Collection<dev.haechi.resilience.catalog.Workload> workloads, String needed) {
    java.util.Map<String, List<String>> dependents = new java.util.HashMap<>();
    for (var w : workloads) {
      for (var d : w.dependsOn()) {
        dependents
            .computeIfAbsent(d.toString(), k -> new java.util.ArrayList<>())
            .add(w.ref().toString());
      }
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    java.util.ArrayDeque<String> queue = new java.util.ArrayDeque<>(List.of(needed));
    while (!queue.isEmpty()) {
      for (String d : dependents.getOrDefault(queue.poll(), List.of())) {
        if (seen.add(d)) {
          queue.add(d);
        }
      }
    }
    seen.remove(needed);
    return seen;
  }

  private String browse(
      String catalog,
      String zone,
      Integer grade,
      String q,
      String needs,
      int page,
      int size,
      Model model) {
    List<String> names = catalogs.names();
    String chosen = catalog != null ? catalog : names.isEmpty() ? null : names.get(0);
    Optional<CompiledCatalog> compiled =
        chosen == null ? Optional.empty() : catalogs.latest(chosen);
    String text = q == null ? "" : q.trim().toLowerCase(java.util.Locale.ROOT);
    String needed = needs == null || needs.isBlank() ? null : needs.trim();
    java.util.Set<String> needing =
        needed == null
            ? null
            : compiled
                .map(c -> dependentsOf(c.loaded().catalog().workloads(), needed))
                .orElse(java.util.Set.of());
    List<dev.haechi.resilience.catalog.Workload> matching =
        compiled
            .map(
                c ->
                    c.loaded().catalog().workloads().stream()
                        .filter(w -> zone == null || zone.isBlank() || w.zones().contains(zone))
                        .filter(w -> grade == null || w.grade() == grade)
                        .filter(w -> needing == null || needing.contains(w.ref().toString()))
                        .filter(
                            w ->
                                text.isEmpty()
                                    || w.ref().toString().contains(text)
                                    || (w.publicName() != null
                                        && w.publicName()
                                            .toLowerCase(java.util.Locale.ROOT)
                                            .contains(text)))
                        .sorted(java.util.Comparator.comparing(w -> w.ref().toString()))
                        .toList())
            .orElse(List.of());
    int p = Math.max(0, page);
    int from = (int) Math.min((long) p * size, matching.size());
    model.addAttribute("catalogs", names);
    model.addAttribute("catalog", chosen);
    model.addAttribute("history", chosen == null ? List.of() : catalogs.history(chosen));
    model.addAttribute(
        "zones",
        compiled
            .map(
                c ->
                    c.loaded().catalog().zones().stream()
                        .map(dev.haechi.resilience.catalog.Zone::name)
                        .sorted()
                        .toList())
            .orElse(List.of()));
    model.addAttribute(
        "workloads", matching.subList(from, (int) Math.min((long) from + size, matching.size())));
    model.addAttribute("total", matching.size());
    model.addAttribute("page", p);
    model.addAttribute("pages", (int) (((long) matching.size() + size - 1) / size));
    model.addAttribute("zone", zone);
    model.addAttribute("grade", grade);
    model.addAttribute("q", q);
    model.addAttribute("needs", needed);
    model.addAttribute("active", "resilience");
    return "resilience-catalog";
  }

  @GetMapping("/resilience/fire")
  public String fire(
      @RequestParam(required = false) String catalog,
      @RequestParam(required = false) String zone,
      @RequestParam(defaultValue = "fire") String event,
      @RequestParam(required = false) String at,
      Model model) {
    drill(catalog, zone, event, at, model);
    model.addAttribute("active", "resilience");
    return "resilience-fire";
  }

  /** The drill's result on a page of its own, for printing or saving as PDF. */
  @GetMapping("/resilience/fire/report")
  public String report(
      @RequestParam(required = false) String catalog,
      @RequestParam String zone,
      @RequestParam(defaultValue = "fire") String event,
      @RequestParam(required = false) String at,
      Model model) {
    drill(catalog, zone, event, at, model);
    if (model.getAttribute("drill") == null) {
      throw new org.springframework.web.server.ResponseStatusException(
          org.springframework.http.HttpStatus.NOT_FOUND, "No zone '" + zone + "' in the catalog.");
    }
    model.addAttribute("generatedAt", java.time.Instant.now());
    return "resilience-fire-report";
  }

  /**
   * The console's format of a drill's moment (UTC, to the minute, 24-hour clock): {@code 2025-09-26
   * 11:15}, the same in every browser (a native datetime field shows the browser's locale, e.g.
   * 09/26/2025 11:15 AM, under a label that says UTC).
   */
  static final java.time.format.DateTimeFormatter MOMENT =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  /**
   * The drill's moment: {@code at} as a UTC date and time ({@code 2025-09-26 11:15} or {@code
   * 2025-09-26T11:15}, seconds allowed), or now when blank. Null after putting an error in the
   * model.
   */
  static java.time.Instant moment(String at, Model model) {
    if (at == null || at.isBlank()) {
      return java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    }
    try {
      return java.time.LocalDateTime.parse(at.trim().replaceFirst("^(\\S+)\\s+", "$1T"))
          .toInstant(java.time.ZoneOffset.UTC);
    } catch (java.time.format.DateTimeParseException e) {
      model.addAttribute(
          "error",
          "Not simulated: the moment must be a UTC date and 24-hour time such as 2025-09-26"
              + " 11:15, not '"
              + at.trim()
              + "'.");
      return null;
    }
  }

  private void drill(String catalog, String zone, String event, String at, Model model) {
    java.time.Instant when = moment(at, model);
    boolean chosenMoment = at != null && !at.isBlank() && when != null;
    // the field shows the moment simulated; a page without one simulated now
    model.addAttribute(
        "at",
        MOMENT.format(
            (when != null ? when : java.time.Instant.now()).atOffset(java.time.ZoneOffset.UTC)));
    model.addAttribute("atChosen", chosenMoment);
    model.addAttribute("moment", when);
    List<String> names = catalogs.names();
    String chosen = catalog != null ? catalog : names.isEmpty() ? null : names.get(0);
    Optional<CompiledCatalog> compiled =
        chosen == null ? Optional.empty() : catalogs.latest(chosen);
    String ev =
        event != null && List.of("fire", "power", "cooling").contains(event) ? event : "fire";
    model.addAttribute("catalogs", names);
    model.addAttribute("catalog", chosen);
    model.addAttribute("event", ev);
    model.addAttribute("action", FireDrill.action(ev));
    model.addAttribute("version", compiled.map(CompiledCatalog::version).orElse(null));
    List<Map<String, Object>> zones = new java.util.ArrayList<>();
    String preselect = zone;
    var current = recovery.current();
    if (preselect == null && current.isPresent()) {
      // the room of the incident under way
      preselect =
          current.get().lost().stream()
              .filter(l -> l.startsWith("zone:"))
              .map(l -> l.substring(5))
              .findFirst()
              .orElse(null);
    }
    String battery = null;
    if (compiled.isPresent()) {
      var c = compiled.get().loaded().catalog();
      for (var z :
          c.zones().stream()
              .sorted(
                  java.util.Comparator.comparing(
                      (dev.haechi.resilience.catalog.Zone z) -> z.site() + "/" + z.name()))
              .toList()) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("name", z.name());
        m.put("label", FireDrill.zoneLabel(c, z));
        zones.add(m);
        if (FireDrill.batteryRoom(c, z)
            && (battery == null
                || FireDrill.lithiumRoom(c, z) && !FireDrill.lithiumRoom(c, battery))) {
          battery = z.name();
        }
      }
      if (preselect == null) {
        // the room people drill first: where a (lithium-ion) battery stands
        preselect = battery;
      }
      if (zone != null && !zone.isBlank() && when != null) {
        var z = c.zone(zone);
        if (z.isPresent()) {
          var outcome =
              compiled
                  .get()
                  .simulate(
                      new Scenario(List.of(Loss.parse("zone:" + zone)), Event.parse(ev), when));
          FireDrill d = FireDrill.of(c, zone, FireDrill.zoneLabel(c, z.get()), ev, outcome);
          model.addAttribute("drill", d);
          model.addAttribute("drillChart", JSON.writeValueAsString(d.chart()));
        } else {
          model.addAttribute("error", "No zone '" + zone + "' in catalog " + chosen + ".");
        }
      }
    }
    model.addAttribute("zones", zones);
    model.addAttribute("zone", preselect);
    model.addAttribute("restorationUnderWay", current.isPresent());
    current.ifPresent(
        r -> model.addAttribute("restorationLabel", FireDrill.lossLabel(r.event(), r.lost())));
  }
}
