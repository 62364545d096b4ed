package dev.o2o.gateway;

import dev.o2o.contract.StoreChannel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The gateway's meters, named once here. Counters per store channel and per Kafka topic are
 * registered as they are first used; the rest exist from the start so that a dashboard shows zero
 * rather than nothing.
 */
final class GatewayMetrics {
  static final String RECEIVED = "o2o.gateway.received";
  static final String FORWARDED = "o2o.gateway.forwarded";
  static final String DEAD_LETTERS = "o2o.gateway.dead.letters";
  static final String DUPLICATES = "o2o.gateway.duplicates";
  static final String FORWARD_FAILURES = "o2o.gateway.forward.failures";
  static final String FORWARD_LATENCY = "o2o.gateway.forward.latency";
  static final String OFFERS_DELIVERED = "o2o.gateway.offers.delivered";
  static final String OFFERS_DUPLICATES = "o2o.gateway.offers.duplicates";
  static final String SPOOLED = "o2o.gateway.spooled";
  static final String REPLAYED = "o2o.gateway.replayed";
  static final String SPOOL_BYTES = "o2o.gateway.spool.bytes";
  static final String SPOOL_EVENTS = "o2o.gateway.spool.events";
  static final String SPOOL_WAITING = "o2o.gateway.spool.waiting";
  static final String KAFKA_REACHABLE = "o2o.gateway.kafka.reachable";

  /** Tag value of {@link #DEAD_LETTERS} for input that came over MQTT. */
  static final String SOURCE_MQTT = "mqtt";

  /** Tag value of {@link #DEAD_LETTERS} for records read from Kafka. */
  static final String SOURCE_KAFKA = "kafka";

  private static final String UNKNOWN_CHANNEL = "unknown";

  private final MeterRegistry registry;
  private final Map<String, Counter> receivedByChannel = new ConcurrentHashMap<>();
  private final Map<String, Counter> forwardedByTopic = new ConcurrentHashMap<>();
  private final Counter duplicates;
  private final Counter forwardFailures;
  private final Counter offersDelivered;
  private final Counter offerDuplicates;
  private final Timer forwardLatency;
  private final Counter spooled;
  private final Counter replayed;

  GatewayMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.duplicates =
        Counter.builder(DUPLICATES)
            .description("store events dropped because their eventId was seen before")
            .register(registry);
    this.forwardFailures =
        Counter.builder(FORWARD_FAILURES)
            .description("store events neither Kafka nor the spool took; left for redelivery")
            .register(registry);
    this.offersDelivered =
        Counter.builder(OFFERS_DELIVERED)
            .description("offers published to a customer's MQTT topic")
            .register(registry);
    this.offerDuplicates =
        Counter.builder(OFFERS_DUPLICATES)
            .description("offers dropped because their offerId was delivered before")
            .register(registry);
    this.forwardLatency =
        Timer.builder(FORWARD_LATENCY)
            .description("from a store event's arrival over MQTT to Kafka's acknowledgement")
            .publishPercentileHistogram()
            .register(registry);
    this.spooled =
        Counter.builder(SPOOLED)
            .description("records written to the disk spool because Kafka did not answer")
            .register(registry);
    this.replayed =
        Counter.builder(REPLAYED)
            .description("spooled records replayed into Kafka and acknowledged by it")
            .register(registry);
  }

  /** The spool's gauges, read from the forwarder when scraped. */
  void bindSpool(
      Supplier<Number> diskBytes,
      Supplier<Number> events,
      Supplier<Number> waiting,
      Supplier<Number> kafkaReachable) {
    Gauge.builder(SPOOL_BYTES, diskBytes)
        .description("disk the spool's files take, bounded by gateway.spool.maxBytes")
        .baseUnit("bytes")
        .strongReference(true)
        .register(registry);
    Gauge.builder(SPOOL_EVENTS, events)
        .description("records in the spool not yet replayed into Kafka")
        .strongReference(true)
        .register(registry);
    Gauge.builder(SPOOL_WAITING, waiting)
        .description("records held unacknowledged because the spool is full")
        .strongReference(true)
        .register(registry);
    Gauge.builder(KAFKA_REACHABLE, kafkaReachable)
        .description("1 while the gateway's last exchange with Kafka succeeded, else 0")
        .strongReference(true)
        .register(registry);
  }

  void spooled() {
    spooled.increment();
  }

  void replayed(int count) {
    replayed.increment(count);
  }

  void received(StoreChannel channel) {
    received(channel.segment());
  }

  void receivedOnUnknownChannel() {
    received(UNKNOWN_CHANNEL);
  }

  private void received(String channel) {
    receivedByChannel
        .computeIfAbsent(
            channel,
            c ->
                Counter.builder(RECEIVED)
                    .description("messages received from store gateways")
                    .tag("channel", c)
                    .register(registry))
        .increment();
  }

  void forwarded(String kafkaTopic, Duration sinceArrival) {
    forwardedByTopic
        .computeIfAbsent(
            kafkaTopic,
            t ->
                Counter.builder(FORWARDED)
                    .description("store events acknowledged by Kafka")
                    .tag("topic", t)
                    .register(registry))
        .increment();
    forwardLatency.record(sinceArrival);
  }

  void deadLettered(String sourceKind) {
    Counter.builder(DEAD_LETTERS)
        .description("inputs written to the dead-letter topic")
        .tag("source", sourceKind)
        .register(registry)
        .increment();
  }

  void duplicate() {
    duplicates.increment();
  }

  void forwardFailed() {
    forwardFailures.increment();
  }

  void offerDelivered() {
    offersDelivered.increment();
  }

  void offerDuplicate() {
    offerDuplicates.increment();
  }
}
