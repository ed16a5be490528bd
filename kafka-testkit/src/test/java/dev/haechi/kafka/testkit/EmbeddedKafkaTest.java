package dev.haechi.kafka.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaTest {

  static EmbeddedKafka kafka;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  @Test
  void listensOnLoopback() {
    assertThat(kafka.bootstrapServers()).matches("(localhost|127\\.0\\.0\\.1):\\d+");
    assertThat(kafka.bootstrapServers()).doesNotEndWith(":9092");
  }

  @Test
  void producedRecordsAreConsumedInOrderPerPartition() {
    kafka.createTopic("roundtrip", 2);
    kafka.produce(
        "roundtrip",
        List.of(
            new EmbeddedKafka.KeyValue("a", "1"),
            new EmbeddedKafka.KeyValue("a", "2"),
            new EmbeddedKafka.KeyValue("b", "3")));
    List<ConsumerRecord<String, String>> got =
        kafka.consume("roundtrip", 3, Duration.ofSeconds(30));
    assertThat(got).extracting(ConsumerRecord::value).containsExactlyInAnyOrder("1", "2", "3");
    assertThat(got.stream().filter(r -> "a".equals(r.key())).map(ConsumerRecord::value))
        .containsExactly("1", "2");
    assertThat(kafka.endOffsetSum("roundtrip")).isEqualTo(3);
  }

  @Test
  void consumerGroupOffsetsAreCommittedAndResumed() {
    kafka.createTopic("group-topic", 1);
    kafka.produce(
        "group-topic",
        List.of(new EmbeddedKafka.KeyValue(null, "x"), new EmbeddedKafka.KeyValue(null, "y")));
    TopicPartition tp = new TopicPartition("group-topic", 0);
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(kafka.consumerProperties("g1"))) {
      c.subscribe(List.of("group-topic"));
      int seen = 0;
      for (int i = 0; i < 150 && seen < 2; i++) {
        seen += c.poll(Duration.ofMillis(200)).count();
      }
      assertThat(seen).isEqualTo(2);
      c.commitSync(java.util.Map.of(tp, new OffsetAndMetadata(1)));
    }
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(kafka.consumerProperties("g1"))) {
      c.subscribe(List.of("group-topic"));
      String first = null;
      for (int i = 0; i < 150 && first == null; i++) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
          first = first == null ? r.value() : first;
        }
      }
      assertThat(first).isEqualTo("y");
    }
  }

  @Test
  void transactionalProducersWork() {
    kafka.createTopic("tx-topic", 1);
    Properties p = kafka.producerProperties();
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-1");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("tx-topic", "k", "aborted"));
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("tx-topic", "k", "committed"));
      producer.commitTransaction();
    }
    assertThat(kafka.consume("tx-topic", 1, Duration.ofSeconds(30)))
        .extracting(ConsumerRecord::value)
        .containsExactly("committed");
  }

  @Test
  void closeDeletesTheLogDirectory() throws Exception {
    EmbeddedKafka other = EmbeddedKafka.start();
    other.createTopic("t", 1);
    Path dir = other.logDirectory();
    assertThat(Files.isDirectory(dir)).isTrue();
    other.close();
    other.close();
    assertThat(Files.exists(dir)).isFalse();
  }
}
