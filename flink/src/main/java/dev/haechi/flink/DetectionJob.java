package dev.haechi.flink;

import dev.haechi.flink.Records.AlertRecord;
import dev.haechi.flink.Records.EventRecord;
import dev.haechi.flink.Records.Occurrence;
import dev.haechi.flink.Records.Rejected;
import dev.haechi.flink.Records.RuleStatus;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The Breach Watch job graph, whatever the source and sink:
 *
 * <pre>
 * events ──keyBy(principal)──▶ detect (MatchFunction) ──alerts──────────────────────┐
 *                                 │ occurrences (event time, watermarks)               ├─▶ alerts
 *                                 └──keyBy(correlation, group)──▶ correlate ───────────┘
 * rules updates ──broadcast──▶ both stages (broadcast state)
 * </pre>
 */
public final class DetectionJob {
  /** Out-of-orderness the watermark allows; the engine's late tolerance (5 minutes). */
  public static final Duration OUT_OF_ORDERNESS = Duration.ofMinutes(5);

  private DetectionJob() {}

  /** Timestamps from {@link EventRecord#time}, watermarks {@link #OUT_OF_ORDERNESS} behind. */
  public static WatermarkStrategy<EventRecord> watermarks() {
    return WatermarkStrategy.<EventRecord>forBoundedOutOfOrderness(OUT_OF_ORDERNESS)
        .withTimestampAssigner((e, ts) -> e.time);
  }

  /** The job's outputs: alerts, rejected inputs, and what became of each rules update. */
  public record Outputs(
      DataStream<AlertRecord> alerts,
      DataStream<Rejected> rejected,
      DataStream<RuleStatus> ruleStatus) {}

  /**
   * Builds the job on {@code events} (made by {@link Prepared}, with event-time timestamps and
   * watermarks) with {@code initial} rules and {@code updates} (a stream of rule sets; may be
   * empty).
   */
  public static Outputs build(
      DataStream<EventRecord> events, DataStream<RulesSpec> updates, RulesSpec initial) {
    BroadcastStream<RulesSpec> rules = updates.broadcast(MatchFunction.RULES);
    SingleOutputStreamOperator<AlertRecord> detected =
        events
            .keyBy(e -> e.key)
            .connect(rules)
            .process(new MatchFunction(initial))
            .name("detect")
            .uid("haechi-detect");
    DataStream<Occurrence> occurrences = detected.getSideOutput(MatchFunction.OCCURRENCES);
    SingleOutputStreamOperator<AlertRecord> correlated =
        occurrences
            .keyBy(Occurrence::key)
            .connect(rules)
            .process(new CorrelateFunction(initial))
            .name("correlate")
            .uid("haechi-correlate");
    return new Outputs(
        detected.union(correlated),
        detected.getSideOutput(MatchFunction.REJECTED),
        detected.getSideOutput(MatchFunction.STATUS));
  }
}
