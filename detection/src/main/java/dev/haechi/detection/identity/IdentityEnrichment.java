package dev.haechi.detection.identity;

import dev.haechi.detection.event.DottedPath;
import dev.haechi.detection.event.FieldAccessor;
import dev.haechi.detection.event.SequentialField;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Computes the {@link EnrichmentFields} of an event from an {@link IdentityContext}: one {@link
 * FieldAccessor} per field, handed to the engine as derived fields, so a field is computed only
 * when a rule reads it and at most once per event (the event caches slots). The identity lookups
 * are hash lookups; only {@code haechi.disclosure.above_baseline} keeps state ({@link
 * DisclosureBaseline}), so an engine gets a fresh instance of this class. The context can be
 * replaced in place ({@link #update}) without recompiling the engine.
 */
public final class IdentityEnrichment {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Map<HrStatus, JsonNode> HR_NODES = labels(HrStatus.class);
  private static final Map<KeyStatus, JsonNode> KEY_NODES = labels(KeyStatus.class);
  private static final JsonNode UNKNOWN_HR = HR_NODES.get(HrStatus.UNKNOWN);
  private static final JsonNode UNKNOWN_KEY = KEY_NODES.get(KeyStatus.UNKNOWN);
  private static final DottedPath USER_ID = DottedPath.of("user.id");
  private static final DottedPath USER_NAME = DottedPath.of("user.name");
  private static final DottedPath USER_EMAIL = DottedPath.of("user.email");
  private static final DottedPath TOKEN_SUB = DottedPath.of("token.sub");
  private static final DottedPath TOKEN_KID = DottedPath.of("token.kid");
  private static final DottedPath TOKEN_ISS = DottedPath.of("token.iss");
  private static final DottedPath TOKEN_IAT = DottedPath.of("token.iat");
  private static final DottedPath COUNTRY = DottedPath.of("source.geo.country_iso_code");
  private static final DottedPath SUBJECTS = DottedPath.of("data.subject_ids");

  /** One text node per status label, made once (the values are immutable). */
  private static <E extends Enum<E>> Map<E, JsonNode> labels(Class<E> type) {
    Map<E, JsonNode> out = new java.util.EnumMap<>(type);
    for (E e : type.getEnumConstants()) {
      String label =
          e instanceof HrStatus h ? h.label() : e instanceof KeyStatus k ? k.label() : e.name();
      out.put(e, NODES.stringNode(label));
    }
    return out;
  }

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

  public IdentityEnrichment(IdentityContext context, DisclosureBaseline.Settings baseline) {
    this(context, new DisclosureBaseline(baseline));
  }

  /**
   * Enrichment reading {@code context} and counting disclosures in {@code baseline}, which may be
   * another engine's: a recompiled engine keeps the principals' baselines.
   */
  public IdentityEnrichment(IdentityContext context, DisclosureBaseline baseline) {
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
   * same principal and token fields, and the same signing key, again. One per thread, keyed by the
   * event object and the context it was read with. The last signing key found is kept across events
   * (most events present one of a few keys), so that the (issuer, kid) key string is not built and
   * hashed per event.
   */
  private static final class Facts {
    JsonNode root;
    IdentityContext context;
    boolean principalsRead;
    String userName;
    String userId;
    String tokenSub;
    String userEmail;
    boolean timeRead;
    long millis;

    /** The principals without member IDs, computed on first use (the baseline does not need it). */
    String[] workforce;

    boolean tokenRead;
    String kid;
    String iss;
    boolean keyRead;
    SigningKey key;

    // the last (context, iss, kid) looked up and its key, kept across events
    IdentityContext lastContext;
    String lastIss;
    String lastKid;
    SigningKey lastKey;

    /** Whether the event names anyone at all (customer or not). */
    boolean anyPrincipal() {
      return userName != null || userId != null || tokenSub != null || userEmail != null;
    }
  }

  private final ThreadLocal<Facts> facts = ThreadLocal.withInitial(Facts::new);

  private Facts facts(JsonNode root) {
    Facts f = facts.get();
    IdentityContext ctx = context;
    if (f.root != root || f.context != ctx) {
      f.root = root;
      f.context = ctx;
      f.principalsRead = false;
      f.workforce = null;
      f.timeRead = false;
      f.tokenRead = false;
      f.keyRead = false;
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
  private static String[] principals(Facts f) {
    if (f.workforce == null) {
      IdentityContext ctx = f.context;
      String name = workforce(ctx, f.userName);
      String id = f.userId == null ? null : workforce(ctx, f.userId);
      // a token's subject is usually the user ID itself: one member look-up for both
      String sub =
          f.tokenSub == null ? null : f.tokenSub.equals(f.userId) ? id : workforce(ctx, f.tokenSub);
      f.workforce = new String[] {name, id, sub, workforce(ctx, f.userEmail)};
    }
    return f.workforce;
  }

  /** {@code name}, or null when it is a known member (customer) ID. */
  private static String workforce(IdentityContext ctx, String name) {
    return name == null || ctx.isMember(name) ? null : name;
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

  /** The token's kid (null when absent), its issuer read with it. */
  private static String kid(Facts f) {
    if (!f.tokenRead) {
      f.tokenRead = true;
      f.kid = text(f.root, TOKEN_KID);
      f.iss = f.kid == null ? null : text(f.root, TOKEN_ISS);
    }
    return f.kid;
  }

  /** The signing key the token names (see {@link IdentityContext#signingKey}); null if none. */
  private static SigningKey key(Facts f) {
    if (!f.keyRead) {
      f.keyRead = true;
      String kid = kid(f);
      if (kid == null) {
        f.key = null;
      } else if (f.lastContext == f.context
          && kid.equals(f.lastKid)
          && java.util.Objects.equals(f.iss, f.lastIss)) {
        f.key = f.lastKey;
      } else {
        f.key = f.context.signingKey(f.iss, kid);
        f.lastContext = f.context;
        f.lastKid = kid;
        f.lastIss = f.iss;
        f.lastKey = f.key;
      }
    }
    return f.key;
  }

  JsonNode userExists(JsonNode root) {
    Facts f = facts(root);
    IdentityContext ctx = f.context;
    Boolean result = null;
    if (f.tokenSub != null) {
      result = ctx.userExists(f.tokenSub);
      if (result == null) {
        return null;
      }
    }
    if (f.userId != null && !f.userId.equals(f.tokenSub)) {
      Boolean exists = ctx.userExists(f.userId);
      if (exists == null) {
        return null;
      }
      result = result == null ? exists : result && exists;
    }
    return result == null ? null : NODES.booleanNode(result);
  }

  JsonNode hrStatus(JsonNode root) {
    Facts f = facts(root);
    for (String name : principals(f)) {
      if (name == null) {
        continue;
      }
      Employee e = f.context.employee(name);
      if (e != null) {
        long m = millis(f);
        LocalDate day =
            m == IsoMillis.NONE ? null : LocalDate.ofEpochDay(Math.floorDiv(m, 86_400_000L));
        return HR_NODES.get(e.statusOn(day));
      }
    }
    return f.anyPrincipal() ? UNKNOWN_HR : null;
  }

  JsonNode privileged(JsonNode root) {
    Facts f = facts(root);
    for (String name : principals(f)) {
      if (name != null && f.context.privileged(name)) {
        return NODES.booleanNode(true);
      }
    }
    return f.anyPrincipal() ? NODES.booleanNode(false) : null;
  }

  JsonNode keyStatus(JsonNode root) {
    Facts f = facts(root);
    if (kid(f) == null) {
      return null;
    }
    SigningKey key = key(f);
    if (key == null) {
      return UNKNOWN_KEY;
    }
    // the event's time matters only for a status with a start
    KeyStatus status = key.since() == null ? key.status() : key.statusAt(instant(f));
    return KEY_NODES.get(status);
  }

  JsonNode issuedAfterDistrust(JsonNode root) {
    Facts f = facts(root);
    if (kid(f) == null) {
      return null;
    }
    SigningKey key = key(f);
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
    Facts f = facts(root);
    for (String name : principals(f)) {
      Boolean fresh = f.context.countryNew(name, country);
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
