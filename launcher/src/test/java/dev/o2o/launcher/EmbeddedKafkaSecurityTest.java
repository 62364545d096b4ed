package dev.o2o.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o2o.config.KafkaSecurity;
import dev.o2o.config.KafkaSettings;
import dev.o2o.config.testing.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker on its own with each listener the config can ask for: SASL_PLAINTEXT takes
 * only the configured PLAIN login, SSL only clients that trust its certificate.
 */
class EmbeddedKafkaSecurityTest {
  @TempDir Path dir;

  @Test
  void saslPlaintextTakesTheConfiguredLoginOnly() throws Exception {
    KafkaSecurity security =
        new KafkaSecurity(
            KafkaSecurity.Protocol.SASL_PLAINTEXT,
            "PLAIN",
            "o2o",
            "kafka-secret",
            null,
            null,
            null,
            null,
            null,
            null);
    try (EmbeddedKafka kafka = start(security)) {
      KafkaSettings settings = settings(kafka, security);

      assertThat(roundTrip(settings)).containsExactly("hello");

      Map<String, Object> wrong = new HashMap<>(settings.clientConfig(Map.of()));
      wrong.put("sasl.jaas.config", KafkaSecurity.jaasLogin("PLAIN", "o2o", "guess"));
      assertThatThrownBy(() -> listTopics(wrong))
          .hasCauseInstanceOf(SaslAuthenticationException.class);
      Map<String, Object> unknown = new HashMap<>(settings.clientConfig(Map.of()));
      unknown.put("sasl.jaas.config", KafkaSecurity.jaasLogin("PLAIN", "intruder", "kafka-secret"));
      assertThatThrownBy(() -> listTopics(unknown))
          .hasCauseInstanceOf(SaslAuthenticationException.class);
      assertThatThrownBy(
              () -> listTopics(settings(kafka, KafkaSecurity.NONE).clientConfig(Map.of())))
          .hasCauseInstanceOf(TimeoutException.class);
    }
  }

  @Test
  void sslTakesClientsThatTrustItsCertificate() throws Exception {
    TestCertificates stores = TestCertificates.create(dir);
    KafkaSecurity security =
        new KafkaSecurity(
            KafkaSecurity.Protocol.SSL,
            null,
            null,
            null,
            stores.trustStore().toString(),
            stores.password(),
            null,
            null,
            stores.keyStore().toString(),
            stores.password());
    try (EmbeddedKafka kafka = start(security)) {
      KafkaSettings settings = settings(kafka, security);

      assertThat(roundTrip(settings)).containsExactly("hello");

      assertThatThrownBy(
              () -> listTopics(settings(kafka, KafkaSecurity.NONE).clientConfig(Map.of())))
          .hasCauseInstanceOf(TimeoutException.class);
      Map<String, Object> untrusting = new HashMap<>(settings.clientConfig(Map.of()));
      untrusting.keySet().removeIf(key -> key.startsWith("ssl.truststore"));
      assertThatThrownBy(() -> listTopics(untrusting))
          .hasCauseInstanceOf(org.apache.kafka.common.errors.SslAuthenticationException.class);
    }
  }

  private EmbeddedKafka start(KafkaSecurity security) throws Exception {
    return EmbeddedKafka.start(
        dir.resolve("kafka-" + security.protocol()),
        "localhost",
        EmbeddedEngine.freePort(),
        EmbeddedEngine.freePort(),
        security);
  }

  private static KafkaSettings settings(EmbeddedKafka kafka, KafkaSecurity security) {
    return new KafkaSettings(kafka.bootstrapServers(), 1, (short) 1, security);
  }

  /** Creates a topic, produces one record and reads it back, all with the given settings. */
  private static List<String> roundTrip(KafkaSettings settings) throws Exception {
    try (Admin admin = Admin.create(settings.clientConfig(Map.of()))) {
      admin.createTopics(List.of(new NewTopic("secured", 1, (short) 1))).all().get();
    }
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            settings.clientConfig(Map.of()), new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>("secured", "k", "hello")).get();
    }
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            settings.clientConfig(Map.of("auto.offset.reset", "earliest")),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.assign(List.of(new TopicPartition("secured", 0)));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (values.isEmpty() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          values.add(record.value());
        }
      }
    }
    return values;
  }

  private static void listTopics(Map<String, Object> client)
      throws ExecutionException, InterruptedException {
    Map<String, Object> settings = new HashMap<>(client);
    settings.put("default.api.timeout.ms", 3_000);
    settings.put("request.timeout.ms", 3_000);
    try (Admin admin = Admin.create(settings)) {
      admin.listTopics().names().get();
    }
  }
}
