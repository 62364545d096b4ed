package dev.o2o.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.o2o.config.EngineConfig;
import dev.o2o.config.KafkaSettings;
import dev.o2o.config.StoreConfig;
import dev.o2o.contract.BeaconSighting;
import dev.o2o.contract.Json;
import dev.o2o.contract.MqttTopics;
import dev.o2o.contract.StoreChannel;
import dev.o2o.contract.Topics;
import dev.o2o.gateway.EdgeGateway;
import dev.o2o.gateway.broker.MqttBroker;
import dev.o2o.launcher.EmbeddedEngine;
import dev.o2o.launcher.EmbeddedKafka;
import dev.o2o.launcher.TopicSetup;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Measures how many store events per second the edge gateway carries from MQTT to Kafka. Only the
 * parts on that path run: a Kafka broker, the MQTT broker and the gateway, in this JVM, without
 * Flink or Geode. Store publishers (several per store, QoS 1, as a store's beacon gateway sends)
 * publish as fast as the broker acknowledges them, and a plain consumer counts the events that
 * arrive on the beacon topic; the rate is the number of distinct events over the time from the
 * first publish to the last event's arrival.
 *
 * <p>Delivery stays at-least-once throughout: the run checks that every published event reached
 * Kafka and counts the copies that arrived more than once.
 */
final class GatewayRun {
  /** Unacknowledged publishes each store publisher keeps in flight. */
  static final int PUBLISHER_INFLIGHT = 50;

  private static final int READER_FETCH_MIN_BYTES = 256 * 1024;
  private static final int READER_FETCH_MAX_WAIT_MS = 50;

  private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(10);

  /** What the run measured. */
  record Result(
      int published,
      int distinctOnKafka,
      long duplicates,
      double publishedPerSecond,
      double forwardedPerSecond,
      double cpuMicrosPerEvent,
      double loadAverage) {}

  private GatewayRun() {}

  /**
   * @param config the engine config, with ports and a data directory of its own
   * @param warmUp how many beacon sightings to publish and forward first, unmeasured, while the JIT
   *     compiles the path (the broker, the gateway, Kafka and the clients are all in this JVM)
   * @param events how many beacon sightings to publish in the measured part
   * @param publishers how many store publishers share the work, spread over the configured stores
   */
  static Result run(EngineConfig config, int warmUp, int events, int publishers) throws Exception {
    Path dataDir = config.engine().dataDir().toAbsolutePath();
    try (EmbeddedKafka kafka =
        EmbeddedKafka.start(
            dataDir.resolve("kafka"),
            "localhost",
            config.kafka().firstPort(),
            EmbeddedEngine.freePort(),
            config.kafka().security())) {
      TopicSetup.ensure(config.kafka());
      try (MqttBroker broker = MqttBroker.start(config, dataDir.resolve("mqtt"));
          EdgeGateway gateway = EdgeGateway.start(config, new SimpleMeterRegistry());
          Arrivals arrivals = new Arrivals(config.kafka(), warmUp + events)) {
        List<Publisher> clients = new ArrayList<>();
        List<StoreConfig> stores = config.stores();
        for (int i = 0; i < publishers; i++) {
          clients.add(new Publisher(config, stores.get(i % stores.size()), i));
        }
        try {
          publish(clients, 0, warmUp);
          arrivals.awaitDistinct(warmUp);
          var os =
              (com.sun.management.OperatingSystemMXBean)
                  ManagementFactory.getOperatingSystemMXBean();
          long cpuBefore = os.getProcessCpuTime();
          long start = System.nanoTime();
          publish(clients, warmUp, events);
          double publishSeconds = (System.nanoTime() - start) / 1e9;
          long last = arrivals.awaitDistinct(warmUp + events);
          double forwardSeconds = (last - start) / 1e9;
          long cpu = os.getProcessCpuTime() - cpuBefore;
          int distinct = arrivals.distinct() - warmUp;
          return new Result(
              events,
              distinct,
              arrivals.duplicates(),
              events / publishSeconds,
              distinct / forwardSeconds,
              cpu / 1000.0 / Math.max(1, distinct),
              os.getSystemLoadAverage());
        } finally {
          for (Publisher client : clients) {
            client.close();
          }
        }
      }
    }
  }

  /** Publishes events {@code first .. first + count - 1}, each publisher taking every n-th. */
  private static void publish(List<Publisher> clients, int first, int count) throws Exception {
    List<Thread> threads = new ArrayList<>();
    AtomicReference<Exception> failure = new AtomicReference<>();
    for (int p = 0; p < clients.size(); p++) {
      Publisher client = clients.get(p);
      int offset = p;
      Thread thread =
          new Thread(
              () -> {
                try {
                  for (int i = first + offset; i < first + count; i += clients.size()) {
                    client.publish(i);
                  }
                  client.awaitAcknowledged();
                } catch (Exception e) {
                  failure.compareAndSet(null, e);
                }
              },
              "bench-store-publisher-" + p);
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
  }

  /**
   * One store's beacon gateway: publishes sightings at QoS 1 with up to {@link #PUBLISHER_INFLIGHT}
   * unacknowledged, through the bench's own light client over plain MQTT (see {@link
   * StorePublisher}): it shares the two cores with what it measures.
   */
  private static final class Publisher implements AutoCloseable {
    private final StorePublisher client;
    private final StoreConfig store;
    private final String topic;

    Publisher(EngineConfig config, StoreConfig store, int index) throws Exception {
      this.store = store;
      this.topic = MqttTopics.store(store.id(), StoreChannel.BEACONS);
      this.client =
          StorePublisher.connect(
              config.mqtt(),
              "bench-gateway-run-" + store.id() + "-" + index,
              store,
              PUBLISHER_INFLIGHT);
    }

    void publish(int index) throws Exception {
      BeaconSighting sighting =
          new BeaconSighting(
              eventId(index),
              Instant.now(),
              store.id(),
              store.beacons().get(index % store.beacons().size()).id(),
              "bench-c-" + index % 10_000,
              -60);
      client.publish(topic, Json.encodeEvent(sighting));
    }

    void awaitAcknowledged() throws Exception {
      client.awaitAcknowledged(Duration.ofSeconds(60));
    }

    @Override
    public void close() throws Exception {
      client.close();
    }
  }

  private static String eventId(int index) {
    return "gateway-run-" + index;
  }

  private static int indexOf(String eventId) {
    return Integer.parseInt(eventId.substring("gateway-run-".length()));
  }

  /**
   * The {@code eventId} of a record on the beacon topic, read off its JSON without decoding the
   * rest: the reader shares the two cores with what it measures, so it does no more than count.
   */
  static String eventIdOf(byte[] value) {
    try (JsonParser parser = Json.mapper().getFactory().createParser(value)) {
      if (parser.nextToken() == JsonToken.START_OBJECT) {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String field = parser.currentName();
          parser.nextToken();
          if (field.equals("eventId")) {
            return parser.getText();
          }
          parser.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("a record on " + Topics.BEACONS + " is not JSON", e);
    }
    throw new IllegalStateException("a record on " + Topics.BEACONS + " has no eventId");
  }

  /** Reads the beacon topic and records which events arrived, how often, and when the last did. */
  private static final class Arrivals implements AutoCloseable {
    private final BitSet seen;
    private final Thread reader;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private int distinct;
    private long duplicates;
    private long lastNewArrival;

    Arrivals(KafkaSettings kafka, int expected) {
      this.seen = new BitSet(expected);
      KafkaConsumer<byte[], byte[]> consumer =
          new KafkaConsumer<>(
              kafka.clientConfig(
                  Map.of(
                      ConsumerConfig.GROUP_ID_CONFIG,
                      "bench-gateway-run",
                      ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                      "earliest",
                      ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                      5_000,
                      // Fewer, fuller fetches: the broker answers once this much is there or
                      // the wait is over, which delays the last arrival by at most the wait.
                      ConsumerConfig.FETCH_MIN_BYTES_CONFIG,
                      READER_FETCH_MIN_BYTES,
                      ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                      READER_FETCH_MAX_WAIT_MS)),
              new ByteArrayDeserializer(),
              new ByteArrayDeserializer());
      consumer.subscribe(List.of(Topics.BEACONS.name()));
      this.reader =
          new Thread(
              () -> {
                try (consumer) {
                  while (running.get()) {
                    for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(100))) {
                      record(indexOf(eventIdOf(record.value())));
                    }
                  }
                }
              },
              "bench-gateway-run-arrivals");
      reader.start();
    }

    private synchronized void record(int index) {
      if (seen.get(index)) {
        duplicates++;
      } else {
        seen.set(index);
        distinct++;
        lastNewArrival = System.nanoTime();
        notifyAll();
      }
    }

    /** Waits until {@code count} distinct events arrived; returns when the last of them did. */
    synchronized long awaitDistinct(int count) throws InterruptedException {
      long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
      long nextReport = System.nanoTime() + PROGRESS_INTERVAL.toNanos();
      while (distinct < count && System.nanoTime() < deadline) {
        wait(100);
        if (System.nanoTime() > nextReport) {
          System.out.printf("  %,d of %,d events on Kafka%n", distinct, count);
          nextReport += PROGRESS_INTERVAL.toNanos();
        }
      }
      if (distinct < count) {
        throw new IllegalStateException(
            "only " + distinct + " of " + count + " events reached Kafka in " + DRAIN_TIMEOUT);
      }
      return lastNewArrival;
    }

    synchronized int distinct() {
      return distinct;
    }

    synchronized long duplicates() {
      return duplicates;
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      reader.join(5_000);
    }
  }
}
