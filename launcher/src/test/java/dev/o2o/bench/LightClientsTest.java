package dev.o2o.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o2o.config.ConfigLoader;
import dev.o2o.config.EngineConfig;
import dev.o2o.config.MqttSettings;
import dev.o2o.config.StoreConfig;
import dev.o2o.contract.MqttTopics;
import dev.o2o.contract.StoreChannel;
import dev.o2o.gateway.MqttLogin;
import dev.o2o.gateway.broker.MqttBroker;
import dev.o2o.launcher.EmbeddedEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The latency run's phones and store publishers against the engine's real MQTT broker. */
class LightClientsTest {
  private static final Duration SUBSCRIBED_WITHIN = Duration.ofSeconds(30);

  @TempDir static Path dataDir;
  private static EngineConfig config;
  private static MqttBroker broker;

  @BeforeAll
  static void startBroker() throws Exception {
    config =
        ConfigLoader.load(
            Path.of("../config/o2o.yaml"),
            ConfigLoader.DEFAULT_PROFILE,
            EmbeddedEngine.isolatedOverrides(dataDir));
    broker = MqttBroker.start(config, dataDir.resolve("mqtt"));
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void eachPhoneReceivesItsOwnCustomersOffersAtQos1() throws Exception {
    List<String> customers = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      customers.add(String.format("light-c-%03d", i));
    }
    Map<String, List<String>> received = new ConcurrentHashMap<>();
    try (LightPhones phones =
            LightPhones.subscribe(
                config.mqtt(),
                customers,
                (customer, payload, nanos) ->
                    received
                        .computeIfAbsent(customer, c -> new CopyOnWriteArrayList<>())
                        .add(new String(payload, StandardCharsets.UTF_8)),
                SUBSCRIBED_WITHIN);
        Gateway gateway = new Gateway(config.mqtt())) {
      // Offers larger than a phone's first read buffer arrive whole too.
      String large = "{\"offer\":\"" + "x".repeat(10_000) + "\"}";
      gateway.publish(MqttTopics.offers("light-c-007"), "{\"offer\":1}");
      gateway.publish(MqttTopics.offers("light-c-007"), "{\"offer\":2}");
      gateway.publish(MqttTopics.offers("light-c-042"), large);

      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (offers(received) < 3 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(received)
          .containsOnlyKeys("light-c-007", "light-c-042")
          .containsEntry("light-c-007", List.of("{\"offer\":1}", "{\"offer\":2}"))
          .containsEntry("light-c-042", List.of(large));
      assertThat(phones.lost()).isZero();
    }
  }

  @Test
  void aPhoneWithAWrongAppTokenIsRefusedWithTheBrokersAnswer() {
    MqttSettings mqtt = config.mqtt();
    MqttSettings otherSecret =
        new MqttSettings(
            mqtt.host(),
            mqtt.port(),
            mqtt.gatewayUsername(),
            mqtt.gatewayPassword(),
            "not-the-brands-secret",
            mqtt.gatewayClientId(),
            mqtt.tls(),
            mqtt.inflightWindow());

    assertThatThrownBy(
            () ->
                LightPhones.subscribe(
                    otherSecret, List.of("light-impostor"), (c, p, n) -> {}, SUBSCRIBED_WITHIN))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("light-impostor")
        .hasMessageContaining("refused the phone's login (CONNACK return code");
  }

  @Test
  void aStorePublisherDeliversEveryMessageInOrderThroughItsWindowAndCountsTheAcknowledgements()
      throws Exception {
    StoreConfig store = config.stores().get(0);
    String topic = MqttTopics.store(store.id(), StoreChannel.BEACONS);
    List<String> received = new CopyOnWriteArrayList<>();
    try (Gateway gateway = new Gateway(config.mqtt())) {
      gateway.subscribe(MqttTopics.store(store.id(), StoreChannel.BEACONS), received);
      try (LightPublisher publisher =
          LightPublisher.connect(
              config.mqtt(), "light-test-store", store.id(), store.mqttPassword(), 50)) {
        for (int i = 0; i < 2_000; i++) {
          publisher.publish(topic, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
        }
        publisher.awaitAcknowledged(Duration.ofSeconds(20));
        assertThat(publisher.acknowledged()).isEqualTo(2_000);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (received.size() < 2_000 && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
      }
    }
    assertThat(received).hasSize(2_000);
    for (int i = 0; i < 2_000; i++) {
      assertThat(received.get(i)).isEqualTo("{\"n\":" + i + "}");
    }
  }

  @Test
  void aStorePublisherWhoseConnectionEndsSaysSoInsteadOfWaitingForAcknowledgements()
      throws Exception {
    StoreConfig store = config.stores().get(0);
    String topic = MqttTopics.store(store.id(), StoreChannel.BEACONS);
    try (LightPublisher publisher =
        LightPublisher.connect(
            config.mqtt(), "light-test-taken-over", store.id(), store.mqttPassword(), 5)) {
      // The same client id logging in again makes the broker close the first connection.
      try (LightPublisher takeover =
          LightPublisher.connect(
              config.mqtt(), "light-test-taken-over", store.id(), store.mqttPassword(), 5)) {
        assertThatThrownBy(
                () -> {
                  for (int i = 0; i < 3; i++) {
                    publisher.publish(topic, "{}".getBytes(StandardCharsets.UTF_8));
                  }
                  publisher.awaitAcknowledged(Duration.ofMinutes(2));
                })
            .isInstanceOf(IOException.class);
      }
    }
  }

  @Test
  void aStorePublisherWithAWrongPasswordIsRefusedWithTheBrokersAnswer() {
    StoreConfig store = config.stores().get(0);

    assertThatThrownBy(
            () -> LightPublisher.connect(config.mqtt(), "light-test-bad", store.id(), "wrong", 1))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("light-test-bad: the broker refused the login (CONNACK return code");
  }

  @Test
  void encodesTheRemainingLengthAsMqttsVariableLengthInteger() {
    assertThat(MqttPackets.packet(0x30, new byte[0])).containsExactly(0x30, 0);
    assertThat(MqttPackets.packet(0x30, new byte[127])).startsWith(0x30, 0x7F);
    assertThat(MqttPackets.packet(0x30, new byte[128])).startsWith(0x30, 0x80, 0x01);
    assertThat(MqttPackets.packet(0x30, new byte[16_384])).startsWith(0x30, 0x80, 0x80, 0x01);
  }

  private static int offers(Map<String, List<String>> received) {
    return received.values().stream().mapToInt(List::size).sum();
  }

  /** The edge gateway's login, the one client allowed to publish to customers' offer topics. */
  static final class Gateway implements AutoCloseable {
    private final MqttAsyncClient client;

    Gateway(MqttSettings mqtt) throws Exception {
      client = new MqttAsyncClient(mqtt.serverUri(), "light-test-gw", new MemoryPersistence());
      client
          .connect(MqttLogin.options(mqtt, mqtt.gatewayUsername(), mqtt.gatewayPassword()))
          .waitForCompletion(10_000);
    }

    void subscribe(String topic, List<String> received) throws Exception {
      client
          .subscribe(
              topic,
              1,
              (t, message) ->
                  received.add(new String(message.getPayload(), StandardCharsets.UTF_8)))
          .waitForCompletion(10_000);
    }

    void publish(String topic, String payload) throws Exception {
      MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
      message.setQos(1);
      client.publish(topic, message).waitForCompletion(10_000);
    }

    @Override
    public void close() throws Exception {
      client.disconnect().waitForCompletion(10_000);
      client.close();
    }
  }
}
