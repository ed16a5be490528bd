package dev.haechi.app.identity;

import dev.haechi.app.alerts.AlertStore;
import dev.haechi.app.alerts.WebhookDelivery;
import dev.haechi.app.audit.AuditLog;
import dev.haechi.app.findings.FindingStore;
import dev.haechi.app.settings.Setting;
import dev.haechi.app.settings.SettingsStore;
import dev.haechi.connectors.LiveSourceSpec;
import dev.haechi.connectors.SecretEnvironment;
import dev.haechi.core.Durations;
import dev.haechi.core.Finding;
import dev.haechi.core.InputException;
import dev.haechi.identity.IdentityReconciler;
import dev.haechi.identity.ReconcileOptions;
import dev.haechi.identity.ReconcileResult;
import dev.haechi.identity.model.Account;
import dev.haechi.identity.model.IdentitySnapshot;
import dev.haechi.identity.model.JwksKey;
import dev.haechi.identity.model.Person;
import dev.haechi.identity.model.Secret;
import dev.haechi.identity.readers.HrCsvReader;
import dev.haechi.identity.readers.IdentityDirectory;
import dev.haechi.identity.readers.JwksReader;
import dev.haechi.identity.readers.ScimRosterReader;
import dev.haechi.identity.readers.SecretInventoryReader;
import dev.haechi.identity.readers.VaultAuditLogReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Continuous Leaver Guard. Every tick ({@code haechi.identity.tick}, default 30 s) it reads the
 * configured sources that are due, each on its own interval; a source that fails keeps its previous
 * read (the run is then marked {@code stale-sources} and names it), so no finding is derived from a
 * partial read as if it were complete. When anything was read it reconciles as of now, stores the
 * findings and the difference from the previous run (new leavers, accounts that appeared or
 * disappeared). On every tick it raises an alert, once (whatever its later status), for each leaver
 * who still holds an account or a secret longer than {@code identity.leaver-grace} after their
 * termination day ended, and the webhook delivers it.
 */
@Component
public class ContinuousReconciliation {
  static final Set<String> ALERTING_TYPES =
      Set.of("leaver-active-account", "secret-custodian-left");
  private static final List<String> READ_ORDER =
      List.of("hr", "accounts", "secrets", "jwks", "vault-audit");

  private final IdentitySources sources;
  private final IdentityState identity;
  private final DecisionStore decisions;
  private final FindingStore findings;
  private final AlertStore alerts;
  private final WebhookDelivery webhook;
  private final SettingsStore settings;
  private final SecretEnvironment env;
  private final ConnectorPolicy policy;
  private final JdbcTemplate jdbc;
  private final AuditLog audit;
  private final JsonMapper json;

  private final Map<String, Object> reads = new HashMap<>();
  private IdentitySnapshot lastSnapshot;
  private ReconcileResult lastResult;

  public ContinuousReconciliation(
      IdentitySources sources,
      IdentityState identity,
      DecisionStore decisions,
      FindingStore findings,
      AlertStore alerts,
      WebhookDelivery webhook,
      SettingsStore settings,
      SecretEnvironment env,
      JdbcTemplate jdbc,
      AuditLog audit,
      JsonMapper json,
      ConnectorPolicy policy) {
    this.sources = sources;
    this.identity = identity;
    this.decisions = decisions;
    this.findings = findings;
    this.alerts = alerts;
    this.webhook = webhook;
    this.settings = settings;
    this.env = policy.guard(env);
    this.policy = policy;
    this.jdbc = jdbc;
    this.audit = audit;
    this.json = json;
  }

  /** One reconciliation run and what changed. */
  public record Run(
      long id,
      Instant startedAt,
      Instant finishedAt,
      String trigger,
      String status,
      int people,
      int accounts,
      int findings,
      int alertsRaised,
      List<String> failedSources,
      ReconciliationDiff diff) {}

  @Scheduled(
      fixedDelayString = "${haechi.identity.tick:30s}",
      initialDelayString = "${haechi.identity.tick:30s}")
  void tick() {
    run("schedule", false);
  }

  /**
   * Reads the due sources (all of them when {@code force}), reconciles when anything was read, and
   * raises the alerts that are due. Returns the run, or null when nothing was read.
   */
  public synchronized Run run(String trigger, boolean force) {
    Instant started = Instant.now();
    List<IdentitySources.Source> configured = new ArrayList<>(sources.list());
    configured.sort(Comparator.comparingInt(s -> READ_ORDER.indexOf(s.kind())));
    Set<String> names = new HashSet<>();
    configured.forEach(s -> names.add(s.name()));
    boolean changed = reads.keySet().removeIf(n -> !names.contains(n));
    List<String> failed = new ArrayList<>();
    for (IdentitySources.Source s : configured) {
      if (!force && reads.containsKey(s.name()) && !s.dueAt(started)) {
        continue;
      }
      try {
        Object read = read(s);
        reads.put(s.name(), read);
        sources.recordRead(s.name(), started, true, null, count(read));
        changed = true;
      } catch (RuntimeException e) {
        String why =
            ConnectorPolicy.safeError(
                e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(),
                sourceFile(s));
        sources.recordRead(s.name(), started, false, why, null);
        failed.add(s.name() + ": " + why);
        audit.append("system", "identity.source-failed", "source:" + s.name(), why);
      }
    }
    if (changed && reads.containsKey("hr")) {
      return reconcile(started, trigger, configured, failed);
    }
    // Nothing new was read, but time passes: leavers may have reached the end of their grace.
    raiseDueAlerts(started);
    return null;
  }

  private Run reconcile(
      Instant started,
      String trigger,
      List<IdentitySources.Source> configured,
      List<String> failed) {
    IdentitySnapshot snapshot = snapshot(configured);
    ReconcileResult result =
        IdentityReconciler.reconcile(
            snapshot, ReconcileOptions.asOf(started).withDecisions(decisions.all()));
    ReconciliationDiff diff = ReconciliationDiff.between(lastSnapshot, snapshot);
    List<String> stale = new ArrayList<>(failed);
    for (IdentitySources.Source s : configured) {
      if (!reads.containsKey(s.name()) && failed.stream().noneMatch(f -> f.startsWith(s.name()))) {
        stale.add(s.name() + ": never read");
      }
    }
    LocalDate today = LocalDate.ofInstant(started, ZoneOffset.UTC);
    identity.replace("continuous", today, snapshot, result);
    lastSnapshot = snapshot;
    lastResult = result;
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("diff", diff.summary());
    summary.put("staleSources", stale);
    findings.saveRun(
        "system", "identity", "reconcile", "continuous", today, result.findings(), summary);
    int raised = raiseDueAlerts(started);
    Instant finished = Instant.now();
    String status = stale.isEmpty() ? "complete" : "stale-sources";
    Map<String, Object> stored = new LinkedHashMap<>(diff.summary());
    stored.put("staleSources", stale);
    String text = json.writeValueAsString(stored);
    jdbc.update(
        "INSERT INTO identity_run (started_at, finished_at, trigger_name, status, people,"
            + " accounts, findings, new_leavers, new_accounts, removed_accounts, alerts_raised,"
            + " diff) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        OffsetDateTime.ofInstant(started, ZoneOffset.UTC),
        OffsetDateTime.ofInstant(finished, ZoneOffset.UTC),
        trigger,
        status,
        snapshot.people().size(),
        snapshot.accounts().size(),
        result.findings().size(),
        diff.newLeavers().size(),
        diff.newAccounts().size(),
        diff.removedAccounts().size(),
        raised,
        text.length() > 20_000 ? json.writeValueAsString(Map.of("truncated", true)) : text);
    long id = jdbc.queryForObject("SELECT MAX(id) FROM identity_run", Long.class);
    audit.append(
        "system",
        "identity.reconcile-run",
        "identity-run:" + id,
        status
            + " new-leavers="
            + diff.newLeavers().size()
            + " new-accounts="
            + diff.newAccounts().size()
            + " removed-accounts="
            + diff.removedAccounts().size());
    return new Run(
        id,
        started,
        finished,
        trigger,
        status,
        snapshot.people().size(),
        snapshot.accounts().size(),
        result.findings().size(),
        raised,
        stale,
        diff);
  }

  /** Alerts for leavers past the grace period; each once (an existing alert is left as it is). */
  private int raiseDueAlerts(Instant now) {
    if (lastResult == null) {
      return 0;
    }
    Duration grace = Durations.parse(settings.get(Setting.LEAVER_GRACE));
    Map<String, Person> people = new HashMap<>();
    lastSnapshot.people().forEach(p -> people.put(p.employeeId(), p));
    int raisedNew = 0;
    for (Finding f : lastResult.findings()) {
      if (!ALERTING_TYPES.contains(f.type())) {
        continue;
      }
      Person p = people.get(f.subject().get("person"));
      if (p == null || p.terminationDate() == null) {
        continue;
      }
      Instant graceEnds =
          p.terminationDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().plus(grace);
      if (graceEnds.isAfter(now)) {
        continue;
      }
      String what =
          f.subject().getOrDefault("system", "")
              + ":"
              + f.subject().getOrDefault("account", f.subject().getOrDefault("secret", ""));
      String key = "identity:" + f.type() + ":" + p.employeeId() + ":" + what;
      if (alerts.exists(key)) {
        continue;
      }
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("subject", f.subject());
      details.put("terminationDate", p.terminationDate().toString());
      details.put("graceEndedAt", graceEnds.toString());
      details.put("evidence", f.evidence().subList(0, Math.min(20, f.evidence().size())));
      details.put("remedy", f.remedy());
      if (alerts
          .raise(
              "identity",
              f.type(),
              "Leaver still holds access: " + f.title(),
              f.severity().name().toLowerCase(Locale.ROOT),
              key,
              details)
          .isNew()) {
        raisedNew++;
      }
    }
    if (raisedNew > 0) {
      webhook.nudge();
    }
    return raisedNew;
  }

  private IdentitySnapshot snapshot(List<IdentitySources.Source> configured) {
    @SuppressWarnings("unchecked")
    List<Person> people = (List<Person>) reads.get("hr");
    List<Account> accounts = new ArrayList<>();
    List<Secret> secrets = new ArrayList<>();
    List<JwksKey> jwks = new ArrayList<>();
    VaultAuditLogReader.Result vault = new VaultAuditLogReader.Result(List.of(), 0);
    for (IdentitySources.Source s : configured) {
      Object r = reads.get(s.name());
      if (r == null) {
        continue;
      }
      switch (s.kind()) {
        case "accounts" -> {
          IdentityDirectory.AccountFile f = (IdentityDirectory.AccountFile) r;
          accounts.addAll(f.accounts());
          secrets.addAll(f.secrets());
        }
        case "secrets" -> secrets.addAll(0, castList(r, Secret.class));
        case "jwks" -> jwks.addAll(castList(r, JwksKey.class));
        case "vault-audit" -> vault = (VaultAuditLogReader.Result) r;
        default -> {}
      }
    }
    return new IdentitySnapshot(
        people, accounts, secrets, vault.accesses(), jwks, vault.linesRead());
  }

  /** The file a file source reads (for redacting its errors), or null (live, or not allowed). */
  private Path sourceFile(IdentitySources.Source s) {
    if (LiveSourceSpec.isLive(s.location())) {
      return null;
    }
    try {
      Path file = policy.confine("source " + s.name(), s.location());
      return Files.isRegularFile(file) ? file : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private Object read(IdentitySources.Source s) {
    String loc = s.location();
    if (s.kind().equals("accounts") && LiveSourceSpec.isLive(loc)) {
      policy.checkTransport("location", loc);
      return new IdentityDirectory.AccountFile(
          LiveSourceSpec.parse(s.name(), loc).accountSource(env).readAll(), List.of());
    }
    Path file = policy.confine("source " + s.name(), loc);
    if (!Files.isRegularFile(file)) {
      throw new InputException(loc, 0, "no such file (source " + s.name() + ")");
    }
    return switch (s.kind()) {
      case "hr" ->
          loc.toLowerCase(Locale.ROOT).endsWith(".json")
              ? ScimRosterReader.read(file, loc)
              : HrCsvReader.read(file, loc);
      case "accounts" -> IdentityDirectory.AccountFile.read(file, loc, s.name());
      case "secrets" -> SecretInventoryReader.read(file, loc);
      case "jwks" -> {
        String name = file.getFileName().toString();
        yield JwksReader.read(file, loc, name.replaceFirst("\\.json$", ""));
      }
      case "vault-audit" -> VaultAuditLogReader.read(file, loc, secretLocations());
      default -> throw new IllegalStateException("unknown kind " + s.kind());
    };
  }

  private List<String> secretLocations() {
    List<String> out = new ArrayList<>();
    for (Object r : reads.values()) {
      if (r instanceof IdentityDirectory.AccountFile f) {
        f.secrets().forEach(x -> out.add(x.location()));
      } else if (r instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Secret) {
        l.forEach(x -> out.add(((Secret) x).location()));
      }
    }
    return out;
  }

  private static Long count(Object read) {
    if (read instanceof List<?> l) {
      return (long) l.size();
    }
    if (read instanceof IdentityDirectory.AccountFile f) {
      return (long) (f.accounts().size() + f.secrets().size());
    }
    if (read instanceof VaultAuditLogReader.Result r) {
      return r.linesRead();
    }
    return null;
  }

  private static <T> List<T> castList(Object o, Class<T> type) {
    List<T> out = new ArrayList<>();
    for (Object x : (List<?>) o) {
      out.add(type.cast(x));
    }
    return out;
  }

  /** Recent runs, newest first, with their differences. */
  public List<Map<String, Object>> runs(int limit) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> row :
        jdbc.queryForList(
            "SELECT id, started_at, finished_at, trigger_name, status, people, accounts, findings,"
                + " new_leavers, new_accounts, removed_accounts, alerts_raised, diff FROM"
                + " identity_run ORDER BY id DESC LIMIT ?",
            limit)) {
      Map<String, Object> m = new LinkedHashMap<>();
      row.forEach(
          (k, v) -> {
            String key = k.toLowerCase(Locale.ROOT);
            m.put(
                key,
                key.equals("diff")
                    ? json.readValue((String) v, Map.class)
                    : v instanceof java.sql.Timestamp t ? t.toInstant().toString() : v);
          });
      out.add(m);
    }
    return out;
  }
}
