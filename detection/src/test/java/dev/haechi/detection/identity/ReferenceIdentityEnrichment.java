package dev.haechi.detection.identity;

import dev.haechi.detection.event.DottedPath;
import dev.haechi.detection.event.FieldAccessor;
import dev.haechi.detection.event.SequentialField;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The identity enrichment as it was before issue 18 item 1 (a), eighth session (each field reads
 * the token fields and looks up the signing key itself, status nodes made per event): the reference
 * {@code IdentityEnrichmentAgreementTest} compares {@link IdentityEnrichment} with. Test code only.
 */
final class ReferenceIdentityEnrichment {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final JsonNode UNKNOWN_HR = NODES.stringNode(HrStatus.UNKNOWN.label());
  private static final JsonNode UNKNOWN_KEY = NODES.stringNode(KeyStatus.UNKNOWN.label());
  private static final DottedPath USER_ID = DottedPath.of("user.id");
  private static final DottedPath USER_NAME = DottedPath.of("user.name");
  private static final DottedPath USER_EMAIL = DottedPath.of("user.email");
  private static final DottedPath TOKEN_SUB = DottedPath.of("token.sub");
  private static final DottedPath TOKEN_KID = DottedPath.of("token.kid");
  private static final DottedPath TOKEN_ISS = DottedPath.of("token.iss");
  private static final DottedPath TOKEN_IAT = DottedPath.of("token.iat");
  private static final DottedPath COUNTRY = DottedPath.of("source.geo.country_iso_code");
  private static final DottedPath SUBJECTS = DottedPath.of("data.subject_ids");

  private volatile IdentityContext context;
  private final DisclosureBaseline baseline;
  private final BaselineMemo memo = new BaselineMemo();

  /**
   * The disclosure baseline's last event and value, written on the ordered stage for every event,
   * padded on both sides so that the line it sits on holds nothing the preparing threads read (this
   * object's {@link #context}, for one): false sharing would bounce it between the cores.
   */
  @SuppressWarnings("unused")
  private static class MemoPadBefore {
    long p0, p1, p2, p3, p4, p5, p6, p7;
  }

  private static class MemoFields extends MemoPadBefore {
    JsonNode root;
    JsonNode value;
  }

  @SuppressWarnings("unused")
  private static final class BaselineMemo extends MemoFields {
    long q0, q1, q2, q3, q4, q5, q6, q7;
  }

  ReferenceIdentityEnrichment(IdentityContext context, DisclosureBaseline.Settings baseline) {
    this(context, new DisclosureBaseline(baseline));
  }

  /**
   * Enrichment reading {@code context} and counting disclosures in {@code baseline}, which may be
   * another engine's: a recompiled engine keeps the principals' baselines.
   */
  ReferenceIdentityEnrichment(IdentityContext context, DisclosureBaseline baseline) {
    this.context = context;
    this.baseline = baseline;
  }

  /**
   * Replaces the identity context in place (a new reconciliation): events evaluated from now on see
   * the new facts; the disclosure baselines are kept. Facts of an event being evaluated while this
   * runs may come from either context.
   */
  public void update(IdentityContext next) {
    this.context = java.util.Objects.requireNonNull(next, "context");
  }

  public IdentityContext context() {
    return context;
  }

  /** The derived fields, by name, for {@code DetectionEngine.compile}. */
  public Map<String, FieldAccessor> fields() {
    Map<String, FieldAccessor> out = new LinkedHashMap<>();
    out.put(EnrichmentFields.USER_EXISTS, this::userExists);
    out.put(EnrichmentFields.USER_HR_STATUS, this::hrStatus);
    out.put(EnrichmentFields.USER_PRIVILEGED, this::privileged);
    out.put(EnrichmentFields.TOKEN_KEY_STATUS, this::keyStatus);
    out.put(EnrichmentFields.TOKEN_ISSUED_AFTER_DISTRUST, this::issuedAfterDistrust);
    out.put(EnrichmentFields.SOURCE_COUNTRY_NEW, this::countryNew);
    // stateful (the principal's baseline): read in stream order (SequentialField)
    out.put(EnrichmentFields.DISCLOSURE_ABOVE_BASELINE, new AboveBaseline());
    return out;
  }

  public DisclosureBaseline baseline() {
    return baseline;
  }

  /**
   * What the accessors read from one event, read once: the enrichment fields of one event are
   * usually all computed (the candidate index routes on them), and each would otherwise look up the
   * same principal fields again. One per thread, keyed by the event object.
   */
  private static final class Facts {
    JsonNode root;
    boolean principalsRead;
    String userName;
    String userId;
    String tokenSub;
    String userEmail;
    boolean timeRead;
    long millis;

    /** The principals without member IDs, computed on first use (the baseline does not need it). */
    String[] workforce;

    /** Whether the event names anyone at all (customer or not). */
    boolean anyPrincipal() {
      return userName != null || userId != null || tokenSub != null || userEmail != null;
    }
  }

  private final ThreadLocal<Facts> facts = ThreadLocal.withInitial(Facts::new);

  private Facts facts(JsonNode root) {
    Facts f = facts.get();
    if (f.root != root) {
      f.root = root;
      f.principalsRead = false;
      f.workforce = null;
      f.timeRead = false;
    }
    if (!f.principalsRead) {
      f.principalsRead = true;
      f.userName = text(root, USER_NAME);
      f.userId = text(root, USER_ID);
      f.tokenSub = text(root, TOKEN_SUB);
      f.userEmail = text(root, USER_EMAIL);
    }
    return f;
  }

  /**
   * The event's principal fields, in the order they are tried for HR status, privilege and country,
   * without the values that are known member IDs: a customer is not an employee, whatever the
   * roster says about the same string (issue 11 item 5). Null entries are absent fields.
   */
  private String[] principals(Facts f) {
    if (f.workforce == null) {
      f.workforce =
          new String[] {
            workforce(f.userName),
            workforce(f.userId),
            workforce(f.tokenSub),
            workforce(f.userEmail)
          };
    }
    return f.workforce;
  }

  /** {@code name}, or null when it is a known member (customer) ID. */
  private String workforce(String name) {
    return name == null || context.isMember(name) ? null : name;
  }

  private static long millis(Facts f) {
    if (!f.timeRead) {
      f.timeRead = true;
      f.millis = IsoMillis.of(f.root);
    }
    return f.millis;
  }

  private static Instant instant(Facts f) {
    long m = millis(f);
    return m == IsoMillis.NONE ? null : Instant.ofEpochMilli(m);
  }

  JsonNode userExists(JsonNode root) {
    Facts f = facts(root);
    Boolean result = null;
    for (String id : new String[] {f.tokenSub, f.userId}) {
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
    Facts f = facts(root);
    for (String name : principals(f)) {
      if (name == null) {
        continue;
      }
      Employee e = context.employee(name);
      if (e != null) {
        Instant at = instant(f);
        LocalDate day = at == null ? null : at.atOffset(ZoneOffset.UTC).toLocalDate();
        return NODES.stringNode(e.statusOn(day).label());
      }
    }
    return f.anyPrincipal() ? UNKNOWN_HR : null;
  }

  JsonNode privileged(JsonNode root) {
    Facts f = facts(root);
    for (String name : principals(f)) {
      if (name != null && context.privileged(name)) {
        return NODES.booleanNode(true);
      }
    }
    return f.anyPrincipal() ? NODES.booleanNode(false) : null;
  }

  JsonNode keyStatus(JsonNode root) {
    String kid = text(root, TOKEN_KID);
    if (kid == null) {
      return null;
    }
    SigningKey key = context.signingKey(text(root, TOKEN_ISS), kid);
    if (key == null) {
      return UNKNOWN_KEY;
    }
    // the event's time matters only for a status with a start
    KeyStatus status = key.since() == null ? key.status() : key.statusAt(instant(facts(root)));
    return NODES.stringNode(status.label());
  }

  JsonNode issuedAfterDistrust(JsonNode root) {
    String kid = text(root, TOKEN_KID);
    if (kid == null) {
      return null;
    }
    SigningKey key = context.signingKey(text(root, TOKEN_ISS), kid);
    if (key == null || !key.status().untrusted() || key.since() == null) {
      return null;
    }
    long iat = epochMillis(TOKEN_IAT.find(root));
    if (iat == Long.MIN_VALUE) {
      return null;
    }
    return NODES.booleanNode(iat >= key.since().toEpochMilli());
  }

  /**
   * A JWT NumericDate (RFC 7519 §2: seconds since the epoch, fractions allowed) as milliseconds; a
   * number of 10^11 or more cannot be seconds of a real token (year 5138) and is read as
   * milliseconds. Long.MIN_VALUE when absent or not a number.
   */
  static long epochMillis(JsonNode n) {
    double v;
    if (n == null || n.isNull()) {
      return Long.MIN_VALUE;
    }
    if (n.isNumber()) {
      v = n.asDouble();
    } else if (n.isString()) {
      try {
        v = Double.parseDouble(n.asString().strip());
      } catch (NumberFormatException e) {
        return Long.MIN_VALUE;
      }
    } else {
      return Long.MIN_VALUE;
    }
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Long.MIN_VALUE;
    }
    return Math.abs(v) >= 1e11 ? (long) v : (long) Math.floor(v * 1000);
  }

  JsonNode countryNew(JsonNode root) {
    String country = text(root, COUNTRY);
    if (country == null) {
      return null;
    }
    for (String name : principals(facts(root))) {
      Boolean fresh = context.countryNew(name, country);
      if (fresh != null) {
        return NODES.booleanNode(fresh);
      }
    }
    return null;
  }

  /**
   * What the disclosure baseline needs of one event: its principal, time and number of subjects
   * ({@link #NO_DISCLOSURE} when the event has no subjects, no principal or no time).
   */
  private record Disclosure(String principal, long millis, long subjects) {}

  private static final Disclosure NO_DISCLOSURE = new Disclosure(null, 0, 0);

  /**
   * {@code haechi.disclosure.above_baseline}: the event's disclosure read ahead on any thread, the
   * principal's baseline updated in stream order.
   */
  private final class AboveBaseline implements SequentialField {
    @Override
    public JsonNode find(JsonNode root) {
      return aboveBaseline(root, disclosure(root));
    }

    @Override
    public Object readAhead(JsonNode root) {
      return disclosure(root);
    }

    @Override
    public JsonNode next(JsonNode root, Object readAhead) {
      return readAhead instanceof Disclosure d ? aboveBaseline(root, d) : find(root);
    }
  }

  /**
   * Memoised on the event object, so that evaluating one event twice (the index and its full-scan
   * twin) counts its disclosures once.
   */
  private JsonNode aboveBaseline(JsonNode root, Disclosure d) {
    // locked on the memo, not on this object, whose header the preparing threads read
    synchronized (memo) {
      if (root != memo.root) {
        memo.root = root;
        memo.value =
            d.principal() == null
                ? null
                : NODES.booleanNode(baseline.record(d.principal(), d.millis(), d.subjects()));
      }
      return memo.value;
    }
  }

  private Disclosure disclosure(JsonNode root) {
    JsonNode subjects = SUBJECTS.find(root);
    if (subjects == null || subjects.isNull()) {
      return NO_DISCLOSURE;
    }
    Facts f = facts(root);
    String principal = f.userId != null ? f.userId : f.userName != null ? f.userName : f.tokenSub;
    long at = millis(f);
    if (principal == null || at == IsoMillis.NONE) {
      return NO_DISCLOSURE;
    }
    return new Disclosure(principal, at, subjects.isArray() ? subjects.size() : 1);
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
