package dev.haechi.detection.engine;

import dev.haechi.detection.rules.SigmaCorrelation;
import dev.haechi.detection.rules.SigmaRule;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The id an alert carries for its rule. A rule's own {@code id} when it has one (a correlation's
 * {@code name} when it has no id). A rule with neither gets a <em>derived</em> id: the name-based
 * UUID (RFC 4122 version 3) of its title, log source and detection — or, for a correlation, of its
 * title, type, rules, group-by, timespan and condition — so the same rule text gives the same id on
 * every run and every machine, wherever the file lives, and two different id-less rules with one
 * title still get two ids (computed per alert: id-less rules are rare, and a cache keyed by rule
 * object would keep every recompiled corpus alive). Alerts (and their deduplication in the server)
 * never see a null rule id.
 */
public final class RuleIds {
  private RuleIds() {}

  public static String of(SigmaRule rule) {
    if (rule.id() != null && !rule.id().isBlank()) {
      return rule.id();
    }
    return uuid("rule\n" + rule.title() + "\n" + rule.logsource() + "\n" + rule.detection());
  }

  public static String of(SigmaCorrelation c) {
    if (c.id() != null && !c.id().isBlank()) {
      return c.id();
    }
    if (c.name() != null && !c.name().isBlank()) {
      return c.name();
    }
    return uuid(
        "correlation\n"
            + c.title()
            + "\n"
            + c.type()
            + "\n"
            + c.rules()
            + "\n"
            + c.groupBy()
            + "\n"
            + c.timespan()
            + "\n"
            + c.condition().fields()
            + new TreeMap<>(c.condition().bounds())
            + c.condition().percentile());
  }

  private static String uuid(String text) {
    return UUID.nameUUIDFromBytes(text.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
