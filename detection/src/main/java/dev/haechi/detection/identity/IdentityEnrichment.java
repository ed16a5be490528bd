package dev.haechi.detection.identity;

import dev.haechi.detection.engine.EventTime;
import dev.haechi.detection.event.DottedPath;
import dev.haechi.detection.event.FieldAccessor;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Computes the {@link EnrichmentFields} of an event from an {@link IdentityContext}: one {@link
 * FieldAccessor} per field, handed to the engine as derived fields, so a field is computed only
 * when a rule reads it and at most once per event (the event caches slots). The identity lookups
 * are hash lookups; only {@code haechi.disclosure.above_baseline} keeps state ({@link
 * DisclosureBaseline}), so an engine gets a fresh instance of this class.
 */
public final class IdentityEnrichment {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final DottedPath USER_ID = DottedPath.of("user.id");
  private static final DottedPath USER_NAME = DottedPath.of("user.name");
  private static final DottedPath USER_EMAIL = DottedPath.of("user.email");
  private static final DottedPath TOKEN_SUB = DottedPath.of("token.sub");
  private static final DottedPath TOKEN_KID = DottedPath.of("token.kid");
  private static final DottedPath COUNTRY = DottedPath.of("source.geo.country_iso_code");
  private static final DottedPath SUBJECTS = DottedPath.of("data.subject_ids");

  /** Principal fields, in the order they are tried for HR status, privilege and country. */
  private static final List<DottedPath> PRINCIPALS =
      List.of(USER_NAME, USER_ID, TOKEN_SUB, USER_EMAIL);

  private final IdentityContext context;
  private final DisclosureBaseline baseline;
  private JsonNode lastBaselineRoot;
  private JsonNode lastBaselineValue;

  public IdentityEnrichment(IdentityContext context, DisclosureBaseline.Settings baseline) {
    this.context = context;
    this.baseline = new DisclosureBaseline(baseline);
  }

  /** The derived fields, by name, for {@code DetectionEngine.compile}. */
  public Map<String, FieldAccessor> fields() {
    Map<String, FieldAccessor> out = new LinkedHashMap<>();
    out.put(EnrichmentFields.USER_EXISTS, this::userExists);
    out.put(EnrichmentFields.USER_HR_STATUS, this::hrStatus);
    out.put(EnrichmentFields.USER_PRIVILEGED, this::privileged);
    out.put(EnrichmentFields.TOKEN_KEY_STATUS, this::keyStatus);
    out.put(EnrichmentFields.SOURCE_COUNTRY_NEW, this::countryNew);
    out.put(EnrichmentFields.DISCLOSURE_ABOVE_BASELINE, this::aboveBaseline);
    return out;
  }

  public DisclosureBaseline baseline() {
    return baseline;
  }

  JsonNode userExists(JsonNode root) {
    Boolean result = null;
    for (DottedPath p : List.of(TOKEN_SUB, USER_ID)) {
      String id = text(root, p);
      if (id != null) {
        Boolean exists = context.userExists(id);
        if (exists == null) {
          return null;
        }
        result = result == null ? exists : result && exists;
      }
    }
    return result == null ? null : NODES.booleanNode(result);
  }

  JsonNode hrStatus(JsonNode root) {
    boolean anyPrincipal = false;
    LocalDate day = null;
    for (DottedPath p : PRINCIPALS) {
      String name = text(root, p);
      if (name == null) {
        continue;
      }
      anyPrincipal = true;
      Employee e = context.employee(name);
      if (e != null) {
        if (day == null) {
          Instant at = EventTime.instant(root);
          day = at == null ? null : at.atOffset(ZoneOffset.UTC).toLocalDate();
        }
        return NODES.stringNode(e.statusOn(day).label());
      }
    }
    return anyPrincipal ? NODES.stringNode(HrStatus.UNKNOWN.label()) : null;
  }

  JsonNode privileged(JsonNode root) {
    boolean anyPrincipal = false;
    for (DottedPath p : PRINCIPALS) {
      String name = text(root, p);
      if (name != null) {
        anyPrincipal = true;
        if (context.privileged(name)) {
          return NODES.booleanNode(true);
        }
      }
    }
    return anyPrincipal ? NODES.booleanNode(false) : null;
  }

  JsonNode keyStatus(JsonNode root) {
    String kid = text(root, TOKEN_KID);
    if (kid == null) {
      return null;
    }
    return NODES.stringNode(context.keyStatus(kid, EventTime.instant(root)).label());
  }

  JsonNode countryNew(JsonNode root) {
    String country = text(root, COUNTRY);
    if (country == null) {
      return null;
    }
    for (DottedPath p : PRINCIPALS) {
      Boolean fresh = context.countryNew(text(root, p), country);
      if (fresh != null) {
        return NODES.booleanNode(fresh);
      }
    }
    return null;
  }

  /**
   * Memoised on the event object, so that evaluating one event twice (the index and its full-scan
   * twin) counts its disclosures once.
   */
  synchronized JsonNode aboveBaseline(JsonNode root) {
    if (root != lastBaselineRoot) {
      lastBaselineRoot = root;
      lastBaselineValue = computeAboveBaseline(root);
    }
    return lastBaselineValue;
  }

  private JsonNode computeAboveBaseline(JsonNode root) {
    JsonNode subjects = SUBJECTS.find(root);
    if (subjects == null || subjects.isNull()) {
      return null;
    }
    String principal = text(root, USER_ID);
    if (principal == null) {
      principal = text(root, USER_NAME);
    }
    if (principal == null) {
      principal = text(root, TOKEN_SUB);
    }
    Instant at = EventTime.instant(root);
    if (principal == null || at == null) {
      return null;
    }
    long n = subjects.isArray() ? subjects.size() : 1;
    return NODES.booleanNode(baseline.record(principal, at, n));
  }

  private static String text(JsonNode root, DottedPath path) {
    JsonNode n = path.find(root);
    if (n == null || n.isNull() || n.isContainer()) {
      return null;
    }
    String s = n.asString();
    return s.isEmpty() ? null : s;
  }
}
