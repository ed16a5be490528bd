package dev.haechi.app.api;

import dev.haechi.app.security.SecurityConfig;
import dev.haechi.app.settings.Setting;
import dev.haechi.app.settings.SettingsStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Run-time settings. Admins only; every change is audited. */
@RestController
@RequestMapping("/api/v1/settings")
@Tag(name = "settings")
public class SettingsController {
  private final SettingsStore settings;
  private final dev.haechi.app.status.StatusBoard board;

  public SettingsController(SettingsStore settings, dev.haechi.app.status.StatusBoard board) {
    this.settings = settings;
    this.board = board;
  }

  public record NewValue(String value) {}

  @GetMapping
  @Operation(summary = "Every setting and its value (secret values masked)")
  public Map<String, String> all() {
    return settings.all();
  }

  @PutMapping("/{key}")
  @Operation(summary = "Change a setting; the value is checked and the change audited")
  public Map<String, String> set(
      @PathVariable String key, @RequestBody NewValue body, Authentication auth) {
    Setting setting = Setting.byKey(key);
    settings.set(SecurityConfig.actor(auth), setting, body.value());
    if (setting.key().startsWith("status.")) {
      board.refresh(); // the public page's zone, language or address changed
    }
    return settings.all();
  }
}
