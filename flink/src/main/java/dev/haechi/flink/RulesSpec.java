package dev.haechi.flink;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What the job detects with: rule files (paths readable where the job runs) and rule texts (sent
 * through the rules topic), the built-in pack or not, processing pipelines, and the identity
 * directory Leaver Guard reconciles. The job compiles it on every parallel instance; it travels as
 * broadcast state, so an accepted update replaces the rules everywhere without a restart and is
 * restored with the job after a failure. A public POJO (Flink's POJO serializer).
 */
public class RulesSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Increasing number of this rule set (reported with acceptance or refusal). */
  public long version;

  /** Rule files or folders (searched recursively), as for haechi detect --rules. */
  public List<String> rulePaths = new ArrayList<>();

  /** Rule texts: alternately a source name and its Sigma YAML (one or several documents). */
  public List<String> ruleTexts = new ArrayList<>();

  /** Whether the built-in pack is loaded too. */
  public boolean builtin = true;

  /** Pipelines: windows-evtx, ecs, or a pySigma YAML path. */
  public List<String> pipelines = new ArrayList<>();

  /** Identity directory (FORMATS.md §1.4), or null. */
  public String identityDir;

  /** The date the identity directory is reconciled as of (ISO date), or null for today. */
  public String asOf;

  public RulesSpec() {}

  /** A copy with another version and one rule text added (for tests and the rules topic). */
  public RulesSpec withText(long version, String source, String yaml) {
    RulesSpec s = copy();
    s.version = version;
    s.ruleTexts.add(source);
    s.ruleTexts.add(yaml);
    return s;
  }

  public RulesSpec copy() {
    RulesSpec s = new RulesSpec();
    s.version = version;
    s.rulePaths = new ArrayList<>(rulePaths);
    s.ruleTexts = new ArrayList<>(ruleTexts);
    s.builtin = builtin;
    s.pipelines = new ArrayList<>(pipelines);
    s.identityDir = identityDir;
    s.asOf = asOf;
    return s;
  }

  @Override
  public String toString() {
    return "rules v"
        + version
        + " ("
        + rulePaths.size()
        + " paths, "
        + ruleTexts.size() / 2
        + " texts"
        + (builtin ? ", built-in pack" : "")
        + (identityDir != null ? ", identity " + identityDir : "")
        + ")";
  }
}
