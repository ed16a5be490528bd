package dev.haechi.exercise;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Checks a layer against the ATT&CK Navigator layer file format 4.5 (mitre-attack/attack-navigator,
 * layers/spec/v4.5/layerformat.md): required properties, types, allowed values, and no property the
 * format does not define.
 */
final class NavigatorLayerFormat {
  static final Set<String> LAYER =
      Set.of(
          "versions",
          "name",
          "description",
          "domain",
          "filters",
          "sorting",
          "layout",
          "hideDisabled",
          "techniques",
          "gradient",
          "legendItems",
          "showTacticRowBackground",
          "tacticRowBackground",
          "selectTechniquesAcrossTactics",
          "selectSubtechniquesWithParent",
          "selectVisibleTechniques",
          "metadata",
          "links");
  static final Set<String> TECHNIQUE =
      Set.of(
          "techniqueID",
          "tactic",
          "comment",
          "enabled",
          "metadata",
          "links",
          "showSubtechniques",
          "score",
          "color");
  static final Set<String> LAYOUT =
      Set.of(
          "layout",
          "aggregateFunction",
          "showID",
          "showName",
          "showAggregateScores",
          "countUnscored",
          "expandedSubtechniques");
  static final String HEX = "#[0-9a-fA-F]{6}";

  private NavigatorLayerFormat() {}

  static void validate(JsonNode layer) {
    assertThat(layer.isObject()).isTrue();
    layer.propertyNames().forEach(k -> assertThat(LAYER).as("layer property " + k).contains(k));
    assertThat(layer.path("name").isString()).as("name (required string)").isTrue();
    assertThat(layer.path("domain").asString())
        .isIn("enterprise-attack", "mobile-attack", "ics-attack");
    JsonNode v = layer.path("versions");
    assertThat(v.path("layer").asString()).isEqualTo("4.5");
    assertThat(v.path("attack").isString()).isTrue();
    assertThat(v.path("navigator").asString()).matches("\\d+\\.\\d+\\.\\d+");
    if (layer.has("sorting")) {
      assertThat(layer.path("sorting").asInt(-1)).isBetween(0, 3);
    }
    JsonNode layout = layer.path("layout");
    layout.propertyNames().forEach(k -> assertThat(LAYOUT).as("layout property " + k).contains(k));
    assertThat(layout.path("layout").asString()).isIn("side", "flat", "mini");
    assertThat(layout.path("aggregateFunction").asString()).isIn("average", "min", "max", "sum");
    assertThat(layout.path("expandedSubtechniques").asString()).isIn("none", "annotated", "all");
    assertThat(layer.path("techniques").isArray()).isTrue();
    for (JsonNode t : layer.path("techniques")) {
      t.propertyNames()
          .forEach(k -> assertThat(TECHNIQUE).as("technique property " + k).contains(k));
      assertThat(t.path("techniqueID").asString()).matches("T\\d{4}(\\.\\d{3})?");
      assertThat(t.path("score").isNumber()).isTrue();
      assertThat(t.path("color").asString()).matches(HEX);
      assertThat(t.path("enabled").isBoolean()).isTrue();
      assertThat(t.path("comment").isString()).isTrue();
      for (JsonNode m : t.path("metadata")) {
        assertThat(m.path("name").isString() && m.path("value").isString()).isTrue();
      }
    }
    JsonNode g = layer.path("gradient");
    assertThat(g.path("colors").size()).isGreaterThanOrEqualTo(2);
    for (JsonNode c : g.path("colors")) {
      assertThat(c.asString()).matches(HEX);
    }
    assertThat(g.path("minValue").isNumber() && g.path("maxValue").isNumber()).isTrue();
    for (JsonNode l : layer.path("legendItems")) {
      assertThat(List.copyOf(l.propertyNames())).containsExactlyInAnyOrder("label", "color");
      assertThat(l.path("color").asString()).matches(HEX);
    }
    assertThat(layer.path("tacticRowBackground").asString()).matches(HEX);
  }
}
