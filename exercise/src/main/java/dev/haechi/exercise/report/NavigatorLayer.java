package dev.haechi.exercise.report;

import dev.haechi.exercise.run.ExerciseResult;
import dev.haechi.exercise.run.InjectResult;
import dev.haechi.exercise.run.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An ATT&CK Navigator layer (layer format 4.5, mitre-attack/attack-navigator {@code
 * layers/spec/v4.5/layerformat.md}) of a run: one technique object per technique the scenario
 * tagged, coloured by its best outcome, scored (prevented 100, detected 75, logged 25, missed 0),
 * with the injects and their outcomes in the comment and metadata.
 */
public final class NavigatorLayer {
  /** Colours by outcome, also the layer's legend. */
  public static final Map<Outcome, String> COLOURS =
      Map.of(
          Outcome.PREVENTED, "#1b7837",
          Outcome.DETECTED, "#5aae61",
          Outcome.LOGGED, "#fdb863",
          Outcome.MISSED, "#d73027",
          Outcome.IMPACT, "#762a83");

  private NavigatorLayer() {}

  public static int score(Outcome o) {
    return switch (o) {
      case PREVENTED -> 100;
      case DETECTED -> 75;
      case LOGGED -> 25;
      case MISSED, IMPACT -> 0;
    };
  }

  public static ObjectNode of(ExerciseResult r) {
    ObjectNode layer = ResultJson.JSON.createObjectNode();
    layer.put("name", "Haechi exercise: " + r.scenario().name());
    ObjectNode versions = layer.putObject("versions");
    versions.put("attack", "16");
    versions.put("navigator", "5.1.0");
    versions.put("layer", "4.5");
    layer.put("domain", "enterprise-attack");
    layer.put(
        "description",
        r.scenario().title()
            + " — score "
            + r.score()
            + "/100; colours: best outcome per technique");
    layer.put("sorting", 3);
    ObjectNode layout = layer.putObject("layout");
    layout.put("layout", "side");
    layout.put("aggregateFunction", "average");
    layout.put("showID", true);
    layout.put("showName", true);
    layout.put("showAggregateScores", false);
    layout.put("countUnscored", false);
    layout.put("expandedSubtechniques", "none");
    layer.put("hideDisabled", false);
    Map<String, List<InjectResult>> byTechnique = new LinkedHashMap<>();
    for (InjectResult i : r.injects()) {
      if (i.outcome() != null && i.inject().technique() != null) {
        byTechnique.computeIfAbsent(i.inject().technique(), k -> new ArrayList<>()).add(i);
      }
    }
    ArrayNode techniques = layer.putArray("techniques");
    for (Map.Entry<String, List<InjectResult>> e : byTechnique.entrySet()) {
      Outcome best = r.techniques().get(e.getKey());
      ObjectNode t = techniques.addObject();
      t.put("techniqueID", e.getKey());
      t.put("score", score(best));
      t.put("color", COLOURS.get(best));
      List<String> lines = new ArrayList<>();
      ArrayNode meta = ResultJson.JSON.createArrayNode();
      for (InjectResult i : e.getValue()) {
        lines.add(i.inject().id() + ": " + i.outcome().label() + " — " + i.why());
        meta.addObject().put("name", i.inject().id()).put("value", i.outcome().label());
      }
      t.put("comment", String.join("\n", lines));
      t.put("enabled", true);
      t.set("metadata", meta);
      t.putArray("links");
      t.put("showSubtechniques", false);
    }
    ObjectNode gradient = layer.putObject("gradient");
    gradient.putArray("colors").add("#d73027").add("#fdb863").add("#1b7837");
    gradient.put("minValue", 0);
    gradient.put("maxValue", 100);
    ArrayNode legend = layer.putArray("legendItems");
    for (Outcome o : Outcome.values()) {
      legend.addObject().put("label", o.label()).put("color", COLOURS.get(o));
    }
    layer
        .putArray("metadata")
        .addObject()
        .put("name", "score")
        .put("value", String.valueOf(r.score()));
    layer.putArray("links");
    layer.put("showTacticRowBackground", false);
    layer.put("tacticRowBackground", "#dddddd");
    layer.put("selectTechniquesAcrossTactics", true);
    layer.put("selectSubtechniquesWithParent", false);
    layer.put("selectVisibleTechniques", false);
    return layer;
  }

  public static String text(ExerciseResult r) {
    return ResultJson.JSON.writeValueAsString(of(r));
  }
}
