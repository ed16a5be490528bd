package dev.haechi.app.settings;

import dev.haechi.app.audit.AuditLog;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Run-time settings: defaults until an admin changes them; every change audited. */
@Component
public class SettingsStore {
  private final JdbcTemplate jdbc;
  private final AuditLog audit;

  public SettingsStore(JdbcTemplate jdbc, AuditLog audit) {
    this.jdbc = jdbc;
    this.audit = audit;
  }

  public String get(Setting setting) {
    return jdbc
        .query(
            "SELECT setting_value FROM setting WHERE name = ?",
            (rs, i) -> rs.getString(1),
            setting.key())
        .stream()
        .findFirst()
        .orElse(setting.defaultValue());
  }

  /** Every setting with its current value; secret values are masked. */
  public Map<String, String> all() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Setting s : Setting.values()) {
      String v = get(s);
      out.put(s.key(), s.secret() && !v.isEmpty() ? "(set)" : v);
    }
    return out;
  }

  @Transactional
  public void set(String actor, Setting setting, String value) {
    String v = value == null ? "" : value.trim();
    setting.check(v);
    String old = get(setting);
    int n =
        jdbc.update(
            "UPDATE setting SET setting_value = ?, updated_at = ?, updated_by = ? WHERE name = ?",
            v,
            OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC),
            actor,
            setting.key());
    if (n == 0) {
      jdbc.update(
          "INSERT INTO setting (name, setting_value, updated_at, updated_by) VALUES (?, ?, ?, ?)",
          setting.key(),
          v,
          OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC),
          actor);
    }
    audit.append(
        actor,
        "setting.changed",
        "setting:" + setting.key(),
        setting.secret() ? "value changed (secret, not shown)" : old + " -> " + v);
  }
}
