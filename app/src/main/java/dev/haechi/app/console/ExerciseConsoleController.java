package dev.haechi.app.console;

import dev.haechi.app.exercise.ExerciseRuns;
import dev.haechi.app.security.SecurityConfig;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Exercise in the console: what it is, the scenarios, starting a run, a live view while it runs,
 * and the results with the after-action report and the ATT&CK Navigator layer.
 */
@Controller
public class ExerciseConsoleController {
  private final ExerciseRuns runs;

  public ExerciseConsoleController(ExerciseRuns runs) {
    this.runs = runs;
  }

  @GetMapping("/exercise")
  public String page(
      @RequestParam(required = false) String scenario,
      @RequestParam(required = false) String status,
      Model model) {
    model.addAttribute("choices", runs.choices());
    var all = runs.list();
    model.addAttribute("runs", ConsoleLists.runs(all, scenario, status));
    model.addAttribute("all", all.size());
    model.addAttribute("scenario", scenario);
    model.addAttribute("status", status);
    model.addAttribute(
        "scenarios", all.stream().map(ExerciseRuns.Run::scenario).distinct().sorted().toList());
    model.addAttribute(
        "statuses", all.stream().map(ExerciseRuns.Run::status).distinct().sorted().toList());
    model.addAttribute("defaultRate", ExerciseRuns.DEFAULT_RATE);
    model.addAttribute("scenarioFolder", runs.scenarioFolder().toString());
    model.addAttribute("title", "Exercise");
    model.addAttribute("active", "exercise");
    return "exercise";
  }

  @PostMapping("/exercise/runs")
  public String start(
      @RequestParam(required = false) String scenario,
      @RequestParam(required = false) Double rate,
      Authentication auth,
      RedirectAttributes flash) {
    try {
      long id = runs.start(SecurityConfig.actor(auth), scenario, rate);
      return "redirect:/exercise/runs/" + id;
    } catch (IllegalArgumentException e) {
      flash.addFlashAttribute("error", e.getMessage());
      return "redirect:/exercise";
    }
  }

  @GetMapping("/exercise/runs/{id}")
  public String run(@PathVariable long id, Model model) {
    ExerciseRuns.Run run = find(id);
    model.addAttribute("run", run);
    model.addAttribute("live", runs.live(id).orElse(null));
    model.addAttribute("view", runs.view(id).orElse(null));
    model.addAttribute("active", "exercise");
    return "exercise-run";
  }

  /** The live part of a running exercise; once it is done the browser reloads the page. */
  @GetMapping("/exercise/runs/{id}/live")
  public String live(
      @PathVariable long id,
      @RequestHeader(value = "HX-Request", required = false) String htmx,
      jakarta.servlet.http.HttpServletResponse response,
      Model model) {
    ExerciseRuns.Run run = find(id);
    if (run.done() && htmx != null) {
      response.setHeader("HX-Refresh", "true");
    }
    model.addAttribute("run", run);
    model.addAttribute("live", runs.live(id).orElse(null));
    return "exercise-run :: live";
  }

  @GetMapping("/exercise/runs/{id}/{file:report\\.html|report\\.md|navigator\\.json|result\\.json}")
  public ResponseEntity<byte[]> file(@PathVariable long id, @PathVariable String file) {
    find(id);
    byte[] body =
        runs.file(id, file)
            .orElseThrow(
                () ->
                    new ResponseStatusException(
                        HttpStatus.NOT_FOUND, "This run has no " + file + " (it did not finish)."));
    MediaType type =
        file.endsWith(".html")
            ? new MediaType("text", "html", StandardCharsets.UTF_8)
            : file.endsWith(".md")
                ? new MediaType("text", "markdown", StandardCharsets.UTF_8)
                : MediaType.APPLICATION_JSON;
    var response = ResponseEntity.ok().contentType(type);
    if (!file.endsWith(".html")) {
      response =
          response.header(
              HttpHeaders.CONTENT_DISPOSITION,
              "attachment; filename=\"exercise-" + id + "-" + file + "\"");
    }
    return response.body(body);
  }

  private ExerciseRuns.Run find(long id) {
    try {
      return runs.get(id);
    } catch (IllegalArgumentException e) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No exercise run " + id + ".");
    }
  }
}
