package dev.haechi.flink;

import dev.haechi.detection.compiler.CompiledRule;
import dev.haechi.detection.correlation.CorrelationEngine;
import dev.haechi.detection.correlation.CorrelationFired;
import dev.haechi.detection.engine.Alert;
import dev.haechi.detection.engine.AlertJson;
import dev.haechi.detection.engine.RuleIds;
import dev.haechi.detection.event.EvtxDumpShape;
import dev.haechi.detection.rules.SigmaCorrelation;
import dev.haechi.flink.Records.AlertRecord;
import dev.haechi.flink.Records.Occurrence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The correlation stage, keyed by correlation and the value of its first group-by field: every
 * group of that correlation with that value lives in this key. The key's state is Flink keyed
 * state: the occurrences waiting for the event-time watermark ({@code pending}, counted in event
 * time order, ties in input order, as the one-machine engine counts a time-ordered log) and the
 * occurrences counted in windows still open ({@code counted}). The windows themselves are the
 * engine's own {@link CorrelationEngine} for this one correlation, kept in memory and rebuilt from
 * {@code counted} after a restore (alerts of that replay were sent before the checkpoint and are
 * not sent again), so a restart neither loses nor repeats a correlation. An event-time timer at the
 * last occurrence plus the longest timespan plus the late tolerance judges the windows judged at
 * their close (as {@code DetectionEngine.flush} does at end of input) and forgets the key.
 */
public class CorrelateFunction
    extends KeyedBroadcastProcessFunction<String, Occurrence, RulesSpec, AlertRecord> {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();
  private static final Comparator<Occurrence> ORDER =
      Comparator.<Occurrence>comparingLong(o -> o.time).thenComparingLong(o -> o.seq);

  private final RulesSpec initial;
  private transient CompiledRules rules;
  private transient RulesSpec compiledFrom;
  private transient Map<String, CorrelationEngine> engines;
  private transient ListState<Occurrence> pending;
  private transient ListState<Occurrence> counted;
  private transient ValueState<Long> last;

  public CorrelateFunction(RulesSpec initial) {
    this.initial = initial;
  }

  @Override
  public void open(OpenContext openContext) {
    engines = new HashMap<>();
    pending =
        getRuntimeContext().getListState(new ListStateDescriptor<>("pending", Occurrence.class));
    counted =
        getRuntimeContext().getListState(new ListStateDescriptor<>("counted", Occurrence.class));
    last = getRuntimeContext().getState(new ValueStateDescriptor<>("last", Long.class));
  }

  private CompiledRules rules(ReadOnlyBroadcastState<String, RulesSpec> state) throws Exception {
    RulesSpec wanted = state.get(MatchFunction.CURRENT);
    if (wanted == null) {
      wanted = initial;
    }
    if (rules == null || compiledFrom != wanted) {
      rules = CompiledRules.compile(wanted, false);
      compiledFrom = wanted;
      engines.clear(); // rebuilt from each key's counted occurrences under the new definitions
    }
    return rules;
  }

  @Override
  public void processElement(Occurrence o, ReadOnlyContext ctx, Collector<AlertRecord> out)
      throws Exception {
    CompiledRules r = rules(ctx.getBroadcastState(MatchFunction.RULES));
    if (o.time <= ctx.timerService().currentWatermark()) {
      count(
          r,
          ctx.getCurrentKey(),
          o,
          out,
          ctx.timerService()); // late for the watermark: counted at once
      return;
    }
    pending.add(o);
    ctx.timerService().registerEventTimeTimer(o.time);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertRecord> out)
      throws Exception {
    CompiledRules r = rules(ctx.getBroadcastState(MatchFunction.RULES));
    String key = ctx.getCurrentKey();
    List<Occurrence> due = new ArrayList<>();
    List<Occurrence> later = new ArrayList<>();
    for (Occurrence o : pending.get()) {
      (o.time <= timestamp ? due : later).add(o);
    }
    if (!due.isEmpty()) {
      pending.update(later);
      due.sort(ORDER);
      for (Occurrence o : due) {
        count(r, key, o, out, ctx.timerService());
      }
    }
    Long lastTime = last.value();
    if (lastTime != null && timestamp >= lastTime + r.closeDelay().toMillis()) {
      // every window of this key is over: judge those judged at their close, forget the key
      CorrelationEngine engine = engine(r, key);
      if (engine != null) {
        emit(r, key, engine, engine.flush(), 2, timestamp, out);
      }
      engines.remove(key);
      counted.clear();
      last.clear();
    }
  }

  private CorrelationEngine engine(CompiledRules r, String key) throws Exception {
    CorrelationEngine engine = engines.get(key);
    if (engine != null) {
      return engine;
    }
    SigmaCorrelation c = r.correlation(key.substring(0, key.indexOf('\u0000')));
    if (c == null) {
      return null; // the correlation is no longer among the rules
    }
    engine = r.correlationEngine(c);
    engines.put(key, engine);
    // after a restore (or a rules update): the windows as they were, alerts already sent
    for (Occurrence o : counted.get()) {
      accept(r, engine, o);
    }
    return engine;
  }

  private void count(
      CompiledRules r,
      String key,
      Occurrence o,
      Collector<AlertRecord> out,
      org.apache.flink.streaming.api.TimerService timers)
      throws Exception {
    CorrelationEngine engine = engine(r, key);
    if (engine == null) {
      return;
    }
    List<CorrelationFired> fired = accept(r, engine, o);
    emit(r, key, engine, fired, 1, o.seq, out);
    {
      if (engine.groupCount() == 0) {
        counted.clear(); // nothing open: a fresh engine is the same
      } else {
        counted.add(o);
      }
      Long lastTime = last.value();
      if (lastTime == null || o.time > lastTime) {
        last.update(o.time);
        // every window of this key is over by then (one timer per key and time)
        timers.registerEventTimeTimer(o.time + r.closeDelay().toMillis());
      }
    }
  }

  private static List<CorrelationFired> accept(
      CompiledRules r, CorrelationEngine engine, Occurrence o) {
    JsonNode given = MAPPER.readTree(o.eventText);
    JsonNode normalized = EvtxDumpShape.normalize(given);
    List<CorrelationEngine.Match> matches = new ArrayList<>();
    for (String id : o.ruleIds.split("\n")) {
      CompiledRule rule = r.rule(id);
      if (rule != null) {
        matches.add(
            new CorrelationEngine.Match(
                rule.rule(), CompiledRules.fields(rule, normalized), given));
      }
    }
    return engine.accept(Instant.ofEpochMilli(o.time), matches);
  }

  private static void emit(
      CompiledRules r,
      String key,
      CorrelationEngine engine,
      List<CorrelationFired> fired,
      int phase,
      long seq,
      Collector<AlertRecord> out) {
    String routing = key.substring(key.indexOf('\u0000') + 1);
    int index = 0;
    for (CorrelationFired f : fired) {
      SigmaCorrelation c = f.rule();
      if (!c.groupBy().isEmpty() && !routing.equals(f.group().get(c.groupBy().get(0)))) {
        continue; // a group of another key (the event had several values of the field)
      }
      if (engine.isSilenced(c)) {
        continue;
      }
      Alert a =
          new Alert(
              RuleIds.of(c),
              c.title(),
              c.level(),
              f.time().toString(),
              c.tags(),
              f.group(),
              null,
              f.events());
      out.collect(
          new AlertRecord(
              phase == 2 ? f.time().toEpochMilli() : seq, phase, index++, AlertJson.toLine(a)));
    }
  }

  @Override
  public void processBroadcastElement(RulesSpec update, Context ctx, Collector<AlertRecord> out)
      throws Exception {
    BroadcastState<String, RulesSpec> state = ctx.getBroadcastState(MatchFunction.RULES);
    try {
      CompiledRules next = CompiledRules.compile(update, true);
      state.put(MatchFunction.CURRENT, update);
      rules = next;
      compiledFrom = update;
      engines.clear();
    } catch (CompiledRules.Refused refused) {
      // the detection stage reports it; the rules in use stay
    }
  }
}
