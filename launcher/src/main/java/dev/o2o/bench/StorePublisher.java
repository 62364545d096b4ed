package dev.o2o.bench;

import dev.o2o.config.MqttSettings;
import dev.o2o.config.StoreConfig;
import dev.o2o.gateway.MqttLogin;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A store's beacon and till gateway in the latency run, publishing at QoS 1 with the store's login:
 * a {@link LightPublisher} over plain MQTT, an Eclipse Paho client over TLS.
 */
interface StorePublisher extends AutoCloseable {
  void publish(String topic, byte[] payload) throws Exception;

  @Override
  void close() throws Exception;

  static StorePublisher connect(MqttSettings mqtt, StoreConfig store) throws Exception {
    String clientId = "bench-gw-" + store.id();
    if (!mqtt.tls().enabled()) {
      return LightPublisher.connect(mqtt, clientId, store.id(), store.mqttPassword());
    }
    MqttAsyncClient paho = new MqttAsyncClient(mqtt.serverUri(), clientId, new MemoryPersistence());
    MqttConnectOptions options = MqttLogin.options(mqtt, store.id(), store.mqttPassword());
    options.setMaxInflight(LightPublisher.MAX_IN_FLIGHT);
    paho.connect(options).waitForCompletion(10_000);
    return new StorePublisher() {
      @Override
      public void publish(String topic, byte[] payload) throws Exception {
        paho.publish(topic, payload, 1, false);
      }

      @Override
      public void close() {
        Bench.disconnectQuietly(paho);
      }
    };
  }
}
