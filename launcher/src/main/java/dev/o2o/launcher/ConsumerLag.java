package dev.o2o.launcher;

import dev.o2o.config.KafkaSettings;
import dev.o2o.contract.Topic;
import dev.o2o.contract.Topics;
import dev.o2o.gateway.EdgeGateway;
import dev.o2o.jobs.EngineJobs.Job;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How far each of the engine's Kafka consumers is behind: per Flink job (and the gateway's offer
 * delivery) and input topic, the offsets between what its consumer group last committed and the
 * last stable offset, the end a {@code read_committed} reader may read to. The jobs commit their
 * offsets when a checkpoint completes, so a job that keeps up shows a lag of up to one checkpoint
 * interval's records; a growing lag is a job falling behind.
 *
 * <p>Offsets also number transaction markers and aborted records, which no reader receives: the
 * jobs commit the offset after the last record they read, so behind a topic written in transactions
 * an idle job would seem one marker behind forever. Where a group's committed offset has not moved
 * since the last reading, a consumer of no group reads from it to the stable offset once; if that
 * range holds no record, the lag is 0. Reads are offsets only otherwise, so a reading costs a few
 * metadata requests.
 */
final class ConsumerLag implements AutoCloseable {
  /** A consumer group the engine runs, and the topics it reads. */
  record Reader(String name, String group, List<String> topics) {}

  /** What a gauge reads before the first reading. */
  private static final long UNKNOWN = -1;

  private static final Duration PROBE_TIME = Duration.ofSeconds(1);

  /** How long a reading waits for Kafka's answers before it keeps the last values. */
  private static final Duration ANSWER_TIME = Duration.ofSeconds(10);

  private final Admin admin;
  private final KafkaConsumer<byte[], byte[]> probe;
  private final List<Reader> readers;
  private final Map<Series, AtomicLong> lag = new LinkedHashMap<>();
  private final Map<Key, Long> lastCommitted = new HashMap<>();

  /** Offset ranges already read and found to hold no record, by partition. */
  private final Map<TopicPartition, Range> empty = new HashMap<>();

  /** One gauge: a reader's lag on one topic. */
  private record Series(String reader, String topic) {}

  private record Key(String reader, TopicPartition partition) {}

  private record Range(long from, long to) {
    boolean within(Range other) {
      return other != null && other.from() <= from && to <= other.to();
    }
  }

  ConsumerLag(KafkaSettings kafka, Admin admin, MeterRegistry registry, List<Reader> readers) {
    this.admin = admin;
    this.readers = List.copyOf(readers);
    this.probe =
        new KafkaConsumer<>(
            kafka.clientConfig(
                Map.of(
                    ConsumerConfig.CLIENT_ID_CONFIG, "o2o-lag-probe",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "65536",
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "50")),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    for (Reader reader : this.readers) {
      for (String topic : reader.topics()) {
        AtomicLong value = new AtomicLong(UNKNOWN);
        Gauge.builder("o2o.consumer.lag", value, v -> v.get() < 0 ? Double.NaN : v.get())
            .description(
                "records a consumer group has not committed yet, up to the last stable offset")
            // Not "job": Prometheus gives every scraped series a job label of its own.
            .tag("consumer", reader.name())
            .tag("group", reader.group())
            .tag("topic", topic)
            .register(registry);
        lag.put(new Series(reader.name(), topic), value);
      }
    }
  }

  /** The engine's consumer groups: each Flink job's, and the gateway's offer delivery. */
  static List<Reader> engineReaders() {
    List<Reader> readers = new ArrayList<>();
    for (Job job : Job.values()) {
      readers.add(
          new Reader(
              job.id(), job.consumerGroup(), job.inputs().stream().map(Topic::name).toList()));
    }
    readers.add(
        new Reader("gateway", EdgeGateway.OFFER_CONSUMER_GROUP, List.of(Topics.OFFERS.name())));
    return readers;
  }

  /** Reads every group's lag once; the gauges keep their values while Kafka does not answer. */
  void update() throws InterruptedException, ExecutionException, TimeoutException {
    Set<String> topics =
        readers.stream().flatMap(r -> r.topics().stream()).collect(Collectors.toSet());
    Map<String, List<TopicPartition>> partitions = new HashMap<>();
    admin
        .describeTopics(topics)
        .allTopicNames()
        .get(ANSWER_TIME.toMillis(), TimeUnit.MILLISECONDS)
        .forEach(
            (name, description) ->
                partitions.put(
                    name,
                    description.partitions().stream()
                        .map(p -> new TopicPartition(name, p.partition()))
                        .toList()));
    List<TopicPartition> all = partitions.values().stream().flatMap(List::stream).toList();
    Map<TopicPartition, Long> stable = offsets(all, OffsetSpec.latest());

    Map<String, ListConsumerGroupOffsetsSpec> request = new LinkedHashMap<>();
    for (Reader reader : readers) {
      request.put(
          reader.group(),
          new ListConsumerGroupOffsetsSpec()
              .topicPartitions(
                  reader.topics().stream()
                      .flatMap(t -> partitions.getOrDefault(t, List.of()).stream())
                      .toList()));
    }
    Map<String, Map<TopicPartition, OffsetAndMetadata>> committed =
        admin
            .listConsumerGroupOffsets(request)
            .all()
            .get(ANSWER_TIME.toMillis(), TimeUnit.MILLISECONDS);

    // A group that never committed on a partition starts there from the earliest offset.
    Set<TopicPartition> uncommitted = new HashSet<>();
    for (Reader reader : readers) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          committed.getOrDefault(reader.group(), Map.of());
      for (String topic : reader.topics()) {
        for (TopicPartition partition : partitions.getOrDefault(topic, List.of())) {
          if (offsets.get(partition) == null) {
            uncommitted.add(partition);
          }
        }
      }
    }
    Map<TopicPartition, Long> earliest =
        uncommitted.isEmpty() ? Map.of() : offsets(uncommitted, OffsetSpec.earliest());

    Map<Key, Range> behind = new LinkedHashMap<>();
    Map<TopicPartition, Range> toProbe = new HashMap<>();
    for (Reader reader : readers) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          committed.getOrDefault(reader.group(), Map.of());
      for (String topic : reader.topics()) {
        for (TopicPartition partition : partitions.getOrDefault(topic, List.of())) {
          OffsetAndMetadata commit = offsets.get(partition);
          long from = commit != null ? commit.offset() : earliest.getOrDefault(partition, 0L);
          Range range = new Range(from, stable.getOrDefault(partition, from));
          Key key = new Key(reader.name(), partition);
          Long before = lastCommitted.put(key, from);
          behind.put(key, range);
          if (range.to() > range.from()
              && !range.within(empty.get(partition))
              && before != null
              && before == from) {
            toProbe.merge(partition, range, ConsumerLag::nearerTheEnd);
          }
        }
      }
    }
    probe(toProbe);

    Map<Series, Long> totals = new HashMap<>();
    behind.forEach(
        (key, range) ->
            totals.merge(
                new Series(key.reader(), key.partition().topic()),
                range.within(empty.get(key.partition()))
                    ? 0
                    : Math.max(0, range.to() - range.from()),
                Long::sum));
    totals.forEach((series, records) -> lag.get(series).set(records));
  }

  private Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, OffsetSpec spec)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetSpec> request =
        partitions.stream().collect(Collectors.toMap(p -> p, p -> spec));
    Map<TopicPartition, ListOffsetsResultInfo> result =
        admin
            .listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
            .all()
            .get(ANSWER_TIME.toMillis(), TimeUnit.MILLISECONDS);
    return result.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  /**
   * Of two groups stalled on one partition, the one further on is the likelier to be held only by
   * markers; the other keeps counting its offsets.
   */
  private static Range nearerTheEnd(Range a, Range b) {
    return a.from() >= b.from() ? a : b;
  }

  /**
   * Reads each range from its start until a record inside it arrives or the reader's position
   * passes its end with none: then the range holds only markers or aborted records. A range not
   * decided within {@link #PROBE_TIME} keeps counting its offsets.
   */
  private void probe(Map<TopicPartition, Range> ranges) {
    if (ranges.isEmpty()) {
      return;
    }
    probe.assign(ranges.keySet());
    ranges.forEach((partition, range) -> probe.seek(partition, range.from()));
    Set<TopicPartition> undecided = new HashSet<>(ranges.keySet());
    long deadline = System.nanoTime() + PROBE_TIME.toNanos();
    try {
      while (!undecided.isEmpty() && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : probe.poll(Duration.ofMillis(200))) {
          TopicPartition partition = new TopicPartition(record.topic(), record.partition());
          if (undecided.contains(partition) && record.offset() < ranges.get(partition).to()) {
            undecided.remove(partition);
          }
        }
        for (TopicPartition partition : List.copyOf(undecided)) {
          if (probe.position(partition, Duration.ofMillis(200)) >= ranges.get(partition).to()) {
            empty.put(partition, ranges.get(partition));
            undecided.remove(partition);
          }
        }
      }
    } finally {
      probe.assign(List.of());
    }
  }

  @Override
  public void close() {
    probe.close(Duration.ofSeconds(2));
  }
}
