package dev.o2o.gateway;

import static dev.o2o.gateway.testing.TestConfigs.BERLIN;
import static dev.o2o.gateway.testing.TestConfigs.BERLIN_PASSWORD;
import static dev.o2o.gateway.testing.TestConfigs.HAMBURG;
import static dev.o2o.gateway.testing.TestConfigs.HAMBURG_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.BeaconSighting;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway reads the stores through several broker connections, each store through one, and
 * holds only what the broker lets each connection have unacknowledged while Kafka is slow.
 */
class StoreConnectionsTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void dealsEachStoreToExactlyOneConnection() {
    List<String> stores = List.of("s1", "s2", "s3", "s4", "s5");

    List<List<String>> shares = EdgeGateway.storeFilters(stores, 2);

    assertThat(shares)
        .containsExactly(
            List.of("stores/s1/+", "stores/s3/+", "stores/s5/+"),
            List.of("stores/s2/+", "stores/s4/+"));
  }

  @Test
  void givesEachStoreAConnectionOfItsOwnUpToTheLimit() {
    assertThat(EdgeGateway.storeFilters(List.of("s1", "s2", "s3"), 8))
        .containsExactly(List.of("stores/s1/+"), List.of("stores/s2/+"), List.of("stores/s3/+"));
  }

  @Test
  void readsEveryStoreTopicThroughOneConnectionForASingleStore() {
    assertThat(EdgeGateway.storeFilters(List.of("s1"), 8))
        .containsExactly(List.of(MqttTopics.ALL_STORE_TOPICS));
  }

  @Test
  void forwardsEachStoresEventsInTheOrderTheStoreSentThem(@TempDir Path brokerDir)
      throws Exception {
    EngineConfig config = TestConfigs.withFreeMqttPort();
    MockProducer<String, byte[]> producer =
        new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    int perStore = 100;
    try (MqttBroker broker = MqttBroker.start(config, brokerDir);
        EdgeGateway gateway = gateway(config, producer);
        MqttTestClient berlin =
            MqttTestClient.connect(broker.serverUri(), "store-berlin", BERLIN, BERLIN_PASSWORD);
        MqttTestClient hamburg =
            MqttTestClient.connect(
                broker.serverUri(), "store-hamburg", HAMBURG, HAMBURG_PASSWORD)) {
      gateway.connect();
      for (int i = 0; i < perStore; i++) {
        publishSighting(berlin, BERLIN, "bm-entrance", "b-" + i);
        publishSighting(hamburg, HAMBURG, "hh-entrance", "h-" + i);
      }

      Eventually.await(WAIT, "every event sent", () -> producer.history().size() == 2 * perStore);
      List<String> ids = sentIds(producer);
      assertThat(ids.stream().filter(id -> id.startsWith("b-")))
          .containsExactlyElementsOf(ids("b-", perStore));
      assertThat(ids.stream().filter(id -> id.startsWith("h-")))
          .containsExactlyElementsOf(ids("h-", perStore));
    }
  }

  @Test
  void holdsNoMoreThanTheBrokersWindowWhileKafkaIsSlowAndLosesNothing(@TempDir Path brokerDir)
      throws Exception {
    // Kafka is slow here, not away: the gateway waits for it rather than spooling.
    EngineConfig config =
        TestConfigs.load(
            Map.of(
                "mqtt.port",
                Integer.toString(TestConfigs.freePort()),
                "gateway.kafkaTimeout",
                "10m",
                "mqtt.inflightWindow",
                "20"));
    int window = config.mqtt().inflightWindow();
    MockProducer<String, byte[]> producer =
        new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    int published = 50;
    try (MqttBroker broker = MqttBroker.start(config, brokerDir);
        EdgeGateway gateway = gateway(config, producer);
        MqttTestClient berlin =
            MqttTestClient.connect(broker.serverUri(), "store-berlin", BERLIN, BERLIN_PASSWORD)) {
      gateway.connect();
      for (int i = 0; i < published; i++) {
        publishSighting(berlin, BERLIN, "bm-entrance", "b-" + i);
      }

      Eventually.await(
          WAIT, "the broker's window of sends", () -> producer.history().size() == window);
      Thread.sleep(500);
      assertThat(producer.history()).hasSize(window);

      int completed = 0;
      while (completed < published) {
        if (producer.completeNext()) {
          completed++;
        } else {
          Thread.sleep(5);
        }
      }
      assertThat(sentIds(producer)).containsExactlyElementsOf(ids("b-", published));
    }
  }

  private static EdgeGateway gateway(EngineConfig config, MockProducer<String, byte[]> producer) {
    return new EdgeGateway(
        config,
        new SimpleMeterRegistry(),
        () -> producer,
        new PacedMockConsumer<>(),
        Clock.systemUTC());
  }

  private static void publishSighting(
      MqttTestClient store, String storeId, String beaconId, String eventId) throws Exception {
    BeaconSighting sighting = TestEvents.sighting(eventId, storeId, beaconId, Instant.now());
    store.publish(MqttTopics.store(storeId, StoreChannel.BEACONS), TestEvents.json(sighting));
  }

  private static List<String> sentIds(MockProducer<String, byte[]> producer) {
    return producer.history().stream()
        .map(r -> Topics.BEACONS.decode(r.value()).eventId())
        .toList();
  }

  private static List<String> ids(String prefix, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(prefix + i);
    }
    return ids;
  }
}
