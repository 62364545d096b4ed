package dev.o2o.gateway;

import dev.o2o.config.MqttSettings;
import dev.o2o.contract.MqttTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of the gateway's connections to the MQTT broker: a persistent session that reads the topics
 * of a share of the stores at QoS 1 and hands each message to {@link StoreIngest}, acknowledging it
 * to the broker only when ingest says so. It can also publish (the gateway's first connection
 * delivers the offers).
 *
 * <p>The broker lets a subscriber have only a few unacknowledged messages at once, and a message
 * waits for Kafka's acknowledgement, so one connection carries at most that many messages per Kafka
 * round trip. The gateway therefore reads through several connections. Each store's topics belong
 * to exactly one of them, so a store's events still reach Kafka in the order the store sent them.
 */
final class BrokerConnection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerConnection.class);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration CONNECT_RETRY = Duration.ofSeconds(1);
  private static final Duration DISCONNECT_QUIESCE = Duration.ofSeconds(2);
  private static final int QOS_AT_LEAST_ONCE = 1;

  /** The granted QoS a SUBACK carries when the broker refuses a subscription. */
  private static final int SUBSCRIPTION_REFUSED = 0x80;

  private final MqttSettings mqtt;
  private final String clientId;
  private final List<String> filters;
  private final StoreIngest ingest;
  private final MqttAsyncClient client;
  private final CountDownLatch subscribed = new CountDownLatch(1);

  /**
   * @param filters the store topic filters this connection reads; {@link
   *     MqttTopics#ALL_STORE_TOPICS} alone when it reads every store
   */
  BrokerConnection(MqttSettings mqtt, String clientId, List<String> filters, StoreIngest ingest) {
    this.mqtt = mqtt;
    this.clientId = clientId;
    this.filters = List.copyOf(filters);
    this.ingest = ingest;
    try {
      this.client = new MqttAsyncClient(mqtt.serverUri(), clientId, new MemoryPersistence());
    } catch (MqttException e) {
      throw new IllegalArgumentException("cannot create an MQTT client for " + mqtt.serverUri(), e);
    }
  }

  /**
   * Connects (retrying for a while if the broker is not up yet) and returns once the subscription
   * is in place. The subscription is made again on every completed connection, so a connection the
   * broker drops right after accepting it is subscribed again when automatic reconnect restores it.
   */
  void connect(int maxInflight) {
    client.setManualAcks(true);
    client.setCallback(new Callback());
    connectWithRetry(maxInflight);
    try {
      if (!subscribed.await(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(
            "cannot subscribe to " + filters + " at " + mqtt.serverUri() + " as " + clientId);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while subscribing", e);
    }
  }

  List<String> filters() {
    return filters;
  }

  boolean isConnected() {
    return client.isConnected();
  }

  /** Publishes at QoS 1; the future completes when the broker acknowledged the message. */
  CompletableFuture<Void> publish(String topic, byte[] payload) {
    CompletableFuture<Void> acknowledged = new CompletableFuture<>();
    try {
      client.publish(
          topic,
          payload,
          QOS_AT_LEAST_ONCE,
          false,
          null,
          new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              acknowledged.complete(null);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable error) {
              acknowledged.completeExceptionally(error);
            }
          });
    } catch (MqttException e) {
      acknowledged.completeExceptionally(e);
    }
    return acknowledged;
  }

  /**
   * Stops reading a filter this session may hold from an earlier run, such as every store's topics
   * before the stores were shared out among connections. Call it only once the filters that replace
   * it are in place, so that no message meets a moment with no session reading it.
   */
  void dropFilter(String filter) {
    try {
      client.unsubscribe(filter).waitForCompletion(CONNECT_TIMEOUT.toMillis());
    } catch (MqttException e) {
      LOG.warn("cannot drop the filter {} of {}: {}", filter, clientId, e.toString());
    }
  }

  private void subscribe() {
    int[] qos = new int[filters.size()];
    Arrays.fill(qos, QOS_AT_LEAST_ONCE);
    try {
      client.subscribe(
          filters.toArray(String[]::new),
          qos,
          null,
          new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              int[] granted = token.getGrantedQos();
              if (granted != null
                  && Arrays.stream(granted).anyMatch(q -> q == SUBSCRIPTION_REFUSED)) {
                LOG.error("the broker refused the subscription to {} for {}", filters, clientId);
              } else {
                subscribed.countDown();
              }
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
              LOG.warn(
                  "subscribing to {} failed ({}); retrying on the next connection",
                  filters,
                  e.toString());
            }
          });
    } catch (MqttException e) {
      LOG.warn("cannot subscribe to {}: {}", filters, e.toString());
    }
  }

  private void connectWithRetry(int maxInflight) {
    MqttConnectOptions options =
        MqttLogin.options(mqtt, mqtt.gatewayUsername(), mqtt.gatewayPassword());
    options.setCleanSession(false);
    options.setAutomaticReconnect(true);
    options.setMaxReconnectDelay(5_000);
    options.setMaxInflight(maxInflight);
    options.setKeepAliveInterval(30);
    Instant deadline = Instant.now().plus(CONNECT_TIMEOUT);
    while (true) {
      try {
        client.connect(options).waitForCompletion();
        return;
      } catch (MqttSecurityException e) {
        throw new IllegalStateException(
            "the MQTT broker at " + mqtt.serverUri() + " refused the gateway's credentials", e);
      } catch (MqttException e) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException(
              "cannot connect to the MQTT broker at " + mqtt.serverUri(), e);
        }
        LOG.info("MQTT broker at {} not reachable yet: {}", mqtt.serverUri(), e.getMessage());
        sleep(CONNECT_RETRY);
      }
    }
  }

  private void acknowledge(int messageId, int qos) {
    try {
      client.messageArrivedComplete(messageId, qos);
    } catch (MqttException e) {
      LOG.debug("cannot acknowledge message {}; the broker will redeliver it", messageId, e);
    }
  }

  /** Disconnects, giving the broker a moment to take what is still being acknowledged. */
  @Override
  public void close() {
    try {
      if (client.isConnected()) {
        client.disconnect(DISCONNECT_QUIESCE.toMillis()).waitForCompletion();
      }
    } catch (MqttException e) {
      LOG.warn("cannot disconnect {} cleanly from the MQTT broker", clientId, e);
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      LOG.warn("cannot close the MQTT client {}", clientId, e);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while connecting to the MQTT broker", e);
    }
  }

  private final class Callback implements MqttCallbackExtended {
    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
      if (reconnect) {
        LOG.info("{} reconnected to {}", clientId, serverUri);
      }
      subscribe();
    }

    @Override
    public void connectionLost(Throwable cause) {
      LOG.warn("{} lost the connection to {}; reconnecting", clientId, mqtt.serverUri(), cause);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      int id = message.getId();
      int qos = message.getQos();
      ingest.accept(topic, message.getPayload(), () -> acknowledge(id, qos));
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {}
  }
}
