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
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway acknowledges a store's message only once Kafka holds the event. */
class GatewayRedeliveryTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void forwardsAgainAnEventKafkaFailedToTake(@TempDir Path brokerDir) throws Exception {
    EngineConfig config = TestConfigs.withFreeMqttPort();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MockProducer<String, byte[]> producer =
        new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    try (MqttBroker broker = MqttBroker.start(config, brokerDir);
        EdgeGateway gateway =
            new EdgeGateway(
                config, registry, producer, new PacedMockConsumer<>(), Clock.systemUTC());
        MqttTestClient store =
            MqttTestClient.connect(broker.serverUri(), "store", BERLIN, BERLIN_PASSWORD)) {
      gateway.connect();
      String sale = TestEvents.json(TestEvents.sale("e-1", BERLIN, SHIRT, Instant.now()));

      store.publish(MqttTopics.store(BERLIN, StoreChannel.SALES), sale);
      Eventually.await(WAIT, "the first send", () -> producer.history().size() == 1);
      producer.errorNext(new TimeoutException("Kafka is unreachable"));

      Eventually.await(WAIT, "the redelivered send", () -> producer.history().size() == 2);
      producer.completeNext();

      Eventually.await(
          WAIT,
          "the event forwarded",
          () -> registry.counter(GatewayMetrics.FORWARDED, "topic", "o2o.sales").count() == 1);
      assertThat(producer.history())
          .extracting(r -> Topics.SALES.decode(r.value()).eventId())
          .containsExactly("e-1", "e-1");
      assertThat(registry.counter(GatewayMetrics.FORWARD_FAILURES).count()).isEqualTo(1);
      assertThat(registry.counter(GatewayMetrics.DUPLICATES).count()).isZero();
    }
  }
}
