package dev.o2o.gateway;

import dev.o2o.config.EngineConfig;
import dev.o2o.config.MqttSettings;
import dev.o2o.contract.MqttTopics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
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
 * The bridge between the MQTT broker and Kafka. Store gateways' events are read from the broker in
 * a persistent session and forwarded to their Kafka topics ({@link StoreIngest}); offers are read
 * from Kafka and published to each customer's topic ({@link OfferDelivery}). Both directions
 * acknowledge their input only after the output was acknowledged, so a crash loses nothing and at
 * worst repeats what the receiving side then drops by id.
 */
public final class EdgeGateway implements AutoCloseable {
  /** The Kafka consumer group that delivers offers. */
  public static final String OFFER_CONSUMER_GROUP = "o2o-offer-delivery";

  /** Event ids remembered for dropping duplicates (about 120 MB at most). */
  static final int RECENT_EVENT_IDS = 1_000_000;

  static final int RECENT_OFFER_IDS = 100_000;

  /** Unacknowledged QoS 1 publishes allowed at once; Paho's default of 10 throttles offers. */
  static final int MAX_INFLIGHT = 1_000;

  private static final Logger LOG = LoggerFactory.getLogger(EdgeGateway.class);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration CONNECT_RETRY = Duration.ofSeconds(1);
  private static final Duration DISCONNECT_QUIESCE = Duration.ofSeconds(2);
  private static final int QOS_AT_LEAST_ONCE = 1;

  /** The granted QoS a SUBACK carries when the broker refuses a subscription. */
  private static final int SUBSCRIPTION_REFUSED = 0x80;

  private final MqttSettings mqtt;
  private final MqttAsyncClient client;
  private final KafkaForwarder forwarder;
  private final StoreIngest ingest;
  private final OfferDelivery offers;
  private final CountDownLatch subscribed = new CountDownLatch(1);

  /**
   * A gateway that is not yet connected; call {@link #connect()}. The producer writes store events
   * and dead letters; the consumer reads offers and is used by the gateway's own thread only. Both
   * are closed with the gateway.
   */
  public EdgeGateway(
      EngineConfig config,
      MeterRegistry registry,
      Producer<String, byte[]> producer,
      Consumer<String, byte[]> offerConsumer,
      Clock clock) {
    this.mqtt = config.mqtt();
    try {
      this.client =
          new MqttAsyncClient(mqtt.serverUri(), mqtt.gatewayClientId(), new MemoryPersistence());
    } catch (MqttException e) {
      throw new IllegalArgumentException("cannot create an MQTT client for " + mqtt.serverUri(), e);
    }
    GatewayMetrics metrics = new GatewayMetrics(registry);
    this.forwarder = new KafkaForwarder(producer);
    this.ingest =
        new StoreIngest(
            new EventValidator(config, clock),
            new RecentIds(RECENT_EVENT_IDS),
            forwarder,
            metrics,
            clock);
    this.offers =
        new OfferDelivery(
            offerConsumer,
            this::publish,
            forwarder,
            new RecentIds(RECENT_OFFER_IDS),
            metrics,
            clock);
  }

  /** Starts a gateway with Kafka clients for {@code kafka.bootstrapServers} and connects it. */
  public static EdgeGateway start(EngineConfig config, MeterRegistry registry) {
    EdgeGateway gateway =
        new EdgeGateway(
            config,
            registry,
            KafkaClients.producer(config.kafka()),
            KafkaClients.offerConsumer(config.kafka()),
            Clock.systemUTC());
    try {
      gateway.connect();
    } catch (RuntimeException e) {
      gateway.close();
      throw e;
    }
    return gateway;
  }

  /**
   * Connects to the broker (retrying for a while if it is not up yet), subscribes to every store
   * topic and starts delivering offers. Returns once the subscription is in place.
   */
  public void connect() {
    client.setManualAcks(true);
    client.setCallback(new Callback());
    connectWithRetry();
    // The subscription is made on every completed connection, so a connection the broker drops
    // right after accepting it is subscribed again when automatic reconnect restores it.
    try {
      if (!subscribed.await(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(
            "cannot subscribe to " + MqttTopics.ALL_STORE_TOPICS + " at " + mqtt.serverUri());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while subscribing", e);
    }
    offers.start();
    LOG.info("edge gateway connected to {} as {}", mqtt.serverUri(), mqtt.gatewayClientId());
  }

  private void subscribe() {
    try {
      client.subscribe(
          MqttTopics.ALL_STORE_TOPICS,
          QOS_AT_LEAST_ONCE,
          null,
          new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              int[] granted = token.getGrantedQos();
              if (granted != null && granted.length > 0 && granted[0] == SUBSCRIPTION_REFUSED) {
                LOG.error("the broker refused the subscription to {}", MqttTopics.ALL_STORE_TOPICS);
              } else {
                subscribed.countDown();
              }
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
              LOG.warn(
                  "subscribing to {} failed ({}); retrying on the next connection",
                  MqttTopics.ALL_STORE_TOPICS,
                  e.toString());
            }
          });
    } catch (MqttException e) {
      LOG.warn("cannot subscribe to {}: {}", MqttTopics.ALL_STORE_TOPICS, e.toString());
    }
  }

  public boolean isConnected() {
    return client.isConnected();
  }

  /** Connected to the broker and delivering offers: what {@code /health} reports. */
  public boolean isHealthy() {
    return client.isConnected() && offers.isAlive();
  }

  private void connectWithRetry() {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setUserName(mqtt.gatewayUsername());
    options.setPassword(mqtt.gatewayPassword().toCharArray());
    options.setCleanSession(false);
    options.setAutomaticReconnect(true);
    options.setMaxReconnectDelay(5_000);
    options.setMaxInflight(MAX_INFLIGHT);
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

  private CompletableFuture<Void> publish(String topic, byte[] payload) {
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

  private void acknowledge(int messageId, int qos) {
    try {
      client.messageArrivedComplete(messageId, qos);
    } catch (MqttException e) {
      LOG.debug("cannot acknowledge message {}; the broker will redeliver it", messageId, e);
    }
  }

  /**
   * Stops delivering offers, waits for Kafka to acknowledge what was forwarded so that those
   * messages are acknowledged to the broker, then disconnects and closes the Kafka clients.
   */
  @Override
  public void close() {
    offers.close();
    forwarder.flush();
    try {
      if (client.isConnected()) {
        client.disconnect(DISCONNECT_QUIESCE.toMillis()).waitForCompletion();
      }
    } catch (MqttException e) {
      LOG.warn("cannot disconnect cleanly from the MQTT broker", e);
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      LOG.warn("cannot close the MQTT client", e);
    }
    forwarder.close();
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
        LOG.info("reconnected to {}", serverUri);
      }
      subscribe();
    }

    @Override
    public void connectionLost(Throwable cause) {
      LOG.warn("lost the connection to {}; reconnecting", mqtt.serverUri(), cause);
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
