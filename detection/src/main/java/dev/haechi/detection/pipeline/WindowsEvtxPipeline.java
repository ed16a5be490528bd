package dev.haechi.detection.pipeline;

import dev.haechi.detection.rules.FieldCondition;
import dev.haechi.detection.rules.LogSource;
import dev.haechi.detection.rules.SigmaRule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The built-in pipeline {@code windows-evtx} (FORMATS.md §2): rules read events exported by {@code
 * evtx_dump}, bare field names resolve inside {@code Event.System} / {@code Event.EventData}, and
 * log sources route the way SigmaHQ's {@code tests/thor.yml} does: a category becomes one variant
 * per event-ID route (e.g. {@code process_creation} = Sysmon EventID 1 <em>or</em> Security 4688
 * with {@code Image → NewProcessName}), each restricted to its service's channels; a service alone
 * becomes a channel condition. The table is the resource {@code windows-evtx.yml}.
 */
public final class WindowsEvtxPipeline implements ProcessingPipeline {
  private record Route(
      String category,
      String product,
      Map<String, List<Object>> conditions,
      String service,
      Map<String, List<String>> fieldMappings) {}

  private static final WindowsEvtxPipeline INSTANCE = load();

  private final Map<String, List<String>> services;
  private final List<Route> routes;

  private WindowsEvtxPipeline(Map<String, List<String>> services, List<Route> routes) {
    this.services = services;
    this.routes = routes;
  }

  public static WindowsEvtxPipeline instance() {
    return INSTANCE;
  }

  @Override
  public String name() {
    return "windows-evtx";
  }

  @Override
  public int priority() {
    return 10;
  }

  @Override
  public List<RuleVariant> apply(SigmaRule rule, RuleVariant variant) {
    RuleVariant base = variant.withFieldStyle(RuleVariant.FieldStyle.EVTX);
    LogSource ls = variant.logsource();
    List<RuleVariant> out = new ArrayList<>();
    if (ls.category() != null) {
      for (Route r : routes) {
        if (!r.category.equalsIgnoreCase(ls.category())) {
          continue;
        }
        if (r.product != null
            && ls.product() != null
            && !r.product.equalsIgnoreCase(ls.product())) {
          continue;
        }
        RuleVariant v = base;
        for (Map.Entry<String, List<Object>> c : r.conditions.entrySet()) {
          v = v.withCondition(new FieldCondition(c.getKey(), List.of(), c.getValue()));
        }
        List<String> channels = services.get(r.service);
        if (channels != null) {
          v = v.withCondition(new FieldCondition("Channel", List.of(), new ArrayList<>(channels)));
        }
        if (!r.fieldMappings.isEmpty()) {
          v = v.withMapping(r.fieldMappings);
        }
        out.add(v.withLogsource(new LogSource(ls.category(), ls.product(), r.service)));
      }
    }
    if (out.isEmpty() && ls.service() != null && services.containsKey(ls.service())) {
      out.add(
          base.withCondition(
              new FieldCondition(
                  "Channel", List.of(), new ArrayList<>(services.get(ls.service())))));
    }
    if (out.isEmpty()) {
      out.add(routesEveryEvent(ls) ? base : base.withFailure(unroutable(ls)));
    }
    return out;
  }

  /**
   * Whether a rule whose log source no route and no service resolved may still see every event:
   * only when it asks for nothing narrower than Windows (no log source at all, or {@code product:
   * windows} alone; and the built-in pack, {@code product: haechi}). Any other log source (a Linux
   * or Zeek rule, a Windows category or service without a route) would otherwise apply to every
   * Windows event, so it is refused instead.
   */
  private static boolean routesEveryEvent(LogSource ls) {
    if (ls.product() != null && ls.product().equalsIgnoreCase("haechi")) {
      return true; // the built-in pack reads the gateway's own fields, as under ecs
    }
    boolean windowsOrNone = ls.product() == null || ls.product().equalsIgnoreCase("windows");
    return windowsOrNone && ls.category() == null && ls.service() == null;
  }

  private static String unroutable(LogSource ls) {
    return "the windows-evtx pipeline cannot route log source "
        + describe(ls)
        + " to Windows event log channels and event IDs; it would apply to every event, so it is"
        + " not applied (map it in a pipeline of your own)";
  }

  private static String describe(LogSource ls) {
    List<String> parts = new ArrayList<>();
    if (ls.product() != null) {
      parts.add("product: " + ls.product());
    }
    if (ls.category() != null) {
      parts.add("category: " + ls.category());
    }
    if (ls.service() != null) {
      parts.add("service: " + ls.service());
    }
    return "{" + String.join(", ", parts) + "}";
  }

  private static WindowsEvtxPipeline load() {
    try (InputStream in = WindowsEvtxPipeline.class.getResourceAsStream("windows-evtx.yml")) {
      if (in == null) {
        throw new IllegalStateException("resource windows-evtx.yml is missing");
      }
      Map<?, ?> doc = (Map<?, ?>) new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      Map<String, List<String>> services = new LinkedHashMap<>();
      ((Map<?, ?>) doc.get("services"))
          .forEach(
              (k, v) ->
                  services.put(
                      String.valueOf(k), ((List<?>) v).stream().map(String::valueOf).toList()));
      List<Route> routes = new ArrayList<>();
      for (Object o : (List<?>) doc.get("categories")) {
        Map<?, ?> m = (Map<?, ?>) o;
        Map<String, List<Object>> conditions = new LinkedHashMap<>();
        ((Map<?, ?>) m.get("conditions"))
            .forEach(
                (k, v) ->
                    conditions.put(
                        String.valueOf(k),
                        v instanceof List<?> l
                            ? new ArrayList<>(l.stream().map(WindowsEvtxPipeline::scalar).toList())
                            : new ArrayList<>(List.of(scalar(v)))));
        Map<String, List<String>> mappings = new LinkedHashMap<>();
        if (m.get("fieldmappings") instanceof Map<?, ?> fm) {
          fm.forEach((k, v) -> mappings.put(String.valueOf(k), List.of(String.valueOf(v))));
        }
        routes.add(
            new Route(
                String.valueOf(m.get("category")),
                m.get("product") == null ? null : String.valueOf(m.get("product")),
                conditions,
                m.get("service") == null ? null : String.valueOf(m.get("service")),
                mappings));
      }
      return new WindowsEvtxPipeline(services, routes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object scalar(Object v) {
    return v instanceof Integer i ? Long.valueOf(i) : v;
  }
}
