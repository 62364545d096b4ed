package dev.o2o.gateway.broker;

import static dev.o2o.gateway.testing.TestConfigs.BERLIN;
import static dev.o2o.gateway.testing.TestConfigs.BERLIN_PASSWORD;
import static dev.o2o.gateway.testing.TestConfigs.GATEWAY_PASSWORD;
import static dev.o2o.gateway.testing.TestConfigs.GATEWAY_USERNAME;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.MqttTopics;
import dev.o2o.contract.StoreChannel;
import dev.o2o.gateway.testing.Eventually;
import dev.o2o.gateway.testing.MqttTestClient;
import dev.o2o.gateway.testing.MqttTestClient.Received;
import dev.o2o.gateway.testing.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker keeps a persistent session's queued messages across a restart, and the messages a
 * subscriber of a persistent session had not acknowledged when its connection died. It runs in a
 * JVM of its own (the module's tests do not share forks): Moquette 0.17 can fail a session executor
 * thread when an acknowledgement meets a message restored from disk, and that thread serves every
 * broker in the JVM.
 */
class PersistentSessionTest {
  @Test
  void keepsQueuedMessagesOfAPersistentSessionAcrossARestart(@TempDir Path dataDir)
      throws Exception {
    EngineConfig config = TestConfigs.withFreeMqttPort();
    String uri = config.mqtt().serverUri();
    String topic = MqttTopics.store(BERLIN, StoreChannel.DOOR);
    try (MqttBroker first = MqttBroker.start(config, dataDir)) {
      try (MqttTestClient gateway =
          MqttTestClient.connect(uri, "gw", GATEWAY_USERNAME, GATEWAY_PASSWORD, false)) {
        gateway.subscribe(MqttTopics.ALL_STORE_TOPICS);
      }
      try (MqttTestClient store = MqttTestClient.connect(uri, "store", BERLIN, BERLIN_PASSWORD)) {
        store.publish(topic, "{\"queued\":true}");
      }
    }

    try (MqttBroker restarted = MqttBroker.start(config, dataDir);
        MqttTestClient gateway =
            MqttTestClient.connect(uri, "gw", GATEWAY_USERNAME, GATEWAY_PASSWORD, false)) {
      assertThat(gateway.next(5_000)).isEqualTo(new Received(topic, "{\"queued\":true}"));
    }
  }

  @Test
  void redeliversWhatASubscriberLeftUnacknowledgedWhenItsConnectionDied(@TempDir Path dataDir)
      throws Exception {
    EngineConfig config = TestConfigs.withFreeMqttPort();
    String uri = config.mqtt().serverUri();
    String topic = MqttTopics.store(BERLIN, StoreChannel.SALES);
    try (MqttBroker broker = MqttBroker.start(config, dataDir);
        MqttTestClient store = MqttTestClient.connect(uri, "store", BERLIN, BERLIN_PASSWORD)) {
      // The first connection sends m1..m3 as packets 1 to 3; the next one numbers from 1 again.
      Subscriber first = Subscriber.connect(uri, false);
      for (int i = 1; i <= 3; i++) {
        store.publish(topic, "m" + i);
      }
      Eventually.await(
          Duration.ofSeconds(10), "m1..m3 received", () -> first.received().size() == 3);
      // Killed before it acknowledged them: the socket closes without a DISCONNECT.
      first.client.disconnectForcibly(0, 0, false);
      first.client.close(true);
      for (int i = 4; i <= 8; i++) {
        store.publish(topic, "m" + i);
      }

      Subscriber second = Subscriber.connect(uri, true);
      List<String> all = List.of("m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8");
      try {
        // Longer than the 5 s after which the broker resends what was not acknowledged.
        Eventually.await(
            Duration.ofSeconds(10), "every message", () -> second.received().size() >= all.size());
      } catch (AssertionError timedOut) {
        // Reported below, with what did arrive.
      } finally {
        second.client.disconnect().waitForCompletion(5_000);
        second.client.close(true);
      }
      List<String> received = second.received();
      assertThat(received)
          .as("received after the reconnection, each once")
          .containsExactlyInAnyOrderElementsOf(all);
      // What was queued meanwhile may go first through the window's free slots (and m4 and on
      // may still have gone to the dying connection, unacknowledged, in its last moments).
      assertThat(received.stream().filter(m -> m.compareTo("m4") < 0))
          .as("the unacknowledged ones, in the order first sent")
          .containsExactly("m1", "m2", "m3");
    }
  }

  /** The gateway's side of a persistent session: acknowledges only if told to. */
  private record Subscriber(MqttAsyncClient client, List<String> received) {
    static Subscriber connect(String uri, boolean acknowledge) throws MqttException {
      MqttAsyncClient client = new MqttAsyncClient(uri, "gw", new MemoryPersistence());
      List<String> received = new CopyOnWriteArrayList<>();
      client.setManualAcks(true);
      client.setCallback(
          new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {}

            @Override
            public void messageArrived(String topic, MqttMessage message) throws MqttException {
              received.add(new String(message.getPayload(), StandardCharsets.UTF_8));
              if (acknowledge) {
                client.messageArrivedComplete(message.getId(), message.getQos());
              }
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {}
          });
      MqttConnectOptions options = new MqttConnectOptions();
      options.setUserName(GATEWAY_USERNAME);
      options.setPassword(GATEWAY_PASSWORD.toCharArray());
      options.setCleanSession(false);
      client.connect(options).waitForCompletion(5_000);
      client.subscribe(MqttTopics.ALL_STORE_TOPICS, 1).waitForCompletion(5_000);
      return new Subscriber(client, received);
    }
  }
}
