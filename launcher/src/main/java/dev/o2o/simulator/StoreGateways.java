package dev.o2o.simulator;

import dev.o2o.config.EngineConfig;
import dev.o2o.config.StoreConfig;
import dev.o2o.contract.Event;
import dev.o2o.contract.Json;
import dev.o2o.contract.MqttTopics;
import dev.o2o.contract.StoreChannel;
import dev.o2o.gateway.MqttLogin;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Plays each store's beacon and sensor gateway: one MQTT connection per store, logged in with that
 * store's own credentials, publishing to that store's topics at QoS 1.
 */
final class StoreGateways implements AutoCloseable {
  private final Map<String, MqttAsyncClient> clients = new LinkedHashMap<>();

  StoreGateways(EngineConfig config) throws MqttException {
    for (StoreConfig store : config.stores()) {
      MqttAsyncClient client =
          new MqttAsyncClient(
              config.mqtt().serverUri(), "sim-gateway-" + store.id(), new MemoryPersistence());
      MqttConnectOptions options =
          MqttLogin.options(config.mqtt(), store.id(), store.mqttPassword());
      options.setCleanSession(true);
      options.setAutomaticReconnect(true);
      options.setMaxInflight(1000);
      client.connect(options).waitForCompletion(10_000);
      clients.put(store.id(), client);
    }
  }

  void publish(String storeId, StoreChannel channel, Event event) {
    MqttAsyncClient client = clients.get(storeId);
    try {
      client.publish(MqttTopics.store(storeId, channel), Json.encodeEvent(event), 1, false);
    } catch (MqttException e) {
      throw new IllegalStateException(
          "store " + storeId + " could not publish: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    for (MqttAsyncClient client : clients.values()) {
      try {
        client.disconnect().waitForCompletion(2_000);
        client.close();
      } catch (MqttException e) {
        // already gone
      }
    }
  }
}
