package dev.o2o.bench;

import dev.o2o.config.MqttSettings;
import dev.o2o.config.StoreConfig;
import dev.o2o.gateway.MqttLogin;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A store's beacon and till gateway in the bench's runs, publishing at QoS 1 with the store's
 * login: a {@link LightPublisher} over plain MQTT, an Eclipse Paho client over TLS. Either keeps at
 * most a given number of messages unacknowledged: {@link #publish} waits for a free slot.
 */
interface StorePublisher extends AutoCloseable {
  /** Publishes at QoS 1, once fewer than the publisher's window are unacknowledged. */
  void publish(String topic, byte[] payload) throws Exception;

  /**
   * Waits until the broker acknowledged everything published so far.
   *
   * @throws IllegalStateException when it has not within {@code timeout}
   */
  void awaitAcknowledged(Duration timeout) throws Exception;

  @Override
  void close() throws Exception;

  /** Connects as {@code store}, with up to {@code maxInFlight} messages unacknowledged. */
  static StorePublisher connect(
      MqttSettings mqtt, String clientId, StoreConfig store, int maxInFlight) throws Exception {
    if (!mqtt.tls().enabled()) {
      return LightPublisher.connect(mqtt, clientId, store.id(), store.mqttPassword(), maxInFlight);
    }
    return new Paho(mqtt, clientId, store, maxInFlight);
  }

  /** Throws what ended a publisher's connection or a publish, if anything did. */
  interface FailureCheck {
    void throwIfFailed() throws IOException;
  }

  /**
   * Acquires all of a window's permits within {@code timeout}, then gives them back; checks for a
   * failure every second meanwhile, since a failed publisher's window never empties.
   */
  static void awaitEmpty(
      Semaphore window, int size, Duration timeout, String clientId, FailureCheck failure)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!window.tryAcquire(size, 1, TimeUnit.SECONDS)) {
      failure.throwIfFailed();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            clientId + ": the broker did not acknowledge every publish within " + timeout);
      }
    }
    window.release(size);
    failure.throwIfFailed();
  }

  /** An Eclipse Paho client, for TLS. */
  final class Paho implements StorePublisher {
    private final MqttAsyncClient client;
    private final String clientId;
    private final int maxInFlight;
    private final Semaphore window;
    private volatile Throwable failure;

    Paho(MqttSettings mqtt, String clientId, StoreConfig store, int maxInFlight) throws Exception {
      this.clientId = clientId;
      this.maxInFlight = maxInFlight;
      this.window = new Semaphore(maxInFlight);
      this.client = new MqttAsyncClient(mqtt.serverUri(), clientId, new MemoryPersistence());
      MqttConnectOptions options = MqttLogin.options(mqtt, store.id(), store.mqttPassword());
      options.setMaxInflight(maxInFlight);
      client.connect(options).waitForCompletion(10_000);
    }

    @Override
    public void publish(String topic, byte[] payload) throws Exception {
      throwIfFailed();
      window.acquire();
      try {
        client.publish(
            topic,
            payload,
            1,
            false,
            null,
            new IMqttActionListener() {
              @Override
              public void onSuccess(IMqttToken token) {
                window.release();
              }

              @Override
              public void onFailure(IMqttToken token, Throwable error) {
                failure = error;
                window.release();
              }
            });
      } catch (Exception e) {
        window.release();
        throw e;
      }
    }

    @Override
    public void awaitAcknowledged(Duration timeout) throws IOException, InterruptedException {
      awaitEmpty(window, maxInFlight, timeout, clientId, this::throwIfFailed);
    }

    private void throwIfFailed() throws IOException {
      if (failure != null) {
        throw new IOException(clientId + ": a publish failed", failure);
      }
    }

    @Override
    public void close() throws Exception {
      Bench.disconnectQuietly(client);
      client.close();
    }
  }
}
