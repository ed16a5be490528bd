package dev.haechi.detection.identity;

import dev.haechi.detection.pipeline.ProcessingPipeline;
import dev.haechi.detection.pipeline.RuleVariant;
import dev.haechi.detection.rules.SigmaRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A processing pipeline that gives {@code |expand} placeholders their values from an {@link
 * IdentityContext} (pySigma's {@code value_placeholders}, filled from identity instead of YAML):
 *
 * <table>
 *   <caption>Identity placeholders</caption>
 *   <tr><th>placeholder</th><th>values</th></tr>
 *   <tr><td>{@code %terminated_users%}</td><td>employee IDs, usernames and e-mail addresses of
 *       people terminated on the context's as-of date (lower case)</td></tr>
 *   <tr><td>{@code %privileged_users%}</td><td>privileged principal names (lower case)</td></tr>
 *   <tr><td>{@code %retired_kids%}</td><td>kids of retired keys</td></tr>
 *   <tr><td>{@code %custodian_left_kids%}</td><td>kids of keys whose custodian left</td></tr>
 *   <tr><td>{@code %untrusted_kids%}</td><td>both of the above</td></tr>
 *   <tr><td>{@code %active_kids%}</td><td>kids of active keys</td></tr>
 * </table>
 *
 * An empty list is replaced by one value no event carries ({@link #NOTHING}), so a rule using it
 * compiles and never matches, rather than failing to load. It also gives rules of log source {@code
 * product: haechi} the dotted field style back if an earlier pipeline ({@code windows-evtx})
 * changed it, so the built-in pack can be compiled with the Windows corpus. Priority 1000: it runs
 * after the format pipelines.
 */
public final class IdentityPlaceholders implements ProcessingPipeline {
  /** The stand-in for an empty placeholder: a control character no identifier contains. */
  public static final String NOTHING = "\u0000haechi:none";

  private final Map<String, List<String>> values;

  public IdentityPlaceholders(IdentityContext context) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("terminated_users", orNothing(context.terminatedNames()));
    m.put("privileged_users", orNothing(context.privilegedNames()));
    m.put("retired_kids", orNothing(context.kids(KeyStatus.RETIRED)));
    m.put("custodian_left_kids", orNothing(context.kids(KeyStatus.CUSTODIAN_LEFT)));
    m.put("untrusted_kids", orNothing(context.kids(KeyStatus.RETIRED, KeyStatus.CUSTODIAN_LEFT)));
    m.put("active_kids", orNothing(context.kids(KeyStatus.ACTIVE)));
    this.values = Map.copyOf(m);
  }

  /** The placeholder values, by placeholder name (without {@code %}). */
  public Map<String, List<String>> values() {
    return values;
  }

  @Override
  public String name() {
    return "haechi-identity";
  }

  @Override
  public int priority() {
    return 1000;
  }

  @Override
  public List<RuleVariant> apply(SigmaRule rule, RuleVariant variant) {
    RuleVariant v = variant.withPlaceholders(values);
    if (rule.logsource() != null
        && "haechi".equalsIgnoreCase(rule.logsource().product())
        && v.fieldStyle() != RuleVariant.FieldStyle.DOTTED) {
      v = v.withFieldStyle(RuleVariant.FieldStyle.DOTTED);
    }
    return List.of(v);
  }

  private static List<String> orNothing(List<String> values) {
    return values.isEmpty() ? List.of(NOTHING) : values;
  }
}
