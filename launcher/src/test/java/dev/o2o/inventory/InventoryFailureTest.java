package dev.o2o.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.Event;
import dev.o2o.contract.Json;
import dev.o2o.contract.OrderPlaced;
import dev.o2o.contract.ReservationDecision;
import dev.o2o.contract.StockLevel;
import dev.o2o.contract.Topic;
import dev.o2o.contract.Topics;
import dev.o2o.inventory.InventoryReferenceModel.Level;
import dev.o2o.inventory.InventoryTraffic.Delivery;
import dev.o2o.inventory.KillableEngine.Checkpointing;
import dev.o2o.jobs.EngineJobs.Job;
import dev.o2o.jobs.TestEngine;
import dev.o2o.launcher.EmbeddedEngine;
import dev.o2o.store.GeodeClient;
import dev.o2o.store.Regions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.runtime.checkpoint.RestoredCheckpointStats;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inventory job as the engine runs it (Kafka in, exactly-once Kafka out, Geode view) loses a
 * TaskManager mid-stream, while a transaction holds reservation decisions no checkpoint covers, and
 * restores from its last checkpoint on a new one. What a reader of committed records then sees must
 * still be what {@link InventoryReferenceModel} computes from the same events, to the unit, with
 * each ledger's committed versions rising (each checkpoint commits a location's newest level only,
 * so versions may be skipped, but none comes twice or goes back) and every reservation decision
 * once.
 */
class InventoryFailureTest {
  private static final long SEED = 20261123L;
  private static final int STEPS = 5000;
  private static final int BATCH = 250;
  private static final int BURST_STEP = 50;
  private static final int MAX_BURST = 2000;
  private static final Duration BETWEEN_BATCHES = Duration.ofMillis(150);
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String GROUP = "o2o-" + Job.INVENTORY.id();
  private static final List<Topic<?>> INPUTS = List.of(Topics.SALES, Topics.ORDERS, Topics.STOCK);

  @TempDir Path dataDir;

  @Test
  void committedLevelsMatchTheReplayAfterATaskManagerDiesMidStream() throws Exception {
    Map<String, String> overrides = new LinkedHashMap<>(EmbeddedEngine.isolatedOverrides(dataDir));
    overrides.put("engine.checkpointInterval", "500ms");
    EngineConfig config = TestEngine.config(overrides);
    List<Delivery> traffic =
        InventoryTraffic.of(
                SEED,
                new InventoryTraffic.Shape(
                    List.of("berlin-mitte", "hamburg-jungfernstieg"),
                    "online-dc",
                    List.of(
                        "SHIRT-OXF-WHT-M",
                        "BLAZER-NAVY-50",
                        "CHINO-BEIGE-32",
                        "BELT-LEATHER-90",
                        "KNIT-MERINO-M"),
                    TestEngine.MORNING,
                    20,
                    config.engine().maxOutOfOrderness()))
            .generate(STEPS);
    int killAt = traffic.size() * 2 / 5;

    Checkpointing beforeKill;
    RestoredCheckpointStats restored;
    long restores;
    List<StockLevel> levels;
    List<ReservationDecision> decisions;
    List<ReservationDecision> written;
    Map<String, String> served;
    try (KillableEngine engine = KillableEngine.start(config);
        TopicProbe kafka = new TopicProbe(config.kafka().bootstrapServers());
        KafkaProducer<String, byte[]> producer = producer(config)) {
      produce(producer, traffic.subList(0, killAt));
      awaitTrue(
          "a checkpoint to commit stock levels",
          () -> kafka.hasCommittedRecords(Topics.STOCK_LEVELS));
      // Records keep flowing until decisions sit in a transaction no checkpoint covers yet, which
      // the failure must then discard. (Stock levels are written only at a checkpoint's barrier,
      // so they are covered by the checkpoint under way from the moment they are written.)
      int sent = killAt;
      while ((beforeKill = decisionsWrittenSinceTheLastCheckpoint(engine, kafka)) == null) {
        assertThat(sent).as("deliveries sent before the failure").isLessThan(killAt + MAX_BURST);
        send(producer, traffic.subList(sent, sent + BURST_STEP));
        sent += BURST_STEP;
      }
      engine.killTaskManager();
      produce(producer, traffic.subList(sent, traffic.size()));

      restored = await("the job to restore from a checkpoint", engine::restoredCheckpoint);
      awaitTrue("the job to consume every input", () -> kafka.consumedAll(GROUP, INPUTS));
      awaitTrue(
          "every transaction to end",
          () ->
              !kafka.hasOpenTransaction(Topics.STOCK_LEVELS)
                  && !kafka.hasOpenTransaction(Topics.RESERVATIONS));
      restores = engine.restores();
      levels = kafka.read(Topics.STOCK_LEVELS, IsolationLevel.READ_COMMITTED);
      decisions = kafka.read(Topics.RESERVATIONS, IsolationLevel.READ_COMMITTED);
      written = kafka.read(Topics.RESERVATIONS, IsolationLevel.READ_UNCOMMITTED);
      served =
          GeodeClient.region(
                  GeodeClient.connect(config.geode().locatorHost(), config.geode().locatorPort()),
                  Regions.INVENTORY)
              .getAll(levels.stream().map(StockLevel::key).distinct().toList());
    }

    assertThat(restores).as("restores from a checkpoint").isEqualTo(1);
    assertThat(restored.getCheckpointId()).isGreaterThanOrEqualTo(beforeKill.latestCompleted());

    Map<String, List<Long>> versions = new TreeMap<>();
    levels.forEach(
        level ->
            versions.computeIfAbsent(level.key(), k -> new ArrayList<>()).add(level.version()));
    versions.values().removeIf(InventoryFailureTest::rising);
    assertThat(versions).as("ledgers whose committed versions do not rise").isEmpty();

    List<Event> events = traffic.stream().map(Delivery::event).toList();
    Instant lastEventTime =
        events.stream().map(Event::occurredAt).max(Comparator.naturalOrder()).orElseThrow();
    Map<String, Level> expected =
        new InventoryReferenceModel(config.inventory().reservationTtl())
            .replay(events, decisions, lastEventTime);
    Map<String, StockLevel> last = new TreeMap<>();
    levels.forEach(level -> last.put(level.key(), level));
    assertThat(levelsOf(last)).isEqualTo(expected);
    assertThat(last.values())
        .allSatisfy(
            level ->
                assertThat(level.available())
                    .as(level.key() + " available")
                    .isEqualTo(expected.get(level.key()).available()));
    Map<String, StockLevel> servedLevels = new TreeMap<>();
    served.forEach((key, json) -> servedLevels.put(key, Json.decode(json, StockLevel.class)));
    assertThat(levelsOf(servedLevels)).as("levels served from Geode").isEqualTo(expected);

    assertThat(decisions)
        .extracting(ReservationDecision::eventId)
        .as("reservation decision ids")
        .doesNotHaveDuplicates();
    assertThat(decidedLines(decisions)).containsAll(placedLines(events));
    assertThat(decisions)
        .as("the traffic both got and was refused reservations")
        .anyMatch(ReservationDecision::accepted)
        .anyMatch(decision -> !decision.accepted());
    assertThat(written.size())
        .as("decisions written, counting those the failure left uncommitted")
        .isGreaterThan(decisions.size());
  }

  /**
   * The checkpointing state if reservation decisions sit in a transaction begun after the newest
   * checkpoint was triggered, which no checkpoint under way or completed covers, so that a failure
   * now must discard them; null otherwise.
   */
  private static Checkpointing decisionsWrittenSinceTheLastCheckpoint(
      KillableEngine engine, TopicProbe kafka) throws Exception {
    Checkpointing before = engine.checkpointing().orElseThrow();
    boolean written = kafka.hasOngoingTransaction(Topics.RESERVATIONS, before.latestTriggeredAt());
    return written && engine.checkpointing().orElseThrow().equals(before) ? before : null;
  }

  private static boolean rising(List<Long> versions) {
    for (int i = 1; i < versions.size(); i++) {
      if (versions.get(i) <= versions.get(i - 1)) {
        return false;
      }
    }
    return true;
  }

  private static KafkaProducer<String, byte[]> producer(EngineConfig config) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            config.kafka().bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all"),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  /** Produces in batches with a pause after each, so that the job meets them over checkpoints. */
  private static void produce(KafkaProducer<String, byte[]> producer, List<Delivery> deliveries)
      throws InterruptedException {
    for (int from = 0; from < deliveries.size(); from += BATCH) {
      send(producer, deliveries.subList(from, Math.min(from + BATCH, deliveries.size())));
      Thread.sleep(BETWEEN_BATCHES.toMillis());
    }
  }

  private static void send(KafkaProducer<String, byte[]> producer, List<Delivery> deliveries) {
    for (Delivery delivery : deliveries) {
      Topic<Event> topic = delivery.topic();
      // Written as if at the time each event happened, as a till or the shop would write it.
      producer.send(
          new ProducerRecord<>(
              topic.name(),
              null,
              delivery.event().occurredAt().toEpochMilli(),
              topic.keyOf(delivery.event()),
              topic.encode(delivery.event())));
    }
    producer.flush();
  }

  private static Map<String, Level> levelsOf(Map<String, StockLevel> levels) {
    Map<String, Level> of = new TreeMap<>();
    levels.forEach((key, level) -> of.put(key, Level.of(level)));
    return of;
  }

  /** Each line of each order, as {@code orderId/sku}, by the order's first placement. */
  private static Set<String> placedLines(List<Event> events) {
    Set<String> orders = new HashSet<>();
    Set<String> lines = new HashSet<>();
    for (Event event : events) {
      if (event instanceof OrderPlaced placed && orders.add(placed.orderId())) {
        placed.lines().forEach(line -> lines.add(placed.orderId() + "/" + line.sku()));
      }
    }
    return lines;
  }

  private static Set<String> decidedLines(List<ReservationDecision> decisions) {
    Set<String> lines = new HashSet<>();
    decisions.forEach(decision -> lines.add(decision.orderId() + "/" + decision.sku()));
    return lines;
  }

  /** A check that may throw while the parts it asks are busy. */
  private interface Probe<T> {
    Optional<T> get() throws Exception;
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void awaitTrue(String what, Condition condition) throws InterruptedException {
    await(what, () -> condition.holds() ? Optional.of(true) : Optional.empty());
  }

  private static <T> T await(String what, Probe<T> probe) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        Optional<T> value = probe.get();
        if (value.isPresent()) {
          return value.get();
        }
      } catch (Exception e) {
        last = e;
      }
      Thread.sleep(10);
    }
    throw new AssertionError(
        "timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what, last);
  }
}
