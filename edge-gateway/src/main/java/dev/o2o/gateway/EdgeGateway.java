package dev.o2o.gateway;

import dev.o2o.config.EngineConfig;
import dev.o2o.config.GatewaySettings;
import dev.o2o.config.MqttSettings;
import dev.o2o.config.StoreConfig;
import dev.o2o.contract.MqttTopics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge between the MQTT broker and Kafka. Store gateways' events are read from the broker in
 * persistent sessions and forwarded to their Kafka topics ({@link StoreIngest}); offers are read
 * from Kafka and published to each customer's topic ({@link OfferDelivery}). Both directions
 * acknowledge their input only after the output was acknowledged, so a crash loses nothing and at
 * worst repeats what the receiving side then drops by id.
 *
 * <p>The stores are shared out among up to {@link #MAX_STORE_CONNECTIONS} broker connections (see
 * {@link BrokerConnection}), each store to one, so that more events can wait for Kafka at once
 * while each store's events keep their order. The messages waiting are bounded by what the broker
 * lets each connection have unacknowledged; the rest wait in the broker's sessions on disk. The
 * first connection keeps the configured client id and also publishes the offers; the others add
 * {@code -2}, {@code -3} ... to it. A change in the number of stores may move a store to another
 * connection: for a while both read it, and the copies are dropped here by event id.
 */
public final class EdgeGateway implements AutoCloseable {
  /** The spool's directory under {@code engine.dataDir}. */
  public static final String SPOOL_SUBDIRECTORY = "gateway-spool";

  /** The Kafka consumer group that delivers offers. */
  public static final String OFFER_CONSUMER_GROUP = "o2o-offer-delivery";

  /** Event ids remembered for dropping duplicates (about 120 MB at most). */
  static final int RECENT_EVENT_IDS = 1_000_000;

  static final int RECENT_OFFER_IDS = 100_000;

  /** Unacknowledged QoS 1 publishes allowed at once; Paho's default of 10 throttles offers. */
  static final int MAX_INFLIGHT = 1_000;

  /** Broker connections that read store topics, at most one per store. */
  static final int MAX_STORE_CONNECTIONS = 8;

  private static final Logger LOG = LoggerFactory.getLogger(EdgeGateway.class);

  private final MqttSettings mqtt;
  private final List<BrokerConnection> connections;
  private final KafkaForwarder forwarder;
  private final OfferDelivery offers;

  /**
   * A gateway that is not yet connected; call {@link #connect()}. The producers write store events
   * and dead letters (a new one each time Kafka came back after not answering); events Kafka does
   * not take in time wait in the spool under {@code engine.dataDir}. The consumer reads offers and
   * is used by the gateway's own thread only. All are closed with the gateway.
   */
  public EdgeGateway(
      EngineConfig config,
      MeterRegistry registry,
      Supplier<Producer<String, byte[]>> producers,
      Consumer<String, byte[]> offerConsumer,
      Clock clock) {
    this.mqtt = config.mqtt();
    GatewayMetrics metrics = new GatewayMetrics(registry);
    GatewaySettings settings = config.gateway();
    Spool spool =
        Spool.open(
            config.engine().dataDir().resolve(SPOOL_SUBDIRECTORY),
            settings.spoolMaxBytes(),
            settings.spoolSegmentBytes(),
            settings.spoolFsync());
    this.forwarder = new KafkaForwarder(producers, spool, metrics, settings.kafkaTimeout());
    StoreIngest ingest =
        new StoreIngest(
            new EventValidator(config, clock),
            new RecentIds(RECENT_EVENT_IDS),
            forwarder,
            metrics,
            clock);
    List<List<String>> shares =
        storeFilters(config.stores().stream().map(StoreConfig::id).toList(), MAX_STORE_CONNECTIONS);
    this.connections = new ArrayList<>();
    for (int i = 0; i < shares.size(); i++) {
      String clientId = i == 0 ? mqtt.gatewayClientId() : mqtt.gatewayClientId() + "-" + (i + 1);
      connections.add(new BrokerConnection(mqtt, clientId, shares.get(i), ingest));
    }
    this.offers =
        new OfferDelivery(
            offerConsumer,
            this::publish,
            forwarder,
            new RecentIds(RECENT_OFFER_IDS),
            metrics,
            clock);
  }

  /**
   * The topic filters each broker connection reads: the stores dealt out in turn among at most
   * {@code maxConnections} connections, or every store topic through one connection when there is
   * only one store or one connection.
   */
  static List<List<String>> storeFilters(List<String> storeIds, int maxConnections) {
    int count = Math.min(storeIds.size(), maxConnections);
    if (count <= 1) {
      return List.of(List.of(MqttTopics.ALL_STORE_TOPICS));
    }
    List<List<String>> shares = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      shares.add(new ArrayList<>());
    }
    for (int i = 0; i < storeIds.size(); i++) {
      shares.get(i % count).add(MqttTopics.allOfStore(storeIds.get(i)));
    }
    return shares.stream().map(List::copyOf).toList();
  }

  /** Starts a gateway with Kafka clients for {@code kafka.bootstrapServers} and connects it. */
  public static EdgeGateway start(EngineConfig config, MeterRegistry registry) {
    EdgeGateway gateway =
        new EdgeGateway(
            config,
            registry,
            () -> KafkaClients.producer(config.kafka(), config.gateway().kafkaTimeout()),
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
   * Connects every broker connection (retrying for a while if the broker is not up yet), returns
   * once all subscriptions are in place, and starts delivering offers.
   */
  public void connect() {
    for (BrokerConnection connection : connections) {
      connection.connect(MAX_INFLIGHT);
    }
    if (connections.size() > 1) {
      for (BrokerConnection connection : connections) {
        connection.dropFilter(MqttTopics.ALL_STORE_TOPICS);
      }
    }
    offers.start();
    LOG.info(
        "edge gateway connected to {} as {} with {} store connection(s)",
        mqtt.serverUri(),
        mqtt.gatewayClientId(),
        connections.size());
  }

  public boolean isConnected() {
    return connections.stream().allMatch(BrokerConnection::isConnected);
  }

  /** Connected to the broker and delivering offers: what {@code /health} reports. */
  public boolean isHealthy() {
    return isConnected() && offers.isAlive();
  }

  private CompletableFuture<Void> publish(String topic, byte[] payload) {
    return connections.get(0).publish(topic, payload);
  }

  /**
   * Stops delivering offers, waits until what was forwarded is in Kafka or in the spool so that
   * those messages are acknowledged to the broker, then disconnects and closes the Kafka clients.
   */
  @Override
  public void close() {
    offers.close();
    forwarder.flush();
    connections.forEach(BrokerConnection::close);
    forwarder.close();
  }
}
