package dev.haechi.exercise.report;

import dev.haechi.core.Finding;
import dev.haechi.exercise.run.ExerciseResult;
import dev.haechi.exercise.run.ExpectationResult;
import dev.haechi.exercise.run.InjectResult;
import dev.haechi.exercise.run.RuleFiring;
import dev.haechi.exercise.run.Scoring;
import dev.haechi.exercise.run.TimelineEntry;
import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The result in the shape of FORMATS.md §6: {@code {"scenario","score","injects":[…],
 * "expectations":[…]}} (times as instants, durations as ISO-8601), with added fields: {@code
 * title}, per inject {@code why}, {@code would_catch}, {@code rules}, {@code events}, {@code
 * refused}, {@code destroyed}, {@code systems_to_restore}, {@code curve}, {@code findings}; and
 * {@code techniques}, {@code counts}, {@code false_positives}, {@code timeline}, {@code notes}.
 */
public final class ResultJson {
  public static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private ResultJson() {}

  public static ObjectNode of(ExerciseResult r) {
    ObjectNode root = JSON.createObjectNode();
    root.put("scenario", r.scenario().name());
    root.put("title", r.scenario().title());
    root.put("score", r.score());
    root.put("score_explained", Scoring.explain(r));
    ArrayNode injects = root.putArray("injects");
    for (InjectResult i : r.injects()) {
      ObjectNode o = injects.addObject();
      o.put("id", i.inject().id());
      o.put("type", i.inject().type().label());
      o.put("technique", i.inject().technique());
      o.put("outcome", i.outcome() == null ? null : i.outcome().label());
      o.put("rule_id", i.ruleId());
      o.put("first_event", text(i.firstEvent()));
      o.put("detected_at", text(i.detectedAt()));
      o.put("time_to_detect", text(i.timeToDetect()));
      if (i.stopped() != null) {
        o.put("stopped", i.stopped());
      } else {
        o.putNull("stopped");
      }
      o.put("grade1_restored_after", text(i.grade1RestoredAfter()));
      o.put("at", text(r.scenario().start().plus(i.inject().at())));
      o.put("rule_title", i.ruleTitle());
      o.put("events", i.events());
      o.put("refused", i.refused());
      o.put("why", i.why());
      o.put("would_catch", i.wouldCatch());
      Double points = r.points().get(i.inject().id());
      if (points != null) {
        o.put("points", points);
      } else {
        o.putNull("points");
      }
      ArrayNode rules = o.putArray("rules");
      for (RuleFiring f : i.rules()) {
        ObjectNode fo = rules.addObject();
        fo.put("rule_id", f.ruleId());
        fo.put("title", f.title());
        fo.put("level", f.level());
        fo.put("first", text(f.first()));
        fo.put("alerts", f.alerts());
      }
      if (i.destroyed() != null) {
        o.put("destroyed", i.destroyed());
        o.put("systems_to_restore", i.systemsToRestore());
        o.put("plan", i.planNote());
        ArrayNode curve = o.putArray("curve");
        i.curve()
            .forEach(
                p ->
                    curve
                        .addObject()
                        .put("after", text(p.after()))
                        .put("restored", p.restored())
                        .put("of", p.of()));
        ArrayNode findings = o.putArray("findings");
        for (Finding f : i.findings()) {
          ObjectNode fo = findings.addObject();
          fo.put("type", f.type());
          fo.put("severity", f.severity().label());
          fo.put("title", f.title());
          ObjectNode subject = fo.putObject("subject");
          f.subject().forEach(subject::put);
          fo.put("remedy", f.remedy());
        }
      }
    }
    ArrayNode exp = root.putArray("expectations");
    for (ExpectationResult e : r.expectations()) {
      exp.addObject()
          .put("inject", e.expectation().inject())
          .put("met", e.met())
          .put("why", e.why());
    }
    ObjectNode techniques = root.putObject("techniques");
    r.techniques().forEach((t, o) -> techniques.put(t, o.label()));
    ObjectNode counts = root.putObject("counts");
    counts.put("background_events", r.backgroundEvents());
    counts.put("attack_events", r.attackEvents());
    counts.put("alerts", r.alerts());
    counts.put("false_positives", r.falsePositives());
    counts.put("engine_builds", r.engineBuilds());
    counts.put("wall_seconds", r.wallTime().toMillis() / 1000.0);
    ObjectNode fp = root.putObject("false_positives");
    r.falsePositivesByRule().forEach(fp::put);
    ArrayNode timeline = root.putArray("timeline");
    for (TimelineEntry t : r.timeline()) {
      timeline
          .addObject()
          .put("at", text(t.at()))
          .put("kind", t.kind())
          .put("inject", t.inject())
          .put("text", t.text());
    }
    ArrayNode notes = root.putArray("notes");
    r.notes().forEach(notes::add);
    return root;
  }

  public static String text(ExerciseResult r) {
    return JSON.writeValueAsString(of(r));
  }

  static String text(Instant t) {
    return t == null ? null : t.toString();
  }

  static String text(Duration d) {
    return d == null ? null : d.toString();
  }
}
