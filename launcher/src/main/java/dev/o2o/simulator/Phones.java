package dev.o2o.simulator;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.AppTokens;
import dev.o2o.contract.Json;
import dev.o2o.contract.MqttTopics;
import dev.o2o.contract.Offer;
import dev.o2o.gateway.MqttLogin;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Plays customers' phone apps: each logs in to MQTT as its customer with the app token the online
 * shop issued, and listens on its own offer topic. Phones connect when their customer heads to a
 * store; the oldest are disconnected beyond a limit.
 */
final class Phones implements AutoCloseable {
  private final EngineConfig config;
  private final int maxConnected;
  private final Map<String, MqttAsyncClient> connected = new LinkedHashMap<>();
  private final AtomicLong received = new AtomicLong();
  private final Consumer<Offer> listener;

  Phones(EngineConfig config, int maxConnected, Consumer<Offer> listener) {
    this.config = config;
    this.maxConnected = maxConnected;
    this.listener = listener;
  }

  synchronized void ensureConnected(String customerId) throws MqttException {
    if (connected.containsKey(customerId)) {
      return;
    }
    if (connected.size() >= maxConnected) {
      String oldest = connected.keySet().iterator().next();
      disconnect(connected.remove(oldest));
    }
    MqttAsyncClient client =
        new MqttAsyncClient(
            config.mqtt().serverUri(), "phone-" + customerId, new MemoryPersistence());
    MqttConnectOptions options =
        MqttLogin.options(
            config.mqtt(),
            customerId,
            AppTokens.issue(config.mqtt().customerTokenSecret(), customerId));
    options.setCleanSession(false);
    client.connect(options).waitForCompletion(10_000);
    client
        .subscribe(
            MqttTopics.offers(customerId),
            1,
            (topic, message) -> onOffer(Json.decode(message.getPayload(), Offer.class)))
        .waitForCompletion(10_000);
    connected.put(customerId, client);
  }

  private void onOffer(Offer offer) {
    received.incrementAndGet();
    listener.accept(offer);
  }

  long received() {
    return received.get();
  }

  private static void disconnect(MqttAsyncClient client) {
    try {
      client.disconnect().waitForCompletion(2_000);
      client.close();
    } catch (MqttException e) {
      // already gone
    }
  }

  @Override
  public synchronized void close() {
    connected.values().forEach(Phones::disconnect);
    connected.clear();
  }
}
