package dev.o2o.gateway;

import static dev.o2o.gateway.testing.TestConfigs.BERLIN;
import static dev.o2o.gateway.testing.TestConfigs.BERLIN_PASSWORD;
import static dev.o2o.gateway.testing.TestConfigs.SHIRT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.MqttTopics;
import dev.o2o.contract.StoreChannel;
import dev.o2o.contract.Topics;
import dev.o2o.gateway.broker.MqttBroker;
import dev.o2o.gateway.testing.Eventually;
import dev.o2o.gateway.testing.MqttTestClient;
import dev.o2o.gateway.testing.PacedMockConsumer;
import dev.o2o.gateway.testing.TestConfigs;
import dev.o2o.gateway.testing.TestEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway acknowledges a store's message only once Kafka or its spool holds the event: an event
 * Kafka fails goes to the spool, and from there to Kafka through a new producer.
 */
class GatewayRedeliveryTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void spoolsAnEventKafkaFailedAndReplaysItThroughANewProducer(@TempDir Path brokerDir)
      throws Exception {
    EngineConfig config = TestConfigs.withFreeMqttPort();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    List<MockProducer<String, byte[]>> producers = new CopyOnWriteArrayList<>();
    Supplier<Producer<String, byte[]>> newProducer =
        () -> {
          MockProducer<String, byte[]> producer =
              new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
          producers.add(producer);
          return producer;
        };
    try (MqttBroker broker = MqttBroker.start(config, brokerDir);
        EdgeGateway gateway =
            new EdgeGateway(
                config, registry, newProducer, new PacedMockConsumer<>(), Clock.systemUTC());
        MqttTestClient store =
            MqttTestClient.connect(broker.serverUri(), "store", BERLIN, BERLIN_PASSWORD)) {
      gateway.connect();
      String topic = MqttTopics.store(BERLIN, StoreChannel.SALES);

      store.publish(topic, TestEvents.json(TestEvents.sale("e-1", BERLIN, SHIRT, Instant.now())));
      Eventually.await(WAIT, "the first send", () -> sent(producers, 0) == 1);
      producers.get(0).errorNext(new TimeoutException("Kafka is unreachable"));

      Eventually.await(WAIT, "the replayed send", () -> sent(producers, 1) == 1);
      assertThat(registry.counter(GatewayMetrics.SPOOLED).count()).isEqualTo(1);
      assertThat(registry.get(GatewayMetrics.KAFKA_REACHABLE).gauge().value()).isZero();
      producers.get(1).completeNext();
      Eventually.await(
          WAIT, "the replay", () -> registry.counter(GatewayMetrics.REPLAYED).count() == 1);

      store.publish(topic, TestEvents.json(TestEvents.sale("e-2", BERLIN, SHIRT, Instant.now())));
      Eventually.await(WAIT, "the next event sent", () -> sent(producers, 1) == 2);
      producers.get(1).completeNext();
      Eventually.await(
          WAIT,
          "the next event forwarded",
          () -> registry.counter(GatewayMetrics.FORWARDED, "topic", "o2o.sales").count() == 1);

      assertThat(producers).hasSize(2);
      assertThat(producers.get(0).closed()).isTrue();
      assertThat(ids(producers.get(0))).containsExactly("e-1");
      assertThat(ids(producers.get(1))).containsExactly("e-1", "e-2");
      assertThat(registry.get(GatewayMetrics.KAFKA_REACHABLE).gauge().value()).isEqualTo(1);
      assertThat(registry.get(GatewayMetrics.SPOOL_EVENTS).gauge().value()).isZero();
      assertThat(registry.counter(GatewayMetrics.DUPLICATES).count()).isZero();
    }
  }

  private static int sent(List<MockProducer<String, byte[]>> producers, int index) {
    return producers.size() > index ? producers.get(index).history().size() : 0;
  }

  private static List<String> ids(MockProducer<String, byte[]> producer) {
    return producer.history().stream().map(r -> Topics.SALES.decode(r.value()).eventId()).toList();
  }
}
