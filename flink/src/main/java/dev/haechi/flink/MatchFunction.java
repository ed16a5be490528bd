package dev.haechi.flink;

import dev.haechi.core.InputException;
import dev.haechi.detection.compiler.CompiledRule;
import dev.haechi.detection.correlation.FieldSource;
import dev.haechi.detection.engine.Alert;
import dev.haechi.detection.engine.AlertJson;
import dev.haechi.detection.engine.EventTime;
import dev.haechi.detection.event.EvtxDumpShape;
import dev.haechi.detection.identity.DisclosureBaseline;
import dev.haechi.detection.rules.SigmaCorrelation;
import dev.haechi.flink.Records.AlertRecord;
import dev.haechi.flink.Records.EventRecord;
import dev.haechi.flink.Records.Occurrence;
import dev.haechi.flink.Records.Rejected;
import dev.haechi.flink.Records.RuleStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import tools.jackson.databind.JsonNode;

/**
 * The detection stage, keyed by principal ({@code user.id}, else {@code user.name}, else {@code
 * token.sub}: the key of the engine's per-principal disclosure baseline): every event goes through
 * the compiled identity-aware engine; detection rules' alerts go out (unless a correlation silences
 * the rule), and every match a correlation counts goes to the keyed correlation stage as an {@link
 * Occurrence}, routed by the correlation's first group-by value. Rules and identity arrive as
 * broadcast state; an update that does not compile is refused with the reason and the rules in use
 * stay.
 *
 * <p>The principal's disclosure baseline lives in keyed state ({@link #BASELINE}): restored into
 * the engine's baseline before the event, saved after it and forgotten in memory, so a checkpoint
 * holds it, a failover restores it and a rules update keeps it.
 */
public class MatchFunction
    extends KeyedBroadcastProcessFunction<String, EventRecord, RulesSpec, AlertRecord> {
  private static final long serialVersionUID = 1L;

  /** The rules in use, under {@link #CURRENT}, restored with the job. */
  public static final MapStateDescriptor<String, RulesSpec> RULES =
      new MapStateDescriptor<>("haechi-rules", String.class, RulesSpec.class);

  public static final String CURRENT = "current";

  public static final OutputTag<Occurrence> OCCURRENCES =
      new OutputTag<>("haechi-occurrences") {
        private static final long serialVersionUID = 1L;
      };

  public static final OutputTag<Rejected> REJECTED =
      new OutputTag<>("haechi-rejected") {
        private static final long serialVersionUID = 1L;
      };

  public static final OutputTag<RuleStatus> STATUS =
      new OutputTag<>("haechi-rule-status") {
        private static final long serialVersionUID = 1L;
      };

  /** The key's disclosure baseline ({@link DisclosureBaseline#export}). */
  public static final ValueStateDescriptor<long[]> BASELINE =
      new ValueStateDescriptor<>(
          "haechi-disclosure-baseline", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO);

  private final RulesSpec initial;
  private transient CompiledRules rules;
  private transient RulesSpec compiledFrom;
  private transient ValueState<long[]> baseline;

  @Override
  public void open(OpenContext openContext) {
    baseline = getRuntimeContext().getState(BASELINE);
  }

  public MatchFunction(RulesSpec initial) {
    this.initial = initial;
  }

  private CompiledRules rules(ReadOnlyBroadcastState<String, RulesSpec> state) throws Exception {
    RulesSpec wanted = state.get(CURRENT);
    if (wanted == null) {
      wanted = initial;
    }
    if (rules == null || compiledFrom != wanted) {
      rules = CompiledRules.compile(wanted, false);
      compiledFrom = wanted;
    }
    return rules;
  }

  @Override
  public void processElement(EventRecord e, ReadOnlyContext ctx, Collector<AlertRecord> out)
      throws Exception {
    CompiledRules r = rules(ctx.getBroadcastState(RULES));
    List<Alert> alerts = new ArrayList<>(4);
    // the key is the principal whose baseline the event counts in (Prepared)
    String principal = e.key.startsWith("p:") ? e.key.substring(2) : null;
    DisclosureBaseline held = r.live().baseline();
    if (principal != null) {
      held.restore(principal, baseline.value());
    }
    try {
      r.engine().evaluate(e.text, alerts::add);
    } catch (InputException ex) {
      String m = ex.getMessage();
      ctx.output(REJECTED, new Rejected(e.seq, m.startsWith("event: ") ? m.substring(7) : m));
      return;
    } finally {
      if (principal != null) {
        long[] after = held.export(principal);
        if (after == null) {
          baseline.clear();
        } else {
          baseline.update(after);
        }
      }
      held.clear();
    }
    if (alerts.isEmpty()) {
      return;
    }
    int index = 0;
    Map<String, Occurrence> occurrences = null;
    JsonNode normalized = null;
    Instant time = null;
    for (Alert a : alerts) {
      if (!r.silenced(a.ruleId())) {
        out.collect(new AlertRecord(e.seq, 0, index++, AlertJson.toLine(a)));
      }
      List<SigmaCorrelation> cs = r.correlationsOf(a.ruleId());
      if (cs.isEmpty()) {
        continue;
      }
      if (normalized == null) {
        normalized = EvtxDumpShape.normalize(a.event());
        time = EventTime.instant(normalized);
        occurrences = new LinkedHashMap<>();
      }
      if (time == null) {
        continue; // an event without time is not correlated (as in the engine)
      }
      CompiledRule rule = r.rule(a.ruleId());
      FieldSource fields = CompiledRules.fields(rule, normalized);
      for (SigmaCorrelation c : cs) {
        List<String> routing;
        if (c.groupBy().isEmpty()) {
          routing = List.of("");
        } else {
          routing =
              fields.values(CompiledRules.field(c, c.groupBy().get(0), rule.rule())).stream()
                  .distinct()
                  .toList();
        }
        String cid = dev.haechi.detection.engine.RuleIds.of(c);
        for (String v : routing) {
          String k = cid + '\u0000' + v;
          Occurrence o = occurrences.get(k);
          if (o == null) {
            occurrences.put(
                k, new Occurrence(cid, v, e.seq, time.toEpochMilli(), e.text, a.ruleId()));
          } else if (!("\n" + o.ruleIds + "\n").contains("\n" + a.ruleId() + "\n")) {
            o.ruleIds = o.ruleIds + "\n" + a.ruleId();
          }
        }
      }
    }
    if (occurrences != null) {
      for (Occurrence o : occurrences.values()) {
        ctx.output(OCCURRENCES, o);
      }
    }
  }

  @Override
  public void processBroadcastElement(RulesSpec update, Context ctx, Collector<AlertRecord> out)
      throws Exception {
    BroadcastState<String, RulesSpec> state = ctx.getBroadcastState(RULES);
    boolean report = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0;
    try {
      CompiledRules next = CompiledRules.compile(update, true);
      state.put(CURRENT, update);
      rules = next;
      compiledFrom = update;
      if (report) {
        ctx.output(STATUS, new RuleStatus(update.version, true, null));
      }
    } catch (CompiledRules.Refused refused) {
      if (report) {
        ctx.output(STATUS, new RuleStatus(update.version, false, refused.getMessage()));
      }
    }
  }
}
