package dev.haechi.kafka.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * An in-process Apache Kafka broker for tests: one node in KRaft mode that is broker and controller
 * at once, listening on ephemeral loopback ports, its log in a temporary directory that {@link
 * #close()} deletes. Internal topics (consumer offsets, transaction state, share state) have
 * replication factor 1, so consumer groups and transactional (exactly-once) producers work.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
 *   kafka.createTopic("events", 3);
 *   kafka.produce("events", "key", "{\"a\":1}");
 *   List<ConsumerRecord<String, String>> got = kafka.consume("events", 1, Duration.ofSeconds(30));
 *   // kafka.bootstrapServers() for your own clients
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {

  private final KafkaRaftServer server;
  private final Path baseDirectory;
  private final String bootstrapServers;
  private volatile boolean closed;

  private EmbeddedKafka(KafkaRaftServer server, Path baseDirectory, String bootstrapServers) {
    this.server = server;
    this.baseDirectory = baseDirectory;
    this.bootstrapServers = bootstrapServers;
  }

  /** Starts a broker with the default test settings. */
  public static EmbeddedKafka start() {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Broker settings beyond the defaults, e.g. {@code brokerProperty("num.partitions", "4")}. */
  public static final class Builder {
    private final Map<String, Object> brokerProperties = new LinkedHashMap<>();

    private Builder() {
      brokerProperties.put("offsets.topic.replication.factor", "1");
      brokerProperties.put("offsets.topic.num.partitions", "1");
      brokerProperties.put("transaction.state.log.replication.factor", "1");
      brokerProperties.put("transaction.state.log.min.isr", "1");
      brokerProperties.put("transaction.state.log.num.partitions", "1");
      brokerProperties.put("share.coordinator.state.topic.replication.factor", "1");
      brokerProperties.put("share.coordinator.state.topic.min.isr", "1");
      brokerProperties.put("group.initial.rebalance.delay.ms", "0");
      brokerProperties.put("auto.create.topics.enable", "false");
    }

    public Builder brokerProperty(String name, Object value) {
      brokerProperties.put(name, value);
      return this;
    }

    /**
     * Formats the storage, starts the node and waits until the broker answers. The two loopback
     * ports (client listener, controller listener) are picked free just before the start; should
     * another process take one in between, the start is retried on new ports.
     */
    public EmbeddedKafka start() {
      neverExitTheJvm();
      RuntimeException last = null;
      for (int attempt = 1; attempt <= 5; attempt++) {
        try {
          return startOnce();
        } catch (PortTakenException e) {
          last = e;
        }
      }
      throw new IllegalStateException("embedded Kafka did not start after 5 tries", last);
    }

    private EmbeddedKafka startOnce() {
      Path base;
      try {
        base = Files.createTempDirectory("haechi-kafka-");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the embedded Kafka log directory", e);
      }
      int brokerPort = freeLoopbackPort();
      int controllerPort = freeLoopbackPort();
      String logDir = base.resolve("log").toString();
      Properties props = new Properties();
      props.put("process.roles", "broker,controller");
      props.put("node.id", "1");
      props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
      props.put(
          "listeners",
          "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
      props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
      props.put("controller.listener.names", "CONTROLLER");
      props.put("inter.broker.listener.name", "PLAINTEXT");
      props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
      props.put("log.dirs", logDir);
      brokerProperties.forEach((k, v) -> props.put(k, String.valueOf(v)));
      KafkaRaftServer server = null;
      try {
        KafkaConfig config = KafkaConfig.fromProps(props, false);
        new Formatter()
            .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
            .setNodeId(1)
            .setClusterId(Uuid.randomUuid().toString())
            .setControllerListenerName("CONTROLLER")
            .setMetadataLogDirectory(logDir)
            .addDirectory(logDir)
            .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
            .run();
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        String bootstrap = "127.0.0.1:" + brokerPort;
        awaitReady(bootstrap);
        return new EmbeddedKafka(server, base, bootstrap);
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        if (server != null) {
          try {
            server.shutdown();
            server.awaitShutdown();
          } catch (RuntimeException closing) {
            e.addSuppressed(closing);
          }
        }
        deleteQuietly(base);
        if (causedByBind(e)) {
          throw new PortTakenException(e);
        }
        throw new IllegalStateException("embedded Kafka did not start: " + e, e);
      }
    }
  }

  private static final class PortTakenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PortTakenException(Throwable cause) {
      super(cause);
    }
  }

  private static boolean causedByBind(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException
          || (t.getMessage() != null && t.getMessage().contains("failed to bind"))) {
        return true;
      }
    }
    return false;
  }

  private static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  /** Waits (at most 60 s) until the broker lists itself and accepts a metadata request. */
  private static void awaitReady(String bootstrap) throws InterruptedException {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    Instant deadline = Instant.now().plusSeconds(60);
    Exception last = null;
    try (Admin admin = Admin.create(config)) {
      while (Instant.now().isBefore(deadline)) {
        try {
          if (!admin.describeCluster().nodes().get().isEmpty()) {
            admin.listTopics().names().get();
            return;
          }
        } catch (ExecutionException e) {
          last = e;
        }
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("embedded Kafka at " + bootstrap + " never became ready", last);
  }

  /**
   * A fatal error inside the broker calls Kafka's exit or halt procedure, which by default ends the
   * JVM, and with it the test run. In tests it throws instead, so the test fails with the reason.
   */
  private static void neverExitTheJvm() {
    Exit.setExitProcedure(
        (status, message) -> {
          throw new IllegalStateException(
              "embedded Kafka asked to exit the JVM (" + status + "): " + message);
        });
    Exit.setHaltProcedure(
        (status, message) -> {
          throw new IllegalStateException(
              "embedded Kafka asked to halt the JVM (" + status + "): " + message);
        });
  }

  /** {@code host:port} of the broker's client listener, on loopback. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * The temporary directory that holds the node's metadata and log; deleted by {@link #close()}.
   */
  public Path logDirectory() {
    return baseDirectory;
  }

  /** Creates a topic (replication factor 1); an existing topic of that name is left as it is. */
  public void createTopic(String name, int partitions) {
    createTopic(name, partitions, Map.of());
  }

  public void createTopic(String name, int partitions, Map<String, String> topicConfig) {
    try (Admin admin = admin()) {
      admin
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(topicConfig)))
          .all()
          .get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause(), e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + name, e);
    }
  }

  /** An admin client for this broker; the caller closes it. */
  public Admin admin() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return Admin.create(config);
  }

  /** Producer settings for this broker with String keys and values (acks=all, idempotent). */
  public Properties producerProperties() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    return p;
  }

  /**
   * Consumer settings for this broker with String keys and values, reading from the earliest
   * offset, committed transactions only, no automatic offset commits.
   */
  public Properties consumerProperties(String groupId) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return p;
  }

  /** Sends records (key may be null) and waits until the broker acknowledged every one. */
  public void produce(String topic, String key, String value) {
    produce(topic, List.of(new KeyValue(key, value)));
  }

  public void produce(String topic, List<KeyValue> records) {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties())) {
      for (KeyValue r : records) {
        producer.send(new ProducerRecord<>(topic, r.key(), r.value()));
      }
      producer.flush();
    }
  }

  /** A record to produce. */
  public record KeyValue(String key, String value) {}

  /**
   * Reads a topic from its beginning (every partition, committed transactions only, no consumer
   * group) until at least {@code atLeast} records arrived or {@code timeout} passed, then returns
   * what arrived, in partition then offset order. Never commits anything.
   */
  public List<ConsumerRecord<String, String>> consume(String topic, int atLeast, Duration timeout) {
    return consume(topic, atLeast, timeout, Map.of());
  }

  /** As {@link #consume(String, int, Duration)}, with extra consumer settings. */
  public List<ConsumerRecord<String, String>> consume(
      String topic, int atLeast, Duration timeout, Map<String, Object> consumerOverrides) {
    Properties p = consumerProperties("unused");
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    p.putAll(consumerOverrides);
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Instant deadline = Instant.now().plus(timeout);
      while (out.size() < atLeast && Instant.now().isBefore(deadline)) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    out.sort(
        (a, b) ->
            a.partition() != b.partition()
                ? Integer.compare(a.partition(), b.partition())
                : Long.compare(a.offset(), b.offset()));
    return out;
  }

  /**
   * Reads every committed record of a topic, from its beginning up to the end offsets taken when
   * the read starts (for {@code read_committed}, the last stable offsets: every transaction
   * committed by then), in partition then offset order. Unlike {@link #consume(String, int,
   * Duration)} it neither waits for a count nor stops early on a slow machine: it fails if {@code
   * timeout} passes before the end was reached.
   */
  public List<ConsumerRecord<String, String>> consumeAll(String topic, Duration timeout) {
    Properties p = consumerProperties("unused");
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      Instant deadline = Instant.now().plus(timeout);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (!Instant.now().isBefore(deadline)) {
          throw new IllegalStateException(
              "read "
                  + out.size()
                  + " records of topic "
                  + topic
                  + " but did not reach its end offsets "
                  + end
                  + " within "
                  + timeout);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    out.sort(
        (a, b) ->
            a.partition() != b.partition()
                ? Integer.compare(a.partition(), b.partition())
                : Long.compare(a.offset(), b.offset()));
    return out;
  }

  /** The highest offset + 1 of each partition of a topic (end offsets), summed. */
  public long endOffsetSum(String topic) {
    Properties p = consumerProperties("unused");
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** Stops the node and deletes its log directory. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      server.shutdown();
      server.awaitShutdown();
    } finally {
      deleteQuietly(baseDirectory);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(EmbeddedKafka::delete);
    } catch (IOException | UncheckedIOException ignored) {
      // best effort: a leftover temporary directory is harmless
    }
  }

  private static void delete(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // best effort
    }
  }
}
