package dev.o2o.gateway;

import static dev.o2o.gateway.testing.TestConfigs.BERLIN;
import static dev.o2o.gateway.testing.TestConfigs.BERLIN_PASSWORD;
import static dev.o2o.gateway.testing.TestConfigs.HAMBURG;
import static dev.o2o.gateway.testing.TestConfigs.HAMBURG_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.Topics;
import dev.o2o.gateway.broker.MqttBroker;
import dev.o2o.gateway.testing.Eventually;
import dev.o2o.gateway.testing.KafkaBroker;
import dev.o2o.gateway.testing.StorePublisher;
import dev.o2o.gateway.testing.TestConfigs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Store-and-forward through real parts: stores publish over MQTT at QoS 1 to the broker, the
 * gateway forwards to a real Kafka broker, and Kafka goes away for a while and comes back.
 */
class StoreAndForwardTest {
  /**
   * How long Kafka is away in the outage test; the issue asks for 60 s. Shorter for a quick run:
   * {@code -Do2o.test.kafkaOutageSeconds=10}.
   */
  private static final Duration OUTAGE =
      Duration.ofSeconds(Long.getLong("o2o.test.kafkaOutageSeconds", 60));

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final Logger LOG = LoggerFactory.getLogger(StoreAndForwardTest.class);
  private static final List<String> SALES = List.of(Topics.SALES.name());

  @TempDir Path dir;

  @Test
  void spoolsWhileKafkaIsAwayAndReplaysEveryEventInOrderWhenItReturns() throws Exception {
    try (KafkaBroker kafka = new KafkaBroker(dir.resolve("kafka"), TestConfigs.freePort())) {
      kafka.start();
      kafka.createTopics(List.of(Topics.SALES.name(), Topics.DEAD_LETTERS.name()));
      EngineConfig config = config(kafka, Map.of());
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      try (MqttBroker broker = MqttBroker.start(config, dir.resolve("mqtt"));
          EdgeGateway gateway = EdgeGateway.start(config, registry);
          StorePublisher berlin =
              new StorePublisher(broker.serverUri(), BERLIN, BERLIN_PASSWORD, 20).start();
          StorePublisher hamburg =
              new StorePublisher(broker.serverUri(), HAMBURG, HAMBURG_PASSWORD, 20).start()) {
        Eventually.await(WAIT, "events forwarded", () -> forwarded(registry) >= 40);

        kafka.stop();
        long outageStart = System.nanoTime();
        Eventually.await(
            WAIT, "events spooled", () -> gauge(registry, GatewayMetrics.SPOOL_EVENTS) > 0);
        assertThat(gauge(registry, GatewayMetrics.KAFKA_REACHABLE)).isZero();
        Thread.sleep(
            Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - outageStart) / 1_000_000));
        double spooledDuringOutage = registry.counter(GatewayMetrics.SPOOLED).count();
        kafka.start();

        Eventually.await(
            WAIT, "the spool replayed", () -> gauge(registry, GatewayMetrics.SPOOL_EVENTS) == 0);
        Thread.sleep(1_000);
        Map<String, List<String>> published =
            Map.of(BERLIN, berlin.stop(), HAMBURG, hamburg.stop());
        int total = published.values().stream().mapToInt(List::size).sum();
        Eventually.await(WAIT, "every event in Kafka", () -> kafka.distinctSaleIds() == total);

        List<ConsumerRecord<String, byte[]>> records = kafka.readAll(SALES);
        int repeats = StorePublisher.assertDeliveredInOrder(records, published);
        LOG.info(
            "Kafka away for {} s: {} events published, {} spooled, {} replayed, {} repeated on Kafka",
            OUTAGE.toSeconds(),
            total,
            registry.counter(GatewayMetrics.SPOOLED).count(),
            registry.counter(GatewayMetrics.REPLAYED).count(),
            repeats);
        assertThat(spooledDuringOutage).isGreaterThan(0);
        assertThat(registry.counter(GatewayMetrics.REPLAYED).count())
            .isEqualTo(registry.counter(GatewayMetrics.SPOOLED).count());
        assertThat(gauge(registry, GatewayMetrics.KAFKA_REACHABLE)).isEqualTo(1);
      }
    }
  }

  @Test
  void stopsAcknowledgingWhenTheSpoolIsFullAndLosesNothing() throws Exception {
    // Kafka is not there at first: its port is free until the broker starts on it.
    int port = TestConfigs.freePort();
    try (KafkaBroker kafka = new KafkaBroker(dir.resolve("kafka"), port)) {
      EngineConfig config =
          config(
              kafka,
              Map.of("gateway.spool.maxBytes", "1MiB", "gateway.spool.segmentBytes", "64KiB"));
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      try (MqttBroker broker = MqttBroker.start(config, dir.resolve("mqtt"));
          EdgeGateway gateway = EdgeGateway.start(config, registry);
          StorePublisher berlin =
              new StorePublisher(broker.serverUri(), BERLIN, BERLIN_PASSWORD, 0).start();
          StorePublisher hamburg =
              new StorePublisher(broker.serverUri(), HAMBURG, HAMBURG_PASSWORD, 0).start()) {
        Eventually.await(
            WAIT, "the spool full", () -> gauge(registry, GatewayMetrics.SPOOL_WAITING) > 0);
        double spooled = registry.counter(GatewayMetrics.SPOOLED).count();
        // The stores go on publishing; the broker takes their messages, the gateway does not.
        int atFull = berlin.count() + hamburg.count();
        Eventually.await(
            WAIT, "more published", () -> berlin.count() + hamburg.count() > atFull + 300);

        // Held in the gateway: no more than the broker's window per connection (two stores, two
        // connections); the rest wait unacknowledged in the broker.
        assertThat(gauge(registry, GatewayMetrics.SPOOL_WAITING))
            .isLessThanOrEqualTo(2 * config.mqtt().inflightWindow());
        assertThat(registry.counter(GatewayMetrics.SPOOLED).count()).isEqualTo(spooled);
        assertThat(gauge(registry, GatewayMetrics.SPOOL_BYTES)).isLessThanOrEqualTo(1 << 20);

        Map<String, List<String>> published =
            Map.of(BERLIN, berlin.stop(), HAMBURG, hamburg.stop());
        int total = published.values().stream().mapToInt(List::size).sum();
        kafka.start();
        kafka.createTopics(List.of(Topics.SALES.name(), Topics.DEAD_LETTERS.name()));
        Eventually.await(WAIT, "every event in Kafka", () -> kafka.distinctSaleIds() == total);
        Eventually.await(
            WAIT, "the spool replayed", () -> gauge(registry, GatewayMetrics.SPOOL_EVENTS) == 0);

        int repeats = StorePublisher.assertDeliveredInOrder(kafka.readAll(SALES), published);
        LOG.info(
            "spool full at {} events; {} published, {} spooled in all, {} repeated on Kafka",
            (long) spooled,
            total,
            registry.counter(GatewayMetrics.SPOOLED).count(),
            repeats);
        assertThat(gauge(registry, GatewayMetrics.SPOOL_WAITING)).isZero();
      }
    }
  }

  private static EngineConfig config(KafkaBroker kafka, Map<String, String> more) throws Exception {
    Map<String, String> overrides = new java.util.HashMap<>(more);
    overrides.put("mqtt.port", Integer.toString(TestConfigs.freePort()));
    overrides.put("kafka.bootstrapServers", kafka.bootstrapServers());
    overrides.put("gateway.kafkaTimeout", "2s");
    return TestConfigs.load(overrides);
  }

  private static double forwarded(SimpleMeterRegistry registry) {
    return registry.find(GatewayMetrics.FORWARDED).counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  private static double gauge(SimpleMeterRegistry registry, String name) {
    return registry.get(name).gauge().value();
  }
}
