package dev.o2o.gateway.testing;

import dev.o2o.config.MqttSettings;
import dev.o2o.gateway.MqttLogin;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A real Paho client for tests, playing a store gateway, a phone or the edge gateway: it connects
 * with given credentials and collects what it receives.
 */
public final class MqttTestClient implements AutoCloseable {
  /** A message as received: its topic and payload. */
  public record Received(String topic, String payload) {}

  private static final long TIMEOUT_MS = 5_000;

  private final MqttAsyncClient client;
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

  private MqttTestClient(MqttAsyncClient client) {
    this.client = client;
  }

  public static MqttTestClient connect(
      String serverUri, String clientId, String username, String password) throws MqttException {
    return connect(serverUri, clientId, username, password, true);
  }

  public static MqttTestClient connect(
      String serverUri, String clientId, String username, String password, boolean cleanSession)
      throws MqttException {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setUserName(username);
    options.setPassword(password.toCharArray());
    options.setCleanSession(cleanSession);
    return connect(serverUri, clientId, options);
  }

  /** Connects as the engine's own clients do, over TLS when the settings ask for it. */
  public static MqttTestClient connect(
      MqttSettings mqtt, String clientId, String username, String password) throws MqttException {
    return connect(mqtt.serverUri(), clientId, MqttLogin.options(mqtt, username, password));
  }

  public static MqttTestClient connect(
      String serverUri, String clientId, MqttConnectOptions options) throws MqttException {
    MqttAsyncClient client = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
    MqttTestClient testClient = new MqttTestClient(client);
    options.setConnectionTimeout(5);
    // Paho may count a publish in flight for a moment after its acknowledgement completed the
    // token, so a tight loop of publishes can trip its default limit of 10.
    options.setMaxInflight(100);
    client.setCallback(
        new MqttCallback() {
          @Override
          public void connectionLost(Throwable cause) {}

          @Override
          public void messageArrived(String topic, MqttMessage message) {
            testClient.received.add(
                new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8)));
          }

          @Override
          public void deliveryComplete(IMqttDeliveryToken token) {}
        });
    try {
      client.connect(options).waitForCompletion(TIMEOUT_MS);
    } catch (MqttException e) {
      client.close(true);
      throw e;
    }
    return testClient;
  }

  /** Subscribes at QoS 1 and returns the QoS the broker granted (128 means refused). */
  public int subscribe(String filter) throws MqttException {
    IMqttToken token = client.subscribe(filter, 1);
    token.waitForCompletion(TIMEOUT_MS);
    return token.getGrantedQos()[0];
  }

  /** Publishes at QoS 1 and waits for the broker's acknowledgement. */
  public void publish(String topic, String payload) throws MqttException {
    publish(topic, payload, TIMEOUT_MS);
  }

  /** Publishes at QoS 1; throws a timeout if the broker does not acknowledge within timeoutMs. */
  public void publish(String topic, String payload, long timeoutMs) throws MqttException {
    client
        .publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false)
        .waitForCompletion(timeoutMs);
  }

  public Received next(long timeoutMs) throws InterruptedException {
    return received.poll(timeoutMs, TimeUnit.MILLISECONDS);
  }

  public boolean isConnected() {
    return client.isConnected();
  }

  @Override
  public void close() throws MqttException {
    try {
      if (client.isConnected()) {
        client.disconnect(0).waitForCompletion(TIMEOUT_MS);
      }
    } finally {
      client.close(true);
    }
  }
}
