package dev.haechi.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.app.HaechiMain;
import dev.haechi.app.HaechiServer;
import dev.haechi.app.alerts.AlertStore;
import dev.haechi.app.detection.AlertMessage;
import dev.haechi.app.detection.DetectionService;
import dev.haechi.detection.engine.Alert;
import dev.haechi.kafka.testkit.EmbeddedKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server's Kafka ingest against an in-process Kafka broker (KRaft): events in, alerts out equal
 * to {@code haechi detect} on the same events (by alert key), malformed records to the dead-letter
 * topic with the reason and source offset, and a consumer killed mid-batch (after some alerts of
 * the batch were stored, before the commit) whose batch the restarted server reads again without
 * duplicating or losing an alert, in the store or in the alerts topic.
 */
class KafkaIngestIT {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String RULES = "src/test/resources/detection-rules";

  static EmbeddedKafka kafka;

  @TempDir Path dir;

  @BeforeAll
  static void broker() {
    // the broker logs through SLF4J; before Spring configures Logback it would log everything
    for (String name : List.of("org.apache.kafka", "kafka", "state.change.logger")) {
      ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(name))
          .setLevel(ch.qos.logback.classic.Level.WARN);
    }
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stopBroker() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void alerts_equal_haechi_detect_and_malformed_records_go_to_the_dead_letter_topic()
      throws Exception {
    var generated =
        dev.haechi.demo.DemoOrganisations.generate(
            dir,
            new dev.haechi.demo.DemoOptions(
                dev.haechi.demo.DemoOptions.DEFAULT_SEED, 0.01, Set.of("retailer")));
    List<String> events =
        Files.readAllLines(generated.get(0).directory().resolve("events/gateway.jsonl")).stream()
            .filter(l -> !l.isBlank())
            .toList();
    assertThat(events).hasSizeGreaterThan(500);

    // one partition, so the server sees the events in the file's order, as haechi detect does;
    // malformed records in between, one a pretty-printed event (evaluated, as one line)
    kafka.createTopic("gw-events", 1);
    kafka.createTopic("gw-alerts", 1);
    kafka.createTopic("gw-dead", 1);
    List<byte[]> records = new ArrayList<>();
    List<String> detectInput = new ArrayList<>();
    Map<Integer, String> malformed = new LinkedHashMap<>(); // offset -> expected reason
    for (int i = 0; i < events.size(); i++) {
      if (i == 10) {
        malformed.put(records.size(), "not JSON: ");
        records.add(bytes("this is not json"));
      }
      if (i == 20) {
        malformed.put(records.size(), "empty record");
        records.add(new byte[0]);
      }
      if (i == 30) {
        malformed.put(records.size(), "not UTF-8");
        records.add(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'});
      }
      if (i == 40) {
        malformed.put(records.size(), "not a JSON object");
        records.add(bytes("[1,2,3]"));
      }
      if (i == 50) {
        // a pretty-printed event is one event
        records.add(
            bytes(
                JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(JSON.readTree(events.get(i)))));
        detectInput.add(events.get(i));
        continue;
      }
      records.add(bytes(events.get(i)));
      detectInput.add(events.get(i));
    }
    produce("gw-events", records, List.of());

    Set<String> expected = detectAlertKeys(detectInput, List.of());
    assertThat(expected).isNotEmpty();

    // three threads judge each batch (the stateless rules), completed in input order
    try (ConfigurableApplicationContext server =
        server(
            "kafka-equal",
            "gw-events",
            "gw-alerts",
            "gw-dead",
            "g-equal",
            "",
            null,
            500,
            Map.of("haechi.detection.threads", "3"))) {
      awaitCommitted("g-equal", "gw-events", records.size());
      assertThat(storedAlertKeys(server)).isEqualTo(expected);
    }

    List<ConsumerRecord<String, String>> published =
        kafka.consume("gw-alerts", expected.size(), Duration.ofSeconds(30));
    // in the order haechi detect (one thread) first raised them
    assertThat(published.stream().map(ConsumerRecord::key).toList())
        .containsExactlyElementsOf(detectAlertKeysInOrder(detectInput, List.of()));
    JsonNode first = JSON.readTree(published.get(0).value());
    assertThat(first.path("alertKey").asString()).isEqualTo(published.get(0).key());
    assertThat(first.path("alert").path("rule_id").asString()).isNotEmpty();

    List<ConsumerRecord<String, String>> dead =
        kafka.consume("gw-dead", malformed.size(), Duration.ofSeconds(30));
    assertThat(dead).hasSize(malformed.size());
    Map<Integer, String> got = new LinkedHashMap<>();
    for (ConsumerRecord<String, String> d : dead) {
      assertThat(header(d, KafkaIngest.H_TOPIC)).isEqualTo("gw-events");
      assertThat(header(d, KafkaIngest.H_PARTITION)).isEqualTo("0");
      got.put(Integer.parseInt(header(d, KafkaIngest.H_OFFSET)), header(d, KafkaIngest.H_REASON));
    }
    assertThat(got.keySet()).containsExactlyElementsOf(malformed.keySet());
    malformed.forEach((offset, reason) -> assertThat(got.get(offset)).startsWith(reason));
    // the original value travels unchanged, for a replay once fixed
    assertThat(dead.get(0).value()).isEqualTo("this is not json");
  }

  /** Thrown by the injected checkpoint: the consumer dies as if its process were killed. */
  static final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;

    SimulatedCrash() {
      super("simulated crash mid-batch");
    }
  }

  @Test
  void a_consumer_killed_mid_batch_loses_and_duplicates_no_alert_after_the_restart()
      throws Exception {
    kafka.createTopic("crash-events", 2);
    kafka.createTopic("crash-alerts", 1);
    kafka.createTopic("crash-dead", 1);
    List<String> events = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    Instant t = Instant.parse("2025-06-20T08:00:00Z");
    for (int i = 0; i < 600; i++) {
      String user = "u" + (i * 7 % 53);
      String kid = i % 3 == 0 ? "auth-2022-01" : "auth-2025-01";
      events.add(
          "{\"@timestamp\":\""
              + t.plusSeconds(i * 431L)
              + "\",\"event\":{\"category\":[\"web\"]},\"token\":{\"kid\":\""
              + kid
              + "\",\"sub\":\""
              + user
              + "\"},\"user\":{\"id\":\""
              + user
              + "\"}}");
      keys.add(user);
    }
    produce("crash-events", events.stream().map(KafkaIngestIT::bytes).toList(), keys);
    Set<String> expected = detectAlertKeys(events, List.of("--rules", RULES));
    assertThat(expected).hasSizeGreaterThan(20);

    // first server: the second batch dies after storing 3 of its alerts, before any commit
    AtomicInteger batchesStored = new AtomicInteger();
    AtomicInteger alertsInBatch = new AtomicInteger();
    KafkaIngest.Checkpoint crash =
        (stage, n) -> {
          if (stage == KafkaIngest.Stage.STORED) {
            batchesStored.incrementAndGet();
            alertsInBatch.set(0);
          } else if (stage == KafkaIngest.Stage.ALERT_STORED
              && batchesStored.get() >= 1
              && alertsInBatch.incrementAndGet() == 3) {
            throw new SimulatedCrash();
          }
        };
    long storedAtCrash;
    long committedAtCrash;
    try (ConfigurableApplicationContext first =
        server(
            "kafka-crash",
            "crash-events",
            "crash-alerts",
            "crash-dead",
            "g-crash",
            RULES,
            crash,
            50)) {
      KafkaIngest ingest = first.getBean(KafkaIngestService.class).ingest();
      Instant deadline = Instant.now().plusSeconds(60);
      while (ingest.running() && Instant.now().isBefore(deadline)) {
        Thread.sleep(50);
      }
      assertThat(ingest.died()).isInstanceOf(SimulatedCrash.class);
      storedAtCrash = storedAlertKeys(first).size();
      committedAtCrash = committed("g-crash", "crash-events");
    }
    assertThat(batchesStored.get()).isEqualTo(1);
    assertThat(committedAtCrash).isPositive().isLessThan(events.size());
    assertThat(storedAtCrash).isPositive().isLessThan(expected.size());
    long publishedAtCrash = kafka.endOffsetSum("crash-alerts");

    // the restarted server (same store, same group) reads the uncommitted batch again
    try (ConfigurableApplicationContext second =
        server(
            "kafka-crash",
            "crash-events",
            "crash-alerts",
            "crash-dead",
            "g-crash",
            RULES,
            null,
            50)) {
      awaitCommitted("g-crash", "crash-events", events.size());
      long[] counts = second.getBean(KafkaIngestService.class).ingest().counts();
      assertThat(counts[0])
          .as("records read after the restart")
          .isEqualTo(events.size() - committedAtCrash);
      assertThat(storedAlertKeys(second)).isEqualTo(expected);
    }
    List<ConsumerRecord<String, String>> published =
        kafka.consume("crash-alerts", expected.size(), Duration.ofSeconds(30));
    assertThat(publishedAtCrash).isLessThan(expected.size());
    assertThat(published.stream().map(ConsumerRecord::key).toList())
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(kafka.endOffsetSum("crash-dead")).isZero();
  }

  /**
   * A batch read again after the consumer died at {@code stage} (inside the alerts' transaction,
   * after it committed but before the access-event store took the events, or after publishing but
   * before the offsets were committed) is ingested once: every alert's occurrences, the events in
   * the access-event store and the alerts published equal a run without a crash.
   */
  @ParameterizedTest
  @EnumSource(
      value = KafkaIngest.Stage.class,
      names = {"ALERT_STORED", "EVALUATED", "PUBLISHED"})
  void a_batch_read_again_after_a_crash_counts_and_stores_nothing_twice(KafkaIngest.Stage stage)
      throws Exception {
    String topic = "redo-" + stage.name().toLowerCase(java.util.Locale.ROOT);
    kafka.createTopic(topic, 2);
    kafka.createTopic(topic + "-alerts", 1);
    kafka.createTopic(topic + "-ref-alerts", 1);
    kafka.createTopic(topic + "-dead", 1);
    List<String> events = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    Instant t = Instant.parse("2025-06-20T08:00:00Z");
    for (int i = 0; i < 400; i++) {
      String user = "u" + (i * 7 % 11);
      String kid = i % 3 == 0 ? "auth-2022-01" : "auth-2025-01";
      events.add(
          "{\"@timestamp\":\""
              + t.plusSeconds(i * 60L)
              + "\",\"event\":{\"category\":[\"web\"]},\"token\":{\"kid\":\""
              + kid
              + "\",\"sub\":\""
              + user
              + "\"},\"user\":{\"id\":\""
              + user
              + "\"}}");
      keys.add(user);
    }
    produce(topic, events.stream().map(KafkaIngestIT::bytes).toList(), keys);

    // the reference: the same records, another group and store, no crash
    Map<String, Long> expectedCounts;
    long expectedEvents;
    try (ConfigurableApplicationContext ref =
        server(
            "redo-ref-" + stage,
            topic,
            topic + "-ref-alerts",
            topic + "-dead",
            "g-ref-" + stage,
            RULES,
            null,
            50)) {
      awaitCommitted("g-ref-" + stage, topic, events.size());
      expectedCounts = occurrences(ref);
      expectedEvents = storedEvents(ref);
    }
    assertThat(expectedEvents).isEqualTo(events.size());
    assertThat(expectedCounts.values().stream().mapToLong(Long::longValue).sum())
        .as("occurrences of the retired-key rule")
        .isEqualTo(events.size() / 3 + 1);

    // the second batch dies at the stage
    AtomicInteger batches = new AtomicInteger();
    AtomicInteger alertsInBatch = new AtomicInteger();
    KafkaIngest.Checkpoint crash =
        (at, n) -> {
          if (at == KafkaIngest.Stage.STORED) {
            alertsInBatch.set(0);
          }
          if (at == KafkaIngest.Stage.ALERT_STORED
              && stage == at
              && batches.get() == 1
              && alertsInBatch.incrementAndGet() == 3) {
            throw new SimulatedCrash();
          }
          if (at == stage && at != KafkaIngest.Stage.ALERT_STORED && batches.get() == 1) {
            throw new SimulatedCrash();
          }
          if (at == KafkaIngest.Stage.PUBLISHED) {
            batches.incrementAndGet();
          }
        };
    String group = "g-redo-" + stage;
    try (ConfigurableApplicationContext first =
        server(
            "redo-" + stage, topic, topic + "-alerts", topic + "-dead", group, RULES, crash, 50)) {
      KafkaIngest ingest = first.getBean(KafkaIngestService.class).ingest();
      Instant deadline = Instant.now().plusSeconds(60);
      while (ingest.running() && Instant.now().isBefore(deadline)) {
        Thread.sleep(50);
      }
      assertThat(ingest.died()).isInstanceOf(SimulatedCrash.class);
    }
    long committedAtCrash = committed(group, topic);
    assertThat(committedAtCrash).isPositive().isLessThan(events.size());

    try (ConfigurableApplicationContext second =
        server(
            "redo-" + stage, topic, topic + "-alerts", topic + "-dead", group, RULES, null, 50)) {
      awaitCommitted(group, topic, events.size());
      KafkaIngest ingest = second.getBean(KafkaIngestService.class).ingest();
      assertThat(ingest.counts()[0])
          .as("records read after the restart")
          .isEqualTo(events.size() - committedAtCrash);
      if (stage == KafkaIngest.Stage.ALERT_STORED) {
        assertThat(ingest.skipped()).as("rolled back: evaluated again").isZero();
      } else {
        assertThat(ingest.skipped()).as("records the stores held already").isPositive();
      }
      assertThat(occurrences(second)).isEqualTo(expectedCounts);
      assertThat(storedEvents(second)).isEqualTo(expectedEvents);
    }
    List<ConsumerRecord<String, String>> published =
        kafka.consume(topic + "-alerts", expectedCounts.size(), Duration.ofSeconds(30));
    assertThat(published.stream().map(ConsumerRecord::key).toList())
        .doesNotHaveDuplicates()
        .hasSize(expectedCounts.size());
    assertThat(kafka.endOffsetSum(topic + "-alerts")).isEqualTo(expectedCounts.size());
  }

  /**
   * A correlation window open when the server stopped goes on after the restart: the third sign-in
   * failure of a user, read by the restarted server, completes the count of the two read before
   * (the engine's windows are restored from the detection journal).
   */
  @Test
  void a_correlation_spanning_a_restart_is_raised() throws Exception {
    Path rules = Files.createDirectories(dir.resolve("restart-rules"));
    Files.writeString(
        rules.resolve("failures.yml"),
        """
        title: Sign-in failure (test base rule)
        name: test_signin_failure
        id: 0b6c7f4e-5d0e-4a43-a3c4-1f3f3c8e2a11
        status: test
        logsource:
          category: web
        detection:
          selection:
            event.action: sign-in
            event.outcome: failure
          condition: selection
        level: low
        ---
        title: Three sign-in failures of one user within 30 minutes (test correlation)
        id: 6a0c9f0e-2b8e-4b8c-9d0a-7f2b9d3c4e22
        status: test
        correlation:
          type: event_count
          rules:
            - test_signin_failure
          group-by:
            - user.id
          timespan: 30m
          condition:
            gte: 3
        level: high
        """);
    kafka.createTopic("restart-events", 1);
    kafka.createTopic("restart-alerts", 1);
    kafka.createTopic("restart-dead", 1);
    Instant t = Instant.parse("2025-06-20T08:00:00Z");
    List<String> before = new ArrayList<>();
    List<String> after = new ArrayList<>();
    before.add(signIn(t, "alice", "failure"));
    before.add(signIn(t.plusSeconds(60), "bob", "success"));
    before.add(signIn(t.plusSeconds(300), "alice", "failure"));
    after.add(signIn(t.plusSeconds(600), "alice", "failure"));
    after.add(signIn(t.plusSeconds(7200), "bob", "success"));
    List<String> all = new ArrayList<>(before);
    all.addAll(after);
    Set<String> expected = detectAlertKeys(all, List.of("--rules", rules.toString()));
    Set<String> correlation =
        detectAlertKeys(
            all,
            List.of("--rules", rules.toString()),
            a -> a.path("rule_title").asString().startsWith("Three sign-in failures"));
    assertThat(correlation).hasSize(1);

    produce("restart-events", before.stream().map(KafkaIngestIT::bytes).toList(), List.of());
    try (ConfigurableApplicationContext first =
        server(
            "restart",
            "restart-events",
            "restart-alerts",
            "restart-dead",
            "g-restart",
            rules.toString(),
            null,
            50)) {
      awaitCommitted("g-restart", "restart-events", before.size());
      assertThat(storedAlertKeys(first)).doesNotContainAnyElementsOf(correlation);
    }
    produce("restart-events", after.stream().map(KafkaIngestIT::bytes).toList(), List.of());
    try (ConfigurableApplicationContext second =
        server(
            "restart",
            "restart-events",
            "restart-alerts",
            "restart-dead",
            "g-restart",
            rules.toString(),
            null,
            50)) {
      awaitCommitted("g-restart", "restart-events", all.size());
      assertThat(second.getBean(DetectionService.class).restoredEvents())
          .as("events replayed from the journal")
          .isEqualTo(before.size());
      assertThat(storedAlertKeys(second)).isEqualTo(expected).containsAll(correlation);
    }
  }

  private static String signIn(Instant at, String user, String outcome) {
    return "{\"@timestamp\":\""
        + at
        + "\",\"event\":{\"category\":[\"web\"],\"action\":\"sign-in\",\"outcome\":\""
        + outcome
        + "\"},\"user\":{\"id\":\""
        + user
        + "\"}}";
  }

  // --- helpers ---

  /** Every detection alert's deduplication key and occurrences. */
  private static Map<String, Long> occurrences(ConfigurableApplicationContext server) {
    Map<String, Long> out = new java.util.TreeMap<>();
    server
        .getBean(JdbcTemplate.class)
        .query(
            "SELECT dedup_key, occurrences FROM alert WHERE source = 'detection'",
            (java.sql.ResultSet rs) -> {
              out.put(rs.getString(1), rs.getLong(2));
            });
    return out;
  }

  /** The events in the server's access-event store. */
  private static long storedEvents(ConfigurableApplicationContext server) {
    return server.getBean(dev.haechi.app.breach.BreachCases.class).store().state().events();
  }

  private ConfigurableApplicationContext server(
      String db,
      String topics,
      String alerts,
      String dead,
      String group,
      String rules,
      KafkaIngest.Checkpoint checkpoint,
      int maxPoll) {
    return server(db, topics, alerts, dead, group, rules, checkpoint, maxPoll, Map.of());
  }

  private ConfigurableApplicationContext server(
      String db,
      String topics,
      String alerts,
      String dead,
      String group,
      String rules,
      KafkaIngest.Checkpoint checkpoint,
      int maxPoll,
      Map<String, String> extra) {
    Map<String, Object> p = new HashMap<>();
    // a file database: the restarted server opens the store the crashed one left
    p.put("spring.datasource.url", "jdbc:h2:file:" + dir.resolve("db-" + db).toAbsolutePath());
    p.put("HAECHI_ADMIN_PASSWORD", "admin-password-for-tests");
    p.put("haechi.home", dir.resolve("home-" + db).toString());
    p.put("server.port", "0");
    p.put("server.address", "127.0.0.1");
    p.put("haechi.detection.rules", rules);
    p.put("haechi.kafka.enabled", "true");
    p.put("haechi.kafka.bootstrap-servers", kafka.bootstrapServers());
    p.put("haechi.kafka.topics", topics);
    p.put("haechi.kafka.alerts-topic", alerts);
    p.put("haechi.kafka.dead-letter-topic", dead);
    p.put("haechi.kafka.group-id", group);
    p.put("haechi.kafka.max-poll-records", String.valueOf(maxPoll));
    p.put("haechi.kafka.retry-backoff", "200ms");
    p.putAll(extra);
    SpringApplicationBuilder b = new SpringApplicationBuilder(HaechiServer.class).properties(p);
    if (checkpoint != null) {
      b.initializers(c -> c.getBeanFactory().registerSingleton("kafkaCheckpoint", checkpoint));
    }
    return b.run();
  }

  private static Set<String> storedAlertKeys(ConfigurableApplicationContext server) {
    return new TreeSet<>(
        server
            .getBean(JdbcTemplate.class)
            .query(
                "SELECT source, dedup_key FROM alert WHERE source = 'detection'",
                (rs, i) -> AlertStore.alertKey(rs.getString(1), rs.getString(2))));
  }

  /** The alert keys of what {@code haechi detect} prints for these events. */
  private Set<String> detectAlertKeys(List<String> events, List<String> extra) throws Exception {
    return new TreeSet<>(detectAlertKeysInOrder(events, extra));
  }

  /** As {@link #detectAlertKeys(List, List)}, only alerts {@code which} accepts. */
  private Set<String> detectAlertKeys(
      List<String> events, List<String> extra, java.util.function.Predicate<JsonNode> which)
      throws Exception {
    return detectOutput(events, extra).stream()
        .map(JSON::readTree)
        .filter(which)
        .map(n -> AlertMessage.alertKey(alert(n)))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** The distinct alert keys of {@code haechi detect}'s alerts, in the order first printed. */
  private List<String> detectAlertKeysInOrder(List<String> events, List<String> extra)
      throws Exception {
    return detectOutput(events, extra).stream()
        .map(l -> AlertMessage.alertKey(alert(JSON.readTree(l))))
        .distinct()
        .toList();
  }

  private List<String> detectOutput(List<String> events, List<String> extra) throws Exception {
    Path input = dir.resolve("detect-input-" + System.nanoTime() + ".jsonl");
    Files.write(input, events);
    List<String> args = new ArrayList<>(List.of("detect", "--format", "json"));
    args.addAll(extra);
    args.addAll(List.of("--input", input.toString()));
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      code = HaechiMain.run(args.toArray(String[]::new));
    } finally {
      System.setOut(old);
    }
    assertThat(code).isZero();
    return out.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
  }

  /** An alert as {@code haechi detect} printed it (FORMATS.md §4). */
  static Alert alert(JsonNode n) {
    Map<String, String> group = new LinkedHashMap<>();
    n.path("group").properties().forEach(e -> group.put(e.getKey(), e.getValue().asString()));
    List<String> tags = new ArrayList<>();
    n.path("tags").forEach(x -> tags.add(x.asString()));
    List<JsonNode> events = new ArrayList<>();
    n.path("events").forEach(events::add);
    return new Alert(
        n.path("rule_id").asString(),
        n.path("rule_title").asString(),
        n.path("level").isNull() ? null : n.path("level").asString(),
        n.path("timestamp").isNull() || n.path("timestamp").isMissingNode()
            ? null
            : n.path("timestamp").asString(),
        tags,
        group,
        n.has("event") ? n.get("event") : null,
        events);
  }

  private static void produce(String topic, List<byte[]> values, List<String> keys) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < values.size(); i++) {
        byte[] key = keys.isEmpty() ? null : bytes(keys.get(i));
        producer.send(new ProducerRecord<>(topic, key, values.get(i)));
      }
      producer.flush();
    }
  }

  private static long committed(String group, String topic)
      throws ExecutionException, InterruptedException {
    try (Admin admin = kafka.admin()) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      return offsets.entrySet().stream()
          .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
          .mapToLong(e -> e.getValue().offset())
          .sum();
    }
  }

  /** Waits (at most 90 s) until the group committed {@code total} offsets on the topic. */
  private static void awaitCommitted(String group, String topic, long total) throws Exception {
    Instant deadline = Instant.now().plusSeconds(90);
    long c = 0;
    while (Instant.now().isBefore(deadline)) {
      c = committed(group, topic);
      if (c >= total) {
        return;
      }
      Thread.sleep(100);
    }
    assertThat(c).as("offsets committed by " + group).isEqualTo(total);
  }

  private static String header(ConsumerRecord<?, ?> r, String name) {
    var h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
