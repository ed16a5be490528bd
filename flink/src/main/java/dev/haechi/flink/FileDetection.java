package dev.haechi.flink;

import dev.haechi.core.InputException;
import dev.haechi.flink.Records.AlertRecord;
import dev.haechi.flink.Records.Rejected;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * {@code haechi detect --engine flink}: the job over a file on a local MiniCluster (in this JVM) at
 * the given parallelism, alerts collected and put in input order (the event that raised them;
 * windows judged at their close last, by their end), so the output is the same whatever the
 * parallelism.
 */
public final class FileDetection {
  private static final Pattern RECORD = Pattern.compile("^Record \\d+\\s*$");

  private FileDetection() {}

  /** What the run found: alerts in order, rejected lines, how many events were read. */
  public record Result(List<AlertRecord> alerts, List<Rejected> rejected, long events) {}

  @SuppressWarnings("try")
  public static Result run(RulesSpec rules, Path input, int parallelism) throws Exception {
    if (parallelism < 1) {
      throw new IllegalArgumentException("--parallelism must be at least 1");
    }
    long lines = countEventLines(input);
    Configuration conf = new Configuration();
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
    conf.set(RestOptions.BIND_PORT, "0");
    conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
    env.setParallelism(parallelism);
    env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
    FileSource<Records.EventRecord> source =
        FileSource.forRecordStreamFormat(
                new NumberedLines(), new org.apache.flink.core.fs.Path(input.toUri()))
            .build();
    DataStream<Records.EventRecord> events =
        env.fromSource(source, DetectionJob.watermarks(), "file " + input.getFileName())
            .setParallelism(1);
    DataStream<RulesSpec> updates =
        env.fromData(new RulesSpec()).filter(s -> false).name("no rule updates");
    DetectionJob.Outputs out = DetectionJob.build(events, updates, rules);
    List<AlertRecord> alerts = new ArrayList<>();
    List<Rejected> rejected = new ArrayList<>();
    DataStream<Object> all =
        out.alerts()
            .map(a -> (Object) a)
            .returns(Object.class)
            .union(out.rejected().map(r -> (Object) r).returns(Object.class));
    try (CloseableIterator<Object> it = all.executeAndCollect("haechi detect (Flink)")) {
      while (it.hasNext()) {
        Object o = it.next();
        if (o instanceof AlertRecord a) {
          alerts.add(a);
        } else {
          rejected.add((Rejected) o);
        }
      }
    }
    alerts.sort(AlertRecord::compare);
    rejected.sort(Comparator.comparingLong(r -> r.seq));
    return new Result(alerts, rejected, lines - rejected.size());
  }

  /**
   * Lines the source hands on as events (blank lines before the first are skipped); refuses
   * evtx_dump's pretty output, which only the one-machine engine reads.
   */
  static long countEventLines(Path input) throws IOException {
    long n = 0;
    boolean started = false;
    try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
      String s;
      while ((s = in.readLine()) != null) {
        if (!started && s.isBlank()) {
          continue;
        }
        if (!started && RECORD.matcher(s).matches()) {
          throw new InputException(
              input.toString(),
              1,
              "evtx_dump -o json (pretty) output is read by the one-machine engine only: convert"
                  + " with evtx_dump -o jsonl, or drop --engine flink");
        }
        started = true;
        n++;
      }
    }
    return n;
  }
}
