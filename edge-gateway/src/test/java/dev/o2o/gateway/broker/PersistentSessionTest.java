package dev.o2o.gateway.broker;

import static dev.o2o.gateway.testing.TestConfigs.BERLIN;
import static dev.o2o.gateway.testing.TestConfigs.BERLIN_PASSWORD;
import static dev.o2o.gateway.testing.TestConfigs.GATEWAY_PASSWORD;
import static dev.o2o.gateway.testing.TestConfigs.GATEWAY_USERNAME;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.MqttTopics;
import dev.o2o.contract.StoreChannel;
import dev.o2o.gateway.testing.MqttTestClient;
import dev.o2o.gateway.testing.MqttTestClient.Received;
import dev.o2o.gateway.testing.TestConfigs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker keeps a persistent session's queued messages across a restart. It runs in a JVM of its
 * own (the module's tests do not share forks): Moquette 0.17 can fail a session executor thread
 * when an acknowledgement meets a message restored from disk, and that thread serves every broker
 * in the JVM.
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
}
