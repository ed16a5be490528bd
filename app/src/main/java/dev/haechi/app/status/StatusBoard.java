package dev.haechi.app.status;

import dev.haechi.app.resilience.CatalogStore;
import dev.haechi.resilience.catalog.Workload;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the public status page from the stored catalog's public services ({@code
 * haechi.dev/public-name}) and the status store, and keeps it as an immutable {@link
 * StatusSnapshot}. Every change calls {@link #refresh()}; readers never wait on it.
 *
 * <p>The JSON follows Atlassian Statuspage's public API v2 ({@code summary.json}, {@code
 * status.json}, {@code components.json}, {@code incidents.json}, {@code incidents/unresolved.json})
 * so existing aggregators and widgets read it.
 */
@Component
public class StatusBoard {
  private final CatalogStore catalogs;
  private final StatusStore store;
  private final JsonMapper json;
  private final ITemplateEngine templates;
  private final String pageName;
  private final String catalogName;
  private final dev.haechi.app.settings.SettingsStore settings;
  private final org.springframework.core.env.Environment env;
  private final org.springframework.context.ApplicationEventPublisher events;
  private final AtomicReference<StatusSnapshot> current =
      new AtomicReference<>(StatusSnapshot.empty());

  public StatusBoard(
      CatalogStore catalogs,
      StatusStore store,
      JsonMapper json,
      ITemplateEngine templates,
      @Value("${haechi.status.page-name:}") String pageName,
      @Value("${haechi.status.catalog:}") String catalogName,
      dev.haechi.app.settings.SettingsStore settings,
      org.springframework.core.env.Environment env,
      org.springframework.context.ApplicationEventPublisher events) {
    this.events = events;
    this.settings = settings;
    this.env = env;
    this.catalogs = catalogs;
    this.store = store;
    this.json = json;
    this.templates = templates;
    this.pageName = pageName;
    this.catalogName = catalogName;
  }

  public StatusSnapshot snapshot() {
    return current.get();
  }

  /**
   * The page was rebuilt; {@link StatusPublisher} copies it to the publish targets.
   *
   * @param snapshot the new documents
   */
  public record Changed(StatusSnapshot snapshot) {}

  @EventListener(ApplicationReadyEvent.class)
  public void onStart() {
    refresh();
  }

  /** A new catalog may list other public services: rebuild once it is committed. */
  @org.springframework.transaction.event.TransactionalEventListener(fallbackExecution = true)
  public void onCatalogImported(dev.haechi.app.resilience.CatalogImported event) {
    refresh();
  }

  /**
   * One public service on the page.
   *
   * @param eta when the restoration plan expects it back, or null
   */
  public record ServiceView(
      String id,
      String name,
      int grade,
      ComponentStatus status,
      String instead,
      Instant updatedAt,
      int position,
      Instant eta) {}

  private volatile Map<String, Instant> etas = Map.of();

  /**
   * The restoration plan's ETA of each public service that is not operational (by component id);
   * the page is rebuilt.
   */
  public void setEtas(Map<String, Instant> byComponent) {
    etas = Map.copyOf(byComponent);
    refresh();
  }

  /** Component ids of the public services, by their public name. */
  public Map<String, String> componentIdsByName() {
    Map<String, String> out = new HashMap<>();
    services(Instant.now()).forEach(s -> out.put(s.name(), s.id()));
    return out;
  }

  /** Rebuilds every document from the store; called after each change. */
  public synchronized void refresh() {
    Instant now = Instant.now();
    List<ServiceView> services = services(now);
    List<StatusStore.Incident> incidents = store.incidents(50);
    List<StatusStore.Incident> unresolved =
        incidents.stream().filter(i -> i.resolvedAt() == null).toList();

    PageWords words = words();
    String base = publicUrl();
    Map<String, String> namesById = new HashMap<>();
    Map<String, ServiceView> byId = new HashMap<>();
    services.forEach(
        v -> {
          namesById.put(v.id(), v.name());
          byId.put(v.id(), v);
        });
    String title = pageName.isBlank() ? words.word("title") : pageName;

    Map<String, Object> page = new LinkedHashMap<>();
    page.put("id", "haechi");
    page.put("name", title);
    page.put("url", base + "/status");
    page.put("time_zone", words.zone().getId());
    page.put("updated_at", iso(now));
    Map<String, Object> status = indicator(services, unresolved);
    List<Map<String, Object>> components = services.stream().map(this::component).toList();
    List<Map<String, Object>> allIncidents =
        incidents.stream().map(i -> incident(i, base, byId)).toList();
    List<Map<String, Object>> openIncidents =
        unresolved.stream().map(i -> incident(i, base, byId)).toList();

    Map<String, byte[]> docs = new HashMap<>();
    docs.put("/api/v2/status.json", doc(Map.of("page", page, "status", status)));
    docs.put("/api/v2/components.json", doc(Map.of("page", page, "components", components)));
    docs.put("/api/v2/incidents.json", doc(Map.of("page", page, "incidents", allIncidents)));
    docs.put(
        "/api/v2/incidents/unresolved.json", doc(Map.of("page", page, "incidents", openIncidents)));
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("page", page);
    summary.put("components", components);
    summary.put("incidents", openIncidents);
    summary.put("scheduled_maintenances", List.of());
    summary.put("status", status);
    docs.put("/api/v2/summary.json", doc(summary));
    // Haechi schedules no maintenance windows yet: the lists are empty, in Statuspage's shape, so
    // clients that ask (the statuspage.io client's scheduledMaintenances) get an answer.
    for (String m :
        List.of(
            "/api/v2/scheduled-maintenances.json",
            "/api/v2/scheduled-maintenances/upcoming.json",
            "/api/v2/scheduled-maintenances/active.json")) {
      docs.put(m, doc(Map.of("page", page, "scheduled_maintenances", List.of())));
    }

    Context ctx = new Context();
    ctx.setVariable("pageName", title);
    ctx.setVariable("status", status);
    ctx.setVariable("services", services);
    ctx.setVariable("incidents", incidents);
    ctx.setVariable("updatedAt", now);
    ctx.setVariable("t", words);
    ctx.setVariable("names", namesById);
    docs.put("/status", StatusSnapshot.utf8(templates.process("status", ctx)));
    docs.put(
        "/status/feed.atom",
        StatusSnapshot.utf8(AtomFeed.render(title, base, words, incidents, now)));
    StatusSnapshot fresh = new StatusSnapshot(Map.copyOf(docs), "\"" + now.toEpochMilli() + "\"");
    current.set(fresh);
    events.publishEvent(new Changed(fresh));
  }

  private List<ServiceView> services(Instant now) {
    String name =
        catalogName.isBlank() ? catalogs.names().stream().findFirst().orElse(null) : catalogName;
    if (name == null) {
      return List.of();
    }
    var compiled = catalogs.latest(name);
    if (compiled.isEmpty()) {
      return List.of();
    }
    Map<String, StatusStore.ComponentState> states = store.componentStates();
    List<Workload> publics =
        compiled.get().loaded().catalog().workloads().stream()
            .filter(w -> w.publicName() != null && !w.publicName().isBlank())
            .sorted(
                Comparator.comparingInt((Workload w) -> w.grade() == 0 ? 9 : w.grade())
                    .thenComparing(Workload::publicName))
            .toList();
    List<ServiceView> out = new ArrayList<>();
    int position = 1;
    for (Workload w : publics) {
      String id = w.ref().name();
      var state = states.get(id);
      ComponentStatus st = state == null ? ComponentStatus.OPERATIONAL : state.status();
      out.add(
          new ServiceView(
              id,
              w.publicName(),
              w.grade(),
              st,
              // A service that is back needs no "meanwhile, do this instead".
              state == null || st == ComponentStatus.OPERATIONAL ? "" : state.instead(),
              state == null ? compiled.get().version().importedAt() : state.updatedAt(),
              position++,
              etas.get(id)));
    }
    return out;
  }

  private Map<String, Object> component(ServiceView s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    m.put("name", s.name());
    m.put("status", s.status().wire());
    m.put("created_at", iso(s.updatedAt()));
    m.put("updated_at", iso(s.updatedAt()));
    m.put("position", s.position());
    m.put("description", s.instead().isEmpty() ? null : s.instead());
    m.put("showcase", true);
    m.put("start_date", null);
    m.put("group_id", null);
    m.put("page_id", "haechi");
    m.put("group", false);
    m.put("only_show_if_degraded", false);
    // Haechi's extension (Statuspage has no such field; clients ignore unknown ones).
    m.put("haechi_eta", s.eta() == null ? null : iso(s.eta()));
    return m;
  }

  /** The page's language and time zone, from the settings. */
  public PageWords words() {
    return PageWords.of(
        settings.get(dev.haechi.app.settings.Setting.STATUS_LANGUAGE),
        settings.get(dev.haechi.app.settings.Setting.STATUS_TIME_ZONE));
  }

  /** The public base URL: the setting, else this server's own address. */
  String publicUrl() {
    String set = settings.get(dev.haechi.app.settings.Setting.STATUS_PUBLIC_URL);
    if (set != null && !set.isBlank()) {
      return set.trim();
    }
    String port = env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
    return "http://localhost:" + port;
  }

  private Map<String, Object> incident(
      StatusStore.Incident i, String base, Map<String, ServiceView> byId) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", String.valueOf(i.id()));
    m.put("name", i.name());
    m.put("status", i.status());
    m.put("created_at", iso(i.createdAt()));
    m.put("updated_at", iso(i.updatedAt()));
    m.put("monitoring_at", null);
    m.put("resolved_at", i.resolvedAt() == null ? null : iso(i.resolvedAt()));
    m.put("impact", i.impact());
    m.put("shortlink", base + "/status#incident-" + i.id());
    m.put("started_at", iso(i.createdAt()));
    m.put("page_id", "haechi");
    m.put(
        "incident_updates",
        i.updates().stream()
            .map(
                u -> {
                  Map<String, Object> x = new LinkedHashMap<>();
                  x.put("id", String.valueOf(u.id()));
                  x.put("status", u.status());
                  x.put("body", u.body());
                  x.put("incident_id", String.valueOf(i.id()));
                  x.put("created_at", iso(u.createdAt()));
                  x.put("updated_at", iso(u.createdAt()));
                  x.put("display_at", iso(u.createdAt()));
                  x.put("affected_components", null);
                  return x;
                })
            .toList());
    // Statuspage gives each incident's components in full; clients show their names.
    m.put(
        "components",
        i.components().stream()
            .map(
                c -> {
                  ServiceView v = byId.get(c);
                  Map<String, Object> x = new LinkedHashMap<>();
                  x.put("id", c);
                  x.put("name", v == null ? c : v.name());
                  x.put("status", v == null ? null : v.status().wire());
                  x.put("updated_at", v == null ? null : iso(v.updatedAt()));
                  x.put("position", v == null ? null : v.position());
                  x.put("page_id", "haechi");
                  return x;
                })
            .toList());
    return m;
  }

  static Map<String, Object> indicator(
      List<ServiceView> services, List<StatusStore.Incident> unresolved) {
    ComponentStatus worst =
        services.stream()
            .map(ServiceView::status)
            .max(Comparator.naturalOrder())
            .orElse(ComponentStatus.OPERATIONAL);
    boolean critical = unresolved.stream().anyMatch(i -> "critical".equals(i.impact()));
    String indicator;
    String description;
    switch (worst) {
      case MAJOR_OUTAGE -> {
        indicator = critical ? "critical" : "major";
        description = "Major Service Outage";
      }
      case PARTIAL_OUTAGE -> {
        indicator = "minor";
        description = "Partial System Outage";
      }
      case DEGRADED_PERFORMANCE -> {
        indicator = "minor";
        description = "Minor Service Outage";
      }
      case UNDER_MAINTENANCE -> {
        indicator = "maintenance";
        description = "Service Under Maintenance";
      }
      default -> {
        indicator = unresolved.isEmpty() ? "none" : "minor";
        description = unresolved.isEmpty() ? "All Systems Operational" : "Minor Service Outage";
      }
    }
    return Map.of("indicator", indicator, "description", description);
  }

  private byte[] doc(Object value) {
    return StatusSnapshot.utf8(json.writeValueAsString(value));
  }

  static String iso(Instant t) {
    // RFC 3339 (Atom, §3.3) needs the seconds, which OffsetDateTime.toString() drops when zero.
    return java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
        t.atOffset(ZoneOffset.UTC));
  }
}
