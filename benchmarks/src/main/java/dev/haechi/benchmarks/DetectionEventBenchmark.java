package dev.haechi.benchmarks;

import dev.haechi.detection.engine.DetectionEngine;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.databind.json.JsonMapper;

/**
 * JMH: time per event of {@link DetectionEngine}{@code .evaluate(line, sink)} (JSON parsing
 * included) on the SigmaHQ corpus with windows-evtx, cycling through the corpus's regression
 * events; {@code parseOnly} is the JSON-tree share of it. {@code SampleTime} mode gives the
 * per-event percentiles (p99).
 *
 * <p>Run: {@code java -Xmx1g -jar benchmarks/target/haechi-benchmarks.jar DetectionEventBenchmark
 * -p sigma=../shared/data/sigma} (add {@code -bm sample} for percentiles only).
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class DetectionEventBenchmark {
  /** The SigmaHQ corpus (rules* directories and regression_data). */
  @Param("../shared/data/sigma")
  public String sigma;

  private DetectionEngine engine;
  private List<String> lines;
  private final JsonMapper mapper = JsonMapper.builder().build();
  private int next;

  @Setup
  public void load() throws Exception {
    engine = DetectionBenchmarkRun.corpusEngine(Path.of(sigma));
    lines = DetectionBenchmarkRun.regressionLines(Path.of(sigma));
  }

  @Benchmark
  public void evaluate(Blackhole bh) {
    String line = lines.get(next++ % lines.size());
    engine.evaluate(line, bh::consume);
  }

  @Benchmark
  public Object parseOnly() {
    return mapper.readTree(lines.get(next++ % lines.size()));
  }
}
