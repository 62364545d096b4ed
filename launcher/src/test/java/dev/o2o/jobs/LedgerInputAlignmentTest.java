package dev.o2o.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.config.ConfigLoader;
import dev.o2o.config.EngineConfig;
import dev.o2o.contract.PosSale;
import dev.o2o.contract.StockReceived;
import dev.o2o.contract.Topic;
import dev.o2o.contract.Topics;
import dev.o2o.inventory.InventoryInputs;
import dev.o2o.inventory.OrderEvent;
import dev.o2o.inventory.StockMovement;
import dev.o2o.launcher.EmbeddedEngine;
import dev.o2o.launcher.EmbeddedKafka;
import dev.o2o.launcher.TopicSetup;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inventory ledger's inputs (sales, deliveries and an empty orders topic) read from a real
 * Kafka broker through the engine's own wiring: from a backlog whose till sales cover event time
 * ten times as fast per record as its deliveries, the sales may run at most about {@code
 * inventory.inputDrift} ahead of the deliveries, while unaligned they run ahead by most of the
 * backlog. How far ahead they ran is what the ledger's journals hold.
 */
class LedgerInputAlignmentTest {
  private static final Path SHIPPED_CONFIG = Path.of("../config/o2o.yaml");
  private static final int PER_TOPIC = 150_000;
  private static final Duration SALES_SPACING = Duration.ofMillis(10);
  private static final Duration STOCK_SPACING = Duration.ofMillis(1);

  /** What the job under test saw; one at a time, in this JVM's mini cluster. */
  private static final AtomicLong SEEN = new AtomicLong();

  private static final AtomicLong MAX_LEAD = new AtomicLong();

  @TempDir Path dir;

  @Test
  void aBacklogsFasterTopicRunsAtMostAboutTheDriftAheadOnlyWhenAligned() throws Exception {
    Map<String, String> overrides = new HashMap<>(EmbeddedEngine.isolatedOverrides(dir));
    overrides.put("engine.parallelism", "1");
    // One partition per topic: an empty partition holds its topic's watermark back until it is
    // idle, and the time a backpressured source waits does not count towards that.
    overrides.put("kafka.partitions", "1");
    EngineConfig aligned =
        ConfigLoader.load(SHIPPED_CONFIG, ConfigLoader.DEFAULT_PROFILE, overrides);
    overrides.put("inventory.inputDrift", "0s");
    EngineConfig unaligned =
        ConfigLoader.load(SHIPPED_CONFIG, ConfigLoader.DEFAULT_PROFILE, overrides);
    assertThat(aligned.inventory().inputDrift()).isEqualTo(Duration.ofSeconds(60));

    try (EmbeddedKafka kafka =
        EmbeddedKafka.start(
            dir.resolve("kafka"),
            "localhost",
            aligned.kafka().firstPort(),
            EmbeddedEngine.freePort())) {
      TopicSetup.ensure(aligned.kafka());
      Instant start = produceBacklog(aligned);
      Instant stockEnd = start.plus(STOCK_SPACING.multipliedBy(PER_TOPIC - 1));

      long alignedLead = maxLeadOfSales(aligned, "alignment-test-aligned", stockEnd);
      long unalignedLead = maxLeadOfSales(unaligned, "alignment-test-unaligned", stockEnd);
      System.out.printf(
          "sales read at most %.0f s ahead of the deliveries aligned, %.0f s unaligned%n",
          alignedLead / 1000.0, unalignedLead / 1000.0);

      // Aligned: the drift (60 s) and the watermarks' bound (5 s), plus what a source reads between
      // two of its alignment checks (120 - 123 s in all in the runs that printed it).
      // Unaligned: the sales are read at the deliveries' pace in records, and end 1,350 s of
      // event time after them.
      assertThat(Duration.ofMillis(alignedLead)).isLessThan(Duration.ofSeconds(450));
      assertThat(Duration.ofMillis(unalignedLead)).isGreaterThan(Duration.ofSeconds(900));
    }
  }

  /** Till sales every 10 ms of event time and deliveries every 1 ms, from three hours ago. */
  private static Instant produceBacklog(EngineConfig config) {
    String store = config.stores().get(0).id();
    String sku = config.catalogue().items().get(0).sku();
    Instant start = Instant.now().minus(Duration.ofHours(3));
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            config.kafka().clientConfig(Map.of(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024)),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (int i = 0; i < PER_TOPIC; i++) {
        send(
            producer,
            Topics.SALES,
            new PosSale(
                "sale-" + i,
                start.plus(SALES_SPACING.multipliedBy(i)),
                store,
                "receipt-" + i,
                sku,
                1,
                BigDecimal.TEN,
                config.catalogue().currency(),
                null,
                null));
        send(
            producer,
            Topics.STOCK,
            new StockReceived(
                "delivery-" + i, start.plus(STOCK_SPACING.multipliedBy(i)), store, sku, 1));
      }
      producer.flush();
    }
    return start;
  }

  private static <V> void send(KafkaProducer<String, byte[]> producer, Topic<V> topic, V value) {
    producer.send(new ProducerRecord<>(topic.name(), topic.keyOf(value), topic.encode(value)));
  }

  /**
   * Runs the ledger's two busiest inputs as the inventory job wires them and returns, in
   * milliseconds of event time, how far the sales read ran ahead of the deliveries read, while
   * deliveries were left to read.
   */
  private static long maxLeadOfSales(EngineConfig config, String group, Instant stockEnd)
      throws Exception {
    SEEN.set(0);
    MAX_LEAD.set(0);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
    env.setParallelism(1);
    JobWiring wiring = new JobWiring(env, config, "alignment-test", group);
    JobWiring.Pacing pacing = EngineJobs.ledgerInputPacing(config);
    wiring
        .read(Topics.SALES, StockMovement.class, InventoryInputs.sales(config), pacing)
        .union(
            wiring.read(Topics.STOCK, StockMovement.class, InventoryInputs.stock(config), pacing))
        .process(new LeadOfSales(stockEnd.toEpochMilli()))
        .sinkTo(new DiscardingSink<>());
    // The third aligned input, with nothing to read: it must be set aside as idle, not hold the
    // others back for good.
    wiring
        .read(Topics.ORDERS, OrderEvent.class, InventoryInputs.orders(config), pacing)
        .sinkTo(new DiscardingSink<>());
    JobClient job = env.executeAsync("ledger input alignment");
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (SEEN.get() < 2L * PER_TOPIC) {
        assertThat(System.nanoTime())
            .as("all movements read within 2 minutes")
            .isLessThan(deadline);
        Thread.sleep(100);
      }
    } finally {
      job.cancel().get(30, TimeUnit.SECONDS);
    }
    return MAX_LEAD.get();
  }

  /** Follows the newest sale and delivery read so far, and how far the first led the second. */
  private static final class LeadOfSales extends ProcessFunction<StockMovement, Void> {
    private final long stockEnd;
    private long newestSale = Long.MIN_VALUE;
    private long newestDelivery = Long.MIN_VALUE;

    LeadOfSales(long stockEnd) {
      this.stockEnd = stockEnd;
    }

    @Override
    public void processElement(StockMovement movement, Context ctx, Collector<Void> out) {
      long at = movement.occurredAt().toEpochMilli();
      if (movement.kind() == StockMovement.Kind.SALE) {
        newestSale = Math.max(newestSale, at);
      } else {
        newestDelivery = Math.max(newestDelivery, at);
      }
      // Once every delivery is read, the sales rightly go on alone.
      if (newestDelivery != Long.MIN_VALUE
          && newestSale != Long.MIN_VALUE
          && newestDelivery < stockEnd) {
        MAX_LEAD.accumulateAndGet(newestSale - newestDelivery, Math::max);
      }
      // Read at the pace of a busy ledger, not all in the first second: sources start a few
      // hundred milliseconds apart, and one not yet started holds no other back.
      if (SEEN.incrementAndGet() % 50 == 0) {
        try {
          Thread.sleep(1);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
