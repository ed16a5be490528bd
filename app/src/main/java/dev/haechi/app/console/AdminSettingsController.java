package dev.haechi.app.console;

import dev.haechi.app.identity.IdentitySources;
import dev.haechi.app.security.SecurityConfig;
import dev.haechi.app.settings.Setting;
import dev.haechi.app.settings.SettingsStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The admin's pages that were API instructions before: the admin index, the settings as a form, and
 * Leaver Guard's reconciliation sources as a form. Every change goes through the same checks and
 * audit as the API.
 */
@Controller
public class AdminSettingsController {
  /** What each setting means, in words an admin reads on the form. */
  static final Map<Setting, String> WORDS = new LinkedHashMap<>();

  static {
    WORDS.put(
        Setting.LEAVER_GRACE,
        "How long after leaving a person may still hold access before Haechi raises an alert"
            + " (e.g. 24h, 3d).");
    WORDS.put(
        Setting.MASS_CHANGE_MAX_COUNT,
        "Most accounts of one system a remediation plan may disable without raising the guard.");
    WORDS.put(
        Setting.MASS_CHANGE_MAX_SHARE,
        "Largest share of one system's accounts (0 to 1) a plan may disable without raising the"
            + " guard.");
    WORDS.put(
        Setting.ALERT_WEBHOOK_URL,
        "Where new alerts are posted (an https address). It may carry a token, so it is never"
            + " shown; leave the field empty to keep it.");
    WORDS.put(
        Setting.CONNECTOR_SECRET_ENV_ALLOW,
        "The environment variables connectors may read passwords and tokens from,"
            + " comma-separated.");
    WORDS.put(
        Setting.CONNECTOR_CLEARTEXT_HOSTS,
        "Hosts that sources and remediation targets may reach without TLS, comma-separated.");
    WORDS.put(
        Setting.VAULT_TARGET,
        "The Vault that secret remediation plans rotate keys in"
            + " (https://vault:8200;token-env=VAULT_TOKEN). Empty: keys become tasks for people.");
    WORDS.put(Setting.STATUS_TIME_ZONE, "The public status page's time zone, e.g. Asia/Seoul.");
    WORDS.put(Setting.STATUS_LANGUAGE, "The public status page's language: en or ko.");
    WORDS.put(
        Setting.STATUS_PUBLIC_URL,
        "Where the public reaches the status page, e.g. https://status.example.go.kr.");
  }

  /** One row of the settings form. */
  public record Row(String key, String words, String value, boolean secret, boolean set) {}

  private final SettingsStore settings;
  private final IdentitySources sources;
  private final org.springframework.beans.factory.ObjectProvider<dev.haechi.app.status.StatusBoard>
      board;

  private final dev.haechi.app.audit.AuditLog audit;
  private final Exports exports;

  public AdminSettingsController(
      SettingsStore settings,
      IdentitySources sources,
      org.springframework.beans.factory.ObjectProvider<dev.haechi.app.status.StatusBoard> board,
      dev.haechi.app.audit.AuditLog audit,
      Exports exports) {
    this.audit = audit;
    this.exports = exports;
    this.settings = settings;
    this.sources = sources;
    this.board = board;
  }

  /** The audit log as filtered on the page (newest first, every page) as CSV or JSON. */
  @GetMapping(value = "/admin/audit", params = "format")
  public org.springframework.http.ResponseEntity<byte[]> exportAudit(
      @RequestParam String format,
      @RequestParam(required = false) String actor,
      @RequestParam(required = false) String action,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      Authentication auth) {
    Exports.format(format);
    var filter = AdminController.filter(actor, action, q, from, to);
    var t =
        Exports.Table.of(
            List.of("seq", "occurred_at", "actor", "action", "target", "details", "hash"));
    for (var r : audit.search(filter, 0, Exports.MAX_ROWS)) {
      t.add(r.seq(), r.occurredAt(), r.actor(), r.action(), r.target(), r.details(), r.hash());
    }
    return exports.download(auth, "audit", format, t);
  }

  @GetMapping("/admin")
  public String index(Model model) {
    model.addAttribute("active", "admin");
    return "admin";
  }

  @GetMapping("/admin/settings")
  public String settings(Model model) {
    List<Row> rows = new ArrayList<>();
    for (Setting s : Setting.values()) {
      String v = settings.get(s);
      rows.add(
          new Row(
              s.key(), WORDS.getOrDefault(s, ""), s.secret() ? "" : v, s.secret(), !v.isEmpty()));
    }
    model.addAttribute("rows", rows);
    model.addAttribute("active", "admin");
    return "admin-settings";
  }

  @PostMapping("/admin/settings")
  public String set(
      @RequestParam String key,
      @RequestParam(required = false) String value,
      Authentication auth,
      RedirectAttributes flash) {
    try {
      Setting s = Setting.byKey(key);
      if (s.secret() && (value == null || value.isBlank())) {
        flash.addFlashAttribute("message", "Kept the value of " + key + ".");
        return "redirect:/admin/settings";
      }
      settings.set(SecurityConfig.actor(auth), s, value);
      if (s.key().startsWith("status.")) {
        board.ifAvailable(dev.haechi.app.status.StatusBoard::refresh);
      }
      flash.addFlashAttribute("message", "Saved " + key + ".");
    } catch (IllegalArgumentException e) {
      flash.addFlashAttribute("error", "Not saved: " + e.getMessage());
    }
    return "redirect:/admin/settings";
  }

  @PostMapping("/admin/identity/sources")
  public String saveSource(
      @RequestParam String kind,
      @RequestParam(required = false) String system,
      @RequestParam String location,
      @RequestParam(required = false) String every,
      Authentication auth,
      RedirectAttributes flash) {
    try {
      var s =
          sources.save(
              SecurityConfig.actor(auth),
              kind,
              system == null || system.isBlank() ? null : system.trim(),
              location.trim(),
              every == null || every.isBlank() ? "15m" : every.trim());
      flash.addFlashAttribute(
          "message", "Source " + s.name() + " saved; it is read at the next run.");
    } catch (IllegalArgumentException e) {
      flash.addFlashAttribute("error", "Not saved: " + e.getMessage());
    }
    return "redirect:/identity/runs";
  }

  @PostMapping("/admin/identity/sources/delete")
  public String deleteSource(
      @RequestParam String name, Authentication auth, RedirectAttributes flash) {
    try {
      sources.delete(SecurityConfig.actor(auth), name);
      flash.addFlashAttribute("message", "Source " + name + " removed.");
    } catch (IllegalArgumentException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/identity/runs";
  }
}
