package dev.haechi.app.console;

import dev.haechi.app.identity.IdentityState;
import dev.haechi.core.Finding;
import dev.haechi.identity.custody.CustodyEntry;
import dev.haechi.identity.custody.CustodyTimeline;
import dev.haechi.identity.model.Account;
import dev.haechi.identity.model.Person;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The people of the latest reconciliation: search by name, ID, e-mail or username, filter by status
 * or by "has findings", page, and export the filtered list as CSV or JSON (issue 17 item 4).
 */
@Controller
public class PeopleConsoleController {
  private static final int PAGE = 50;
  private final IdentityState state;
  private final Exports exports;

  public PeopleConsoleController(IdentityState state, Exports exports) {
    this.state = state;
    this.exports = exports;
  }

  /** One person as the list shows them. */
  public record Row(
      String employeeId,
      String name,
      String department,
      String title,
      String status,
      java.time.LocalDate hired,
      java.time.LocalDate left,
      int accounts,
      int secrets,
      int findings) {}

  private List<Row> rows(String q, String status, boolean withFindings) {
    var loaded = state.current();
    if (loaded.isEmpty()) {
      return List.of();
    }
    var l = loaded.get();
    Map<String, Integer> findings = new HashMap<>();
    for (Finding f : l.result().findings()) {
      String p = f.subject().get("person");
      if (p != null) {
        findings.merge(p, 1, Integer::sum);
      }
    }
    Map<String, Integer> secrets = new HashMap<>();
    for (CustodyTimeline t : l.result().custody()) {
      for (CustodyEntry e : t.entries()) {
        if (e.employeeId() != null) {
          secrets.merge(e.employeeId(), 1, Integer::sum);
        }
      }
    }
    String text = q == null ? "" : q.trim().toLowerCase(Locale.ROOT);
    List<Row> out = new ArrayList<>();
    for (Person p : l.people().values()) {
      if (status != null && !status.isBlank() && !p.status().label().equals(status)) {
        continue;
      }
      int f = findings.getOrDefault(p.employeeId(), 0);
      if (withFindings && f == 0) {
        continue;
      }
      String name = (nz(p.givenName()) + " " + nz(p.familyName())).trim();
      if (!text.isEmpty()
          && !(p.employeeId().toLowerCase(Locale.ROOT).contains(text)
              || name.toLowerCase(Locale.ROOT).contains(text)
              || nz(p.email()).toLowerCase(Locale.ROOT).contains(text)
              || nz(p.username()).toLowerCase(Locale.ROOT).contains(text))) {
        continue;
      }
      List<Account> accounts = l.accountsByPerson().getOrDefault(p.employeeId(), List.of());
      out.add(
          new Row(
              p.employeeId(),
              name,
              p.department(),
              p.title(),
              p.status().label(),
              p.hireDate(),
              p.terminationDate(),
              accounts.size(),
              secrets.getOrDefault(p.employeeId(), 0),
              f));
    }
    // who needs attention first: most findings, then by ID
    out.sort(Comparator.comparingInt(Row::findings).reversed().thenComparing(Row::employeeId));
    return out;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  @GetMapping("/identity/people")
  public String people(
      @RequestParam(required = false) String q,
      @RequestParam(required = false) String status,
      @RequestParam(defaultValue = "false") boolean withFindings,
      @RequestParam(defaultValue = "0") int page,
      Model model) {
    List<Row> all = rows(q, status, withFindings);
    int p = Math.max(0, page);
    int from = Math.min(p * PAGE, all.size());
    model.addAttribute("people", all.subList(from, Math.min(from + PAGE, all.size())));
    model.addAttribute("total", all.size());
    model.addAttribute("page", p);
    model.addAttribute("pages", (all.size() + PAGE - 1) / PAGE);
    model.addAttribute("q", q);
    model.addAttribute("status", status);
    model.addAttribute("withFindings", withFindings);
    model.addAttribute("loaded", state.current().isPresent());
    state
        .current()
        .ifPresent(
            l -> {
              model.addAttribute("source", l.source());
              model.addAttribute("asOf", l.asOf());
            });
    model.addAttribute("active", "identity");
    return "identity-people";
  }

  /** The filtered people (every page) as CSV or JSON. */
  @GetMapping(value = "/identity/people", params = "format")
  public ResponseEntity<byte[]> export(
      @RequestParam(required = false) String q,
      @RequestParam(required = false) String status,
      @RequestParam(defaultValue = "false") boolean withFindings,
      @RequestParam String format,
      Authentication auth) {
    Exports.format(format);
    var t =
        Exports.Table.of(
            List.of(
                "employee_id",
                "name",
                "department",
                "title",
                "status",
                "hired",
                "left",
                "accounts",
                "secrets_held",
                "findings"));
    for (Row r : rows(q, status, withFindings)) {
      t.add(
          r.employeeId(),
          r.name(),
          r.department(),
          r.title(),
          r.status(),
          r.hired() == null ? null : r.hired().toString(),
          r.left() == null ? null : r.left().toString(),
          r.accounts(),
          r.secrets(),
          r.findings());
    }
    return exports.download(auth, "people", format, t);
  }
}
