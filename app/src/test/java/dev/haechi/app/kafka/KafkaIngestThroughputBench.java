package dev.haechi.app.kafka;

import dev.haechi.app.HaechiServer;
import dev.haechi.app.detection.DetectionService;
import dev.haechi.kafka.testkit.EmbeddedKafka;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Kafka ingest throughput through the server path (BENCHMARKS.md), not part of the suite (the name
 * ends in neither Test nor IT): {@code ./mvnw -B -q -pl app -am verify
 * -Dtest=KafkaIngestThroughputBench -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=NoSuchIT
 * -Dfailsafe.failIfNoSpecifiedTests=false -Dbench.scale=0.2} ({@code -Dbench.store-events=false}
 * leaves the access-event store out). The retailer demo's gateway events are produced to a
 * one-partition topic after the server is up and its engine compiled; the figure is events per
 * CPU-second of the ingest thread (consumer poll, decoding, engine, alert store, access-event store
 * commit, producer calls), with wall time and whole-process CPU beside it (the in-process broker
 * and the test's own producer included, so a lower bound).
 */
class KafkaIngestThroughputBench {
  @TempDir Path dir;

  @Test
  void measure() throws Exception {
    double scale = Double.parseDouble(System.getProperty("bench.scale", "0.2"));
    for (String name : List.of("org.apache.kafka", "kafka", "state.change.logger")) {
      ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(name))
          .setLevel(ch.qos.logback.classic.Level.WARN);
    }
    var generated =
        dev.haechi.demo.DemoOrganisations.generate(
            dir,
            new dev.haechi.demo.DemoOptions(
                dev.haechi.demo.DemoOptions.DEFAULT_SEED, scale, Set.of("retailer")));
    List<String> events =
        Files.readAllLines(generated.get(0).directory().resolve("events/gateway.jsonl")).stream()
            .filter(l -> !l.isBlank())
            .toList();
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopic("bench-events", 1);
      kafka.createTopic("bench-alerts", 1);
      kafka.createTopic("bench-dead", 1);
      Map<String, Object> p = new HashMap<>();
      p.put("spring.datasource.url", "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath());
      p.put("HAECHI_ADMIN_PASSWORD", "admin-password-for-tests");
      p.put("haechi.home", dir.resolve("home").toString());
      p.put("server.port", "0");
      p.put("server.address", "127.0.0.1");
      p.put(
          "haechi.breach.store-ingested-events", System.getProperty("bench.store-events", "true"));
      p.put("haechi.kafka.enabled", "true");
      p.put("haechi.kafka.bootstrap-servers", kafka.bootstrapServers());
      p.put("haechi.kafka.topics", "bench-events");
      p.put("haechi.kafka.alerts-topic", "bench-alerts");
      p.put("haechi.kafka.dead-letter-topic", "bench-dead");
      p.put("haechi.kafka.group-id", "bench");
      try (ConfigurableApplicationContext server =
          new SpringApplicationBuilder(HaechiServer.class).properties(p).run()) {
        server.getBean(DetectionService.class).loaded();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Thread ingest =
            Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("kafka-ingest-bench"))
                .findFirst()
                .orElseThrow();
        var os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<EmbeddedKafka.KeyValue> records =
            events.stream().map(e -> new EmbeddedKafka.KeyValue(null, e)).toList();
        // measured from before the first record is sent: the ingest consumes while they arrive
        long cpu0 = threads.getThreadCpuTime(ingest.getId());
        long proc0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        kafka.produce("bench-events", records);
        long committed = 0;
        try (Admin admin = kafka.admin()) {
          while (committed < events.size()) {
            var offsets =
                admin.listConsumerGroupOffsets("bench").partitionsToOffsetAndMetadata().get();
            committed =
                offsets.values().stream().filter(o -> o != null).mapToLong(o -> o.offset()).sum();
            Thread.sleep(20);
          }
        }
        long wall = System.nanoTime() - wall0;
        long cpu = threads.getThreadCpuTime(ingest.getId()) - cpu0;
        long proc = os.getProcessCpuTime() - proc0;
        long[] counts = server.getBean(KafkaIngestService.class).ingest().counts();
        System.out.printf(
            "KAFKA-BENCH storeEvents=%s events=%d batches=%d alertsPublished=%d wall=%.2fs ingestThreadCpu=%.2fs"
                + " processCpu=%.2fs events/ingest-CPU-s=%.0f events/process-CPU-s=%.0f"
                + " events/wall-s=%.0f load=%s%n",
            System.getProperty("bench.store-events", "true"),
            events.size(),
            counts[3],
            counts[2],
            wall / 1e9,
            cpu / 1e9,
            proc / 1e9,
            events.size() / (cpu / 1e9),
            events.size() / (proc / 1e9),
            events.size() / (wall / 1e9),
            Files.readString(Path.of("/proc/loadavg")).trim());
      }
    }
  }
}
