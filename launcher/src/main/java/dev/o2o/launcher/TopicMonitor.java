package dev.o2o.launcher;

import dev.o2o.config.KafkaSettings;
import dev.o2o.contract.DeadLetter;
import dev.o2o.contract.Topic;
import dev.o2o.contract.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Watches the engine's Kafka topics for operators: how many records each topic holds (a gauge per
 * topic, read from end offsets, so it costs no consumption), and how long after its event time each
 * output appeared (a latency histogram per output topic). Dead letters are counted by reason, and
 * each job's consumer lag is read every {@link #LAG_INTERVAL} ({@link ConsumerLag}).
 */
public final class TopicMonitor implements AutoCloseable {
  private static final List<Topic<?>> WATCHED =
      List.of(Topics.STOCK_LEVELS, Topics.VISITS, Topics.OFFERS, Topics.DEAD_LETTERS);

  /** Latency is sampled so that watching a busy topic costs little of the engine's CPU. */
  static final int MAX_SAMPLES_PER_SECOND = 200;

  /** How often consumer lag is read: a few metadata requests each time. */
  static final Duration LAG_INTERVAL = Duration.ofSeconds(5);

  private final MeterRegistry registry;
  private final Admin admin;
  private final ConsumerLag consumerLag;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, AtomicLong> endOffsets = new ConcurrentHashMap<>();
  private final Map<String, Timer> latency = new ConcurrentHashMap<>();
  private final LatencySampler sampler = new LatencySampler(MAX_SAMPLES_PER_SECOND);
  private final Thread thread;
  private volatile boolean running = true;

  public TopicMonitor(KafkaSettings kafka, MeterRegistry registry) {
    this.registry = registry;
    this.admin = Admin.create(kafka.clientConfig(Map.of()));
    this.consumerLag = new ConsumerLag(kafka, admin, registry, ConsumerLag.engineReaders());
    this.consumer =
        new KafkaConsumer<>(
            kafka.clientConfig(
                Map.of(
                    ConsumerConfig.GROUP_ID_CONFIG, "o2o-topic-monitor",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true")),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    for (Topic<?> topic : Topics.ALL) {
      AtomicLong value = new AtomicLong();
      endOffsets.put(topic.name(), value);
      registry.gauge(
          "o2o.topic.records", io.micrometer.core.instrument.Tags.of("topic", topic.name()), value);
    }
    this.thread = new Thread(this::run, "o2o-topic-monitor");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    consumer.subscribe(WATCHED.stream().map(Topic::name).toList());
    long nextOffsetRead = 0;
    long nextLagRead = 0;
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          observe(record);
        }
        if (System.currentTimeMillis() >= nextOffsetRead) {
          readEndOffsets();
          nextOffsetRead = System.currentTimeMillis() + 2_000;
        }
        if (System.currentTimeMillis() >= nextLagRead) {
          readConsumerLag();
          nextLagRead = System.currentTimeMillis() + LAG_INTERVAL.toMillis();
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      if (running) {
        org.slf4j.LoggerFactory.getLogger(TopicMonitor.class).warn("topic monitor stopped", e);
      }
    } finally {
      consumer.close(Duration.ofSeconds(2));
      consumerLag.close();
    }
  }

  private void readConsumerLag() {
    try {
      consumerLag.update();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // Kafka briefly unreachable: keep the last values.
      org.slf4j.LoggerFactory.getLogger(TopicMonitor.class).debug("consumer lag not read", e);
    }
  }

  private void observe(ConsumerRecord<byte[], byte[]> record) {
    String topic = record.topic();
    if (!topic.equals(Topics.DEAD_LETTERS.name()) && !sampler.take(topic)) {
      return;
    }
    Instant eventTime;
    try {
      if (topic.equals(Topics.STOCK_LEVELS.name())) {
        eventTime = Topics.STOCK_LEVELS.decode(record.value()).updatedAt();
      } else if (topic.equals(Topics.VISITS.name())) {
        eventTime = Topics.VISITS.decode(record.value()).lastSeenAt();
      } else if (topic.equals(Topics.OFFERS.name())) {
        eventTime = Topics.OFFERS.decode(record.value()).issuedAt();
      } else {
        DeadLetter letter = Topics.DEAD_LETTERS.decode(record.value());
        registry
            .counter(
                "o2o.dead.letters",
                "origin",
                letter.origin(),
                "source",
                letter.source().startsWith("stores/") ? "mqtt" : letter.source())
            .increment();
        return;
      }
    } catch (RuntimeException e) {
      return;
    }
    latency
        .computeIfAbsent(
            topic,
            t ->
                Timer.builder("o2o.end.to.end.latency")
                    .description("time from an event's occurredAt to its output on the topic")
                    .tag("topic", t)
                    .publishPercentileHistogram()
                    .publishPercentiles(0.5, 0.99)
                    .register(registry))
        .record(Duration.between(eventTime, Instant.now()).abs());
  }

  private void readEndOffsets() {
    try {
      Set<TopicPartition> partitions =
          admin.describeTopics(endOffsets.keySet()).allTopicNames().get().values().stream()
              .flatMap(
                  d ->
                      d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
              .collect(Collectors.toSet());
      Map<TopicPartition, OffsetSpec> request =
          partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
      Map<String, Long> totals =
          admin.listOffsets(request).all().get().entrySet().stream()
              .collect(
                  Collectors.groupingBy(
                      e -> e.getKey().topic(), Collectors.summingLong(e -> e.getValue().offset())));
      totals.forEach((topic, total) -> endOffsets.get(topic).set(total));
    } catch (Exception e) {
      // Kafka briefly unreachable: keep the last values.
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(5_000);
    admin.close(Duration.ofSeconds(2));
  }
}
