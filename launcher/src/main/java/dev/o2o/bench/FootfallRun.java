package dev.o2o.bench;

import dev.o2o.config.EngineConfig;
import dev.o2o.config.KafkaSettings;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.Topic;
import dev.o2o.contract.Topics;
import dev.o2o.contract.Visit;
import dev.o2o.jobs.EngineJobs.Job;
import dev.o2o.launcher.EmbeddedEngine;
import dev.o2o.launcher.FlinkRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The footfall job's throughput: a seeded {@link FootfallMix} (touches, door counts, visits,
 * offers, till sales with redemptions, online orders) is written to the job's input topics first, a
 * plain Kafka consumer drains those topics (the floor), then the footfall job alone processes the
 * backlog on the engine's otherwise idle brokers.
 *
 * <p>The job's rate is counted by the offsets it commits ({@link CommittedRate}).
 *
 * <p>The attributions the job wrote (read committed, once they stop growing) are shown beside the
 * visits in the mix, each of which has a click or coupon claim within the click window before it.
 */
final class FootfallRun {
  private static final long SEED = 2;
  private static final Duration DEADLINE = Duration.ofMinutes(15);

  /** What the run measured, and the mix it measured with. */
  record Result(
      Map<String, Long> eventsPerTopic,
      long visits,
      double rawPerSecond,
      double eventsPerSecond,
      double cpuMicrosPerEvent,
      long processed,
      long attributions,
      long attributionRecords,
      List<String> unattributed,
      int parallelism) {

    long events() {
      return eventsPerTopic.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The bench table's rows. */
    Map<String, String> rows() {
      Map<String, String> rows = new LinkedHashMap<>();
      rows.put(
          "footfall job at parallelism "
              + parallelism
              + ", "
              + String.format("%,d", events())
              + " events -> attributions, purchases, Geode (events/s)",
          String.format("%,.0f", eventsPerSecond));
      rows.put(
          "raw Kafka consumer, the footfall job's input topics (events/s)",
          String.format("%,.0f", rawPerSecond));
      rows.put(
          "  process CPU time per event while the footfall job ran (µs)",
          String.format("%.1f", cpuMicrosPerEvent));
      rows.put(
          "  attributed visits / visits in the mix (attribution records, corrections included)",
          String.format("%,d / %,d (%,d)", attributions, visits, attributionRecords));
      for (String visit : unattributed.subList(0, Math.min(5, unattributed.size()))) {
        rows.put("  warning: unattributed " + visit, "");
      }
      if (processed < events()) {
        rows.put(
            "  warning: events the footfall job processed before the deadline", "" + processed);
      }
      return rows;
    }
  }

  private FootfallRun() {}

  static Result run(EmbeddedEngine engine, EngineConfig config, int size) throws Exception {
    List<FootfallMix.Generated<?>> mix =
        FootfallMix.generate(config, SEED, size, Instant.now().minusSeconds(60));
    try (KafkaProducer<String, byte[]> producer = Bench.producer(engine)) {
      mix.forEach(event -> producer.send(event.record()));
      producer.flush();
    }
    Map<String, Long> perTopic =
        mix.stream()
            .collect(
                Collectors.groupingBy(
                    event -> event.topic().name(), TreeMap::new, Collectors.counting()));
    long visits =
        mix.stream()
            .filter(event -> event.value() instanceof Visit)
            .map(event -> ((Visit) event.value()).visitId())
            .distinct()
            .count();
    System.out.println("  mix: " + perTopic + ", " + visits + " visits");
    List<String> topics = Job.FOOTFALL.inputs().stream().<String>map(Topic::name).toList();
    double raw = Bench.drainRate(engine.config().kafka(), topics, mix.size(), "read_uncommitted");

    try (Admin admin = Admin.create(engine.config().kafka().clientConfig(Map.of()));
        FlinkRunner flink = FlinkRunner.start(config, List.of(Job.FOOTFALL))) {
      long total = CommittedRate.inputRecords(admin, Job.FOOTFALL);
      flink.awaitRunning(Duration.ofSeconds(60));
      CommittedRate.Measured rate = CommittedRate.measure(admin, Job.FOOTFALL, total, DEADLINE);
      Map<String, Integer> attributed = settledAttributions(engine.config().kafka(), config);
      List<String> missing = unattributed(mix, attributed.keySet());
      return new Result(
          perTopic,
          visits,
          raw,
          rate.eventsPerSecond(),
          rate.cpuMicrosPerEvent(),
          rate.processed(),
          attributed.size(),
          attributed.values().stream().mapToLong(Integer::longValue).sum(),
          missing,
          config.engine().parallelism());
    }
  }

  /**
   * The attributed visits the job committed, with how many records each has (more than one when a
   * late touch corrected its credit), read again until they hold still over a wait long enough for
   * the job's last credits (after {@code engine.maxOutOfOrderness} at most) and the checkpoint that
   * commits them.
   */
  private static Map<String, Integer> settledAttributions(KafkaSettings kafka, EngineConfig config)
      throws Exception {
    // Partitions that had nothing to read hold the watermark back until they are found idle,
    // which a job busy with a backlog starts counting only once it has caught up.
    long wait =
        config.engine().maxOutOfOrderness().toMillis()
            + config.engine().idlePartitionTimeout().toMillis()
            + 2 * config.engine().checkpointInterval().toMillis()
            + 1_000;
    Map<String, Integer> ids = null;
    for (int round = 0; round < 20; round++) {
      Thread.sleep(wait);
      Map<String, Integer> now = committedAttributions(kafka);
      if (now.equals(ids)) {
        return now;
      }
      ids = now;
    }
    return ids;
  }

  private static Map<String, Integer> committedAttributions(KafkaSettings kafka) {
    String topic = Topics.ATTRIBUTIONS.name();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            kafka.clientConfig(
                Map.of(
                    ConsumerConfig.GROUP_ID_CONFIG,
                    "bench-" + UUID.randomUUID(),
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                    "read_committed",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                    false)),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      Map<String, Integer> ids = new HashMap<>();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        consumer
            .poll(Duration.ofMillis(200))
            .forEach(
                record ->
                    ids.merge(
                        Topics.ATTRIBUTIONS.decode(record.value()).visitId(), 1, Integer::sum));
      }
      return ids;
    }
  }

  /**
   * The mix's visits the job left unattributed, each with its time and its customer's touches
   * before it, for whoever looks into why.
   */
  private static List<String> unattributed(
      List<FootfallMix.Generated<?>> mix, Set<String> attributed) {
    Map<String, List<OnlineTouch>> touches = new HashMap<>();
    List<String> missing = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (FootfallMix.Generated<?> event : mix) {
      if (event.value() instanceof OnlineTouch touch) {
        touches.computeIfAbsent(touch.customerId(), id -> new ArrayList<>()).add(touch);
      } else if (event.value() instanceof Visit visit
          && !attributed.contains(visit.visitId())
          && seen.add(visit.visitId())) {
        String earlier =
            touches.getOrDefault(visit.customerId(), List.of()).stream()
                .filter(touch -> !touch.occurredAt().isAfter(visit.enteredAt()))
                .map(touch -> touch.kind() + "@" + touch.occurredAt())
                .collect(Collectors.joining(", "));
        missing.add(
            visit.visitId()
                + " of "
                + visit.customerId()
                + " at "
                + visit.enteredAt()
                + " after "
                + earlier);
      }
    }
    return missing;
  }
}
