package dev.o2o.bench;

import dev.o2o.config.Catalogue;
import dev.o2o.config.CatalogueItem;
import dev.o2o.config.ConfigLoader;
import dev.o2o.config.EngineConfig;
import dev.o2o.config.KafkaSettings;
import dev.o2o.config.StoreConfig;
import dev.o2o.contract.BeaconSighting;
import dev.o2o.contract.CustomerUpdated;
import dev.o2o.contract.Json;
import dev.o2o.contract.MqttTopics;
import dev.o2o.contract.Offer;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.PosSale;
import dev.o2o.contract.StockCounted;
import dev.o2o.contract.StockLevel;
import dev.o2o.contract.StockReceived;
import dev.o2o.contract.StoreChannel;
import dev.o2o.contract.Topic;
import dev.o2o.contract.Topics;
import dev.o2o.contract.TouchKind;
import dev.o2o.jobs.EngineJobs.Job;
import dev.o2o.launcher.EmbeddedEngine;
import dev.o2o.store.GeodeClient;
import dev.o2o.store.Regions;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures the engine under generated load and prints a table. Each figure stands beside its floor
 * from the same run, so that a reader can tell the engine's cost from the machine's:
 *
 * <ul>
 *   <li>Throughput: stock deliveries, each a little later in event time than the one before, are
 *       written to the stock topic first; a plain Kafka consumer drains the topic (the floor), then
 *       the inventory job processes the same events on an embedded engine, and its rate is its
 *       output count over the span of its output timestamps. The process's CPU time per event while
 *       the job ran is shown too, since the rate depends on what else shares the machine.
 *   <li>Footfall: a seeded mix of touches, door counts, visits, offers and purchases on the
 *       footfall job's topics, drained by a plain consumer (the floor), then processed by the
 *       footfall job alone, counted by its committed offsets (see {@link FootfallRun}).
 *   <li>Latency: beacon sightings published over MQTT until the offer reaches the phone, beside the
 *       same sightings' trip through the gateway and Kafka to a plain consumer; a till sale until
 *       the API shows it; single Geode reads.
 *   <li>Dashboard: a change's way to a client of the live stream, from a Geode write and from a
 *       click on Kafka through the footfall job (see {@link DashboardLatencyRun}).
 *   <li>Checkpoints: the inventory topology on RocksDB, loaded with many sku x location ledgers
 *       from a generator (see {@link CheckpointRun}): load rate, then a full checkpoint's duration
 *       and size, then an incremental checkpoint's after a trickle of updates.
 *   <li>Gateway: store publishers' beacon sightings over MQTT QoS 1 through the edge gateway to
 *       Kafka, events per second with every event accounted for (see {@link GatewayRun}).
 * </ul>
 */
@Command(name = "bench", description = "Benchmark the embedded engine and print a table.")
public final class Bench implements Callable<Integer> {
  @Option(
      names = "--config",
      defaultValue = "config/o2o.yaml",
      description = "base config (default: ${DEFAULT-VALUE})")
  Path configFile;

  @Option(
      names = "--events",
      defaultValue = "2000000",
      description =
          "till sales and deliveries for the throughput run; runs of 500,000 ended before the JIT"
              + " had compiled the hot paths (default: ${DEFAULT-VALUE})")
  int events;

  @Option(
      names = "--skus",
      description =
          "skus for the throughput run, each stocked at every location: this many generated ones"
              + " instead of the configured catalogue's (default: the catalogue's)")
  Integer skus;

  @Option(
      names = "--footfall-events",
      defaultValue = "500000",
      description =
          "events of the seeded footfall mix for the footfall run, at least (default:"
              + " ${DEFAULT-VALUE})")
  int footfallEvents;

  @Option(
      names = "--arrivals-per-second",
      defaultValue = "1000",
      description = "store arrivals per second in the latency run (default: ${DEFAULT-VALUE})")
  int arrivalsPerSecond;

  @Option(
      names = "--arrivals",
      defaultValue = "10000",
      description = "store arrivals in the latency run (default: ${DEFAULT-VALUE})")
  int arrivals;

  @Option(
      names = "--warm-up",
      defaultValue = "60",
      description =
          "seconds of arrivals at the same rate before the latency run measures, while the JIT"
              + " compiles the hot paths; the measured arrivals start once every warm-up"
              + " arrival's offer has arrived (default: ${DEFAULT-VALUE})")
  int warmUpSeconds;

  @Option(
      names = "--phones",
      defaultValue = "500",
      description =
          "customers with a phone subscribed to their offers in the latency run; each arrives in"
              + " the stores in turn (default: ${DEFAULT-VALUE})")
  int phoneCount;

  @Option(
      names = "--inventory-events-per-second",
      defaultValue = "1000",
      description =
          "till sales and deliveries per second sent to Kafka while the latency run's arrivals"
              + " go on (default: ${DEFAULT-VALUE})")
  int inventoryEventsPerSecond;

  @Option(
      names = "--parallelism",
      description = "parallelism of the Flink jobs in every run (default: the config's)")
  Integer parallelism;

  /** The parts of the bench, each with its own fresh engine or cluster. */
  enum Run {
    THROUGHPUT,
    FOOTFALL,
    LATENCY,
    CHECKPOINT,
    GATEWAY,
    DASHBOARD
  }

  @Option(
      names = "--runs",
      split = ",",
      defaultValue = "THROUGHPUT,FOOTFALL,LATENCY,CHECKPOINT,GATEWAY,DASHBOARD",
      description = "which runs to do, comma separated, of ${COMPLETION-CANDIDATES} (default: all)")
  java.util.Set<Run> runs;

  @Option(
      names = "--state-keys",
      defaultValue = "10000000",
      description =
          "sku x location keys loaded into RocksDB state in the checkpoint run (default:"
              + " ${DEFAULT-VALUE})")
  long stateKeys;

  @Option(
      names = "--gateway-events",
      defaultValue = "600000",
      description =
          "beacon sightings published over MQTT in the gateway run (default: ${DEFAULT-VALUE})")
  int gatewayEvents;

  @Option(
      names = "--gateway-warm-up",
      defaultValue = "1000000",
      description =
          "beacon sightings sent through the gateway before the gateway run measures, while the"
              + " JIT compiles the path (default: ${DEFAULT-VALUE})")
  int gatewayWarmUp;

  @Option(
      names = "--gateway-publishers",
      defaultValue = "8",
      description =
          "store publishers in the gateway run, spread over the stores (default: ${DEFAULT-VALUE})")
  int gatewayPublishers;

  @Option(
      names = "--dashboard-changes",
      defaultValue = "300",
      description =
          "changes timed on their way to the live dashboard's stream, per path (default:"
              + " ${DEFAULT-VALUE})")
  int dashboardChanges;

  /** Event time between two consecutive stock events of the throughput run. */
  static final Duration EVENT_SPACING = Duration.ofMillis(1);

  private static final int SALES = 200;

  /** The latency run's offers are also reported by the fifth of the run they answer. */
  private static final int FIFTHS = 5;

  /**
   * How long the latency run waits for the warm-up's offers before it measures, and how long it
   * waits when none arrives any more: the warm-up may end with a backlog (a cold engine falls
   * behind while the JIT compiles), and arrivals measured behind it would time the backlog.
   */
  private static final Duration WARM_UP_DRAIN_LIMIT = Duration.ofSeconds(120);

  private static final Duration WARM_UP_DRAIN_QUIET = Duration.ofSeconds(5);

  /**
   * Sightings a store gateway of the latency run may have unacknowledged: far more than a store
   * sends while the broker answers, so that the arrivals are never held back by the publisher.
   */
  private static final int LATENCY_RUN_PUBLISHER_WINDOW = 10_000;

  private static final int GEODE_READS = 22_000;

  private final Map<String, String> rows = new LinkedHashMap<>();
  private final List<Path> dataDirs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    try {
      if (runs.contains(Run.THROUGHPUT)) {
        System.out.println(
            "Throughput run: "
                + events
                + " till sales and deliveries through the inventory job ...");
        throughput();
      }
      if (runs.contains(Run.FOOTFALL)) {
        System.out.printf(
            "Footfall run: %,d events of touches, visits and purchases through the footfall"
                + " job ...%n",
            footfallEvents);
        EngineConfig config = freshConfig(Map.of());
        try (EmbeddedEngine engine = EmbeddedEngine.start(config, List.of())) {
          rows.putAll(FootfallRun.run(engine, config, footfallEvents).rows());
        }
      }
      if (runs.contains(Run.LATENCY)) {
        System.out.println(
            "Latency run: "
                + arrivals
                + " arrivals at "
                + arrivalsPerSecond
                + "/s with all jobs running, after "
                + warmUpSeconds
                + " s of warm-up ...");
        latency();
      }
      if (runs.contains(Run.CHECKPOINT)) {
        System.out.printf(
            "Checkpoint run: %,d sku x location keys into RocksDB state ...%n", stateKeys);
        checkpoints();
      }
      if (runs.contains(Run.GATEWAY)) {
        System.out.printf(
            "Gateway run: %,d beacon sightings over MQTT QoS 1 through the gateway to Kafka, after"
                + " %,d unmeasured ...%n",
            gatewayEvents, gatewayWarmUp);
        gateway();
      }
      if (runs.contains(Run.DASHBOARD)) {
        System.out.println(
            "Dashboard run: " + dashboardChanges + " changes per path to the live stream ...");
        EngineConfig config = freshConfig(Map.of());
        try (EmbeddedEngine engine = EmbeddedEngine.start(config)) {
          rows.putAll(DashboardLatencyRun.run(engine, config, dashboardChanges).rows());
        }
      }
    } finally {
      printTable();
      dataDirs.forEach(Bench::deleteRecursively);
    }
    return 0;
  }

  private EngineConfig freshConfig(Map<String, String> extra) throws Exception {
    Path dataDir = Files.createTempDirectory("o2o-bench");
    dataDirs.add(dataDir);
    Map<String, String> overrides = new LinkedHashMap<>(EmbeddedEngine.isolatedOverrides(dataDir));
    // Quiet hours would silence the latency run at night.
    overrides.put("engagement.quietHours.start", "00:00");
    overrides.put("engagement.quietHours.end", "00:00");
    if (parallelism != null) {
      overrides.put("engine.parallelism", parallelism.toString());
    }
    overrides.putAll(extra);
    return ConfigLoader.load(configFile, ConfigLoader.DEFAULT_PROFILE, overrides);
  }

  private void throughput() throws Exception {
    EngineConfig config = freshConfig(Map.of());
    if (skus != null) {
      config = config.withCatalogue(generatedCatalogue(config.catalogue(), skus));
    }
    try (EmbeddedEngine engine = EmbeddedEngine.start(config, List.of())) {
      List<String> locations = new ArrayList<>();
      config.stores().forEach(s -> locations.add(s.id()));
      locations.add(config.warehouse().id());
      List<CatalogueItem> items = config.catalogue().items();
      try (KafkaProducer<String, byte[]> producer = producer(engine)) {
        // Event times spread over the recent past, each a little after the previous, on both
        // topics, so that the watermark advances and the ledger's journal folds as in a live store.
        Instant first = Instant.now().minus(EVENT_SPACING.multipliedBy(events));
        int keys = items.size() * locations.size();
        for (int i = 0; i < events; i++) {
          String location = locations.get(i % locations.size());
          String sku = items.get((i / locations.size()) % items.size()).sku();
          Instant at = first.plus(EVENT_SPACING.multipliedBy(i));
          boolean store = !location.equals(config.warehouse().id());
          // Every other pass over the keys sells one unit in each store; the others deliver ten.
          if (store && (i / keys) % 2 == 1) {
            producer.send(
                record(
                    Topics.SALES,
                    new PosSale(
                        "bench-" + i,
                        at,
                        location,
                        "bench-receipt-" + i,
                        sku,
                        1,
                        BigDecimal.TEN,
                        config.catalogue().currency(),
                        null,
                        null)));
          } else {
            producer.send(
                record(Topics.STOCK, new StockReceived("bench-" + i, at, location, sku, 10)));
          }
        }
        producer.flush();
      }
      List<String> topics = List.of(Topics.SALES.name(), Topics.STOCK.name());
      double raw = drainRate(engine.config().kafka(), topics, events, "read_uncommitted");
      rows.put(
          "raw Kafka consumer, " + String.join(" + ", topics) + " (events/s)",
          String.format("%,.0f", raw));

      try (Admin admin = Admin.create(engine.config().kafka().clientConfig(Map.of()));
          var flink = dev.o2o.launcher.FlinkRunner.start(config, List.of(Job.INVENTORY))) {
        long total = CommittedRate.inputRecords(admin, Job.INVENTORY);
        flink.awaitRunning(Duration.ofSeconds(60));
        TaskRecordRate.Measured job =
            TaskRecordRate.measure(
                flink.restAddress(),
                flink.jobId(Job.INVENTORY),
                // Every movement enters the ledger's task once.
                dev.o2o.inventory.InventoryJob.LEDGER_NAME,
                total,
                Duration.ofMinutes(5));
        rows.put(
            "inventory job at parallelism "
                + config.engine().parallelism()
                + ", "
                + String.format("%,d", items.size() * locations.size())
                + " sku x location keys, "
                + String.join(" + ", topics)
                + " -> "
                + Topics.STOCK_LEVELS.name()
                + " (events/s)",
            String.format("%,.0f", job.recordsPerSecond()));
        rows.put(
            "  process CPU time per event while the job ran (µs)",
            String.format("%.1f", job.cpuMicrosPerRecord()));
        if (job.counted() < total) {
          rows.put("  warning: events the ledger took in before the deadline", "" + job.counted());
        }
      }
    }
  }

  /**
   * A catalogue of {@code count} skus, named {@code BENCH-000001} on, in the configured catalogue's
   * categories and at its prices, in turn.
   */
  private static Catalogue generatedCatalogue(Catalogue configured, int count) {
    List<CatalogueItem> items = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      CatalogueItem like = configured.items().get(i % configured.items().size());
      items.add(
          new CatalogueItem(
              String.format("BENCH-%06d", i + 1),
              "Bench item " + (i + 1),
              like.category(),
              like.price()));
    }
    return new Catalogue(configured.currency(), items, Map.of());
  }

  private void checkpoints() throws Exception {
    EngineConfig config = freshConfig(Map.of("engine.stateBackend", "rocksdb"));
    CheckpointRun.Result result = CheckpointRun.run(config, stateKeys);
    rows.put("RocksDB: sku x location keys in state", String.format("%,d", result.keys()));
    rows.put(
        "RocksDB: loading them, inventory topology (events/s)",
        String.format("%,.0f", result.loadEventsPerSecond()));
    rows.put(
        "RocksDB: full checkpoint, duration (s) / size (MB)",
        String.format(
            "%.1f / %,.0f",
            result.full().duration().toMillis() / 1000.0, result.full().stateBytes() / 1e6));
    rows.put(
        "RocksDB: incremental checkpoint after "
            + String.format("%,d", result.updatesBetween())
            + " updates, duration (s) / written (MB)",
        String.format(
            "%.1f / %,.1f",
            result.incremental().duration().toMillis() / 1000.0,
            result.incremental().writtenBytes() / 1e6));
    rows.put(
        "RocksDB: checkpoint run, start to end (s)",
        String.format("%.0f", result.runTime().toMillis() / 1000.0));
  }

  private void gateway() throws Exception {
    GatewayRun.Result result =
        GatewayRun.run(freshConfig(Map.of()), gatewayWarmUp, gatewayEvents, gatewayPublishers);
    rows.put(
        "gateway: MQTT QoS 1 -> Kafka, " + gatewayPublishers + " store publishers (events/s)",
        String.format("%,.0f", result.forwardedPerSecond()));
    rows.put(
        "gateway: on Kafka / published, duplicates; CPU per event (µs), load average",
        String.format(
            "%,d / %,d, %,d; %.1f, %.1f",
            result.distinctOnKafka(),
            result.published(),
            result.duplicates(),
            result.cpuMicrosPerEvent(),
            result.loadAverage()));
  }

  /** Reads topics from the start with a plain consumer and returns records per second. */
  static double drainRate(
      KafkaSettings kafka, List<String> topics, int expected, String isolation) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(kafka, isolation)) {
      consumer.subscribe(topics);
      long count = 0;
      long start = 0;
      long deadline = System.currentTimeMillis() + 120_000;
      while (count < expected && System.currentTimeMillis() < deadline) {
        var records = consumer.poll(Duration.ofMillis(200));
        if (!records.isEmpty() && start == 0) {
          start = System.nanoTime();
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
          count += record.value().length > 0 ? 1 : 0;
        }
      }
      return count / ((System.nanoTime() - start) / 1e9);
    }
  }

  private void latency() throws Exception {
    // Customers may come back for another offer at once, beyond the cooldown and the frequency
    // caps; each arrival is at another store than their last, which closes the visit there.
    EngineConfig config =
        freshConfig(
            Map.of(
                "engagement.minSightings", "2",
                "engagement.offerCooldown", "0s",
                "engagement.frequencyCaps", "[]",
                "engine.maxOutOfOrderness", "1s"));
    try (EmbeddedEngine engine = EmbeddedEngine.start(config)) {
      List<String> customers = new ArrayList<>();
      for (int i = 0; i < phoneCount; i++) {
        customers.add(String.format("bench-c-%06d", i));
      }
      try (KafkaProducer<String, byte[]> producer = producer(engine)) {
        Instant now = Instant.now();
        for (StoreConfig store : config.stores()) {
          for (CatalogueItem item : config.catalogue().items()) {
            producer.send(
                record(
                    Topics.STOCK,
                    new StockCounted(uuid(), now, store.id(), item.sku(), 1_000_000)));
          }
        }
        List<CatalogueItem> items = config.catalogue().items();
        for (int i = 0; i < customers.size(); i++) {
          String customer = customers.get(i);
          producer.send(
              record(Topics.CUSTOMERS, new CustomerUpdated(uuid(), now, customer, "member", true)));
          producer.send(
              record(
                  Topics.TOUCHES,
                  new OnlineTouch(
                      uuid(),
                      now,
                      customer,
                      TouchKind.PRODUCT_VIEW,
                      null,
                      items.get(i % items.size()).sku())));
        }
        producer.flush();
      }
      // Profiles and stock pass through the jobs and a checkpoint before arrivals begin.
      Thread.sleep(config.engine().checkpointInterval().toMillis() * 2 + 3_000);

      Map<String, Long> publishedAt = new ConcurrentHashMap<>();
      Latencies offerLatency = new Latencies();
      Latencies floorLatency = new Latencies();
      Latencies offerOnKafka = new Latencies();
      // Offers by the fifth of the measured arrivals they answer: a p99 that grows from one fifth
      // to the next means the engine falls further behind as the run goes on.
      Latencies[] offerByFifth = new Latencies[FIFTHS];
      Arrays.setAll(offerByFifth, fifth -> new Latencies());
      long measuredNanos = arrivals * 1_000_000_000L / arrivalsPerSecond;
      AtomicLong measureStart = new AtomicLong(Long.MAX_VALUE);
      AtomicInteger offersReceived = new AtomicInteger();
      Phones.OfferListener onOffer =
          (customer, payload, received) -> {
            offersReceived.incrementAndGet();
            Offer offer = Json.decode(payload, Offer.class);
            Long sent = publishedAt.get(arrivalKey(offer.customerId(), offer.issuedAt()));
            if (sent != null) {
              long micros = (received - sent) / 1_000;
              offerLatency.add(micros);
              long intoRun = sent - measureStart.get();
              int fifth = (int) Math.min(FIFTHS - 1, Math.max(0, intoRun * FIFTHS / measuredNanos));
              offerByFifth[fifth].add(micros);
            }
          };
      long subscribing = System.nanoTime();
      Phones phones = Phones.subscribe(config.mqtt(), customers, onOffer);
      Duration subscribed = Duration.ofNanos(System.nanoTime() - subscribing);

      AtomicBoolean running = new AtomicBoolean(true);
      // The floor consumer also sees the offers reach Kafka; it reads on until the phones stop.
      AtomicBoolean reading = new AtomicBoolean(true);
      Thread floor =
          new Thread(
              () -> {
                try (KafkaConsumer<byte[], byte[]> consumer =
                    consumer(engine.config().kafka(), "read_uncommitted")) {
                  consumer.subscribe(List.of(Topics.BEACONS.name(), Topics.OFFERS.name()));
                  while (reading.get()) {
                    for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(100))) {
                      long received = System.nanoTime();
                      Long sent;
                      Latencies stage;
                      if (record.topic().equals(Topics.OFFERS.name())) {
                        Offer offer = Topics.OFFERS.decode(record.value());
                        sent = publishedAt.get(arrivalKey(offer.customerId(), offer.issuedAt()));
                        stage = offerOnKafka;
                      } else {
                        BeaconSighting sighting = Topics.BEACONS.decode(record.value());
                        sent = publishedAt.get(sighting.eventId());
                        stage = floorLatency;
                      }
                      if (sent != null) {
                        stage.add((received - sent) / 1_000);
                      }
                    }
                  }
                }
              },
              "bench-floor");
      floor.start();
      InventoryLoad inventoryLoad = new InventoryLoad(engine, config, inventoryEventsPerSecond);
      Thread inventory = new Thread(() -> inventoryLoad.run(running), "bench-inventory-load");
      inventory.start();
      Thread.sleep(2_000);
      System.out.println(
          "  "
              + phones.size()
              + " phones subscribed; arrivals start, with "
              + inventoryEventsPerSecond
              + " inventory events/s");

      List<StoreConfig> stores = config.stores();
      Map<String, StorePublisher> gateways = new LinkedHashMap<>();
      for (StoreConfig store : stores) {
        gateways.put(
            store.id(),
            StorePublisher.connect(
                config.mqtt(), "bench-gw-" + store.id(), store, LATENCY_RUN_PUBLISHER_WINDOW));
      }
      // The first arrivals only warm the engine up: their latencies are not recorded.
      int warmUpArrivals = warmUpSeconds * arrivalsPerSecond;
      var os =
          (com.sun.management.OperatingSystemMXBean)
              java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      long cpuAtMeasure = 0;
      long nanosAtMeasure = 0;
      Duration drained = Duration.ZERO;
      int warmUpOffers = 0;
      long intervalNanos = 1_000_000_000L / arrivalsPerSecond;
      long next = System.nanoTime();
      for (int i = 0; i < warmUpArrivals + arrivals; i++) {
        boolean measured = i >= warmUpArrivals;
        if (i == warmUpArrivals) {
          long drainStart = System.nanoTime();
          awaitOffers(offersReceived, warmUpArrivals);
          drained = Duration.ofNanos(System.nanoTime() - drainStart);
          warmUpOffers = offersReceived.get();
          next = System.nanoTime();
          cpuAtMeasure = os.getProcessCpuTime();
          nanosAtMeasure = System.nanoTime();
          measureStart.set(nanosAtMeasure);
        }
        String customer = customers.get(i % customers.size());
        int round = i / customers.size();
        StoreConfig store = stores.get((i % customers.size() + round) % stores.size());
        String beacon = store.beacons().get(0).id();
        Instant first = Instant.now();
        for (int s = 0; s < config.engagement().minSightings(); s++) {
          Instant seenAt = first.plusMillis(s);
          BeaconSighting sighting =
              new BeaconSighting(uuid(), seenAt, store.id(), beacon, customer, -60);
          long sent = System.nanoTime();
          if (measured) {
            publishedAt.put(sighting.eventId(), sent);
          }
          if (measured && s == config.engagement().minSightings() - 1) {
            publishedAt.put(arrivalKey(customer, seenAt), sent);
          }
          gateways
              .get(store.id())
              .publish(
                  MqttTopics.store(store.id(), StoreChannel.BEACONS), Json.encodeEvent(sighting));
        }
        next += intervalNanos;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
      long deadline = System.currentTimeMillis() + 30_000;
      while (offerLatency.count() < arrivals && System.currentTimeMillis() < deadline) {
        Thread.sleep(200);
      }
      double cpuShare =
          (os.getProcessCpuTime() - cpuAtMeasure)
              / (double) (System.nanoTime() - nanosAtMeasure)
              / Runtime.getRuntime().availableProcessors();
      running.set(false);
      inventory.join(5_000);
      System.out.printf(
          "  %d offers received, %d sightings seen by the floor consumer, %d inventory events"
              + " sent%n",
          offerLatency.count(), floorLatency.count(), inventoryLoad.sent());
      StoreConfig saleStore = stores.get(0);
      Latencies saleVisible = saleToApi(engine, config, saleStore, gateways.get(saleStore.id()));
      Latencies geodeReads = geodeReads(engine, Regions.INVENTORY, stockKeys(config));
      Latencies profileReads = geodeReads(engine, Regions.PROFILES, customers);
      reading.set(false);
      floor.join(5_000);
      for (StorePublisher gateway : gateways.values()) {
        gateway.close();
      }
      int phonesLost = phones.lost();
      phones.close();
      rows.put(
          "offers received / arrivals (at "
              + arrivalsPerSecond
              + "/s, with "
              + inventoryEventsPerSecond
              + " inventory events/s)",
          offerLatency.count() + " / " + arrivals);
      rows.put(
          "  measured after a warm-up of (s); process CPU while measuring (share of all cores)",
          String.format("%d; %.0f%%", warmUpSeconds, cpuShare * 100));
      rows.put(
          "  warm-up offers on the phones before measuring; waited for them after the warm-up (s)",
          String.format(
              "%d of %d; %.1f", warmUpOffers, warmUpArrivals, drained.toMillis() / 1000.0));
      rows.put(
          "  phones subscribed in (s); lost their connection while subscribing and reconnected;"
              + " lost it later",
          String.format(
              "%.1f; %d; %d", subscribed.toMillis() / 1000.0, phones.reconnected(), phonesLost));
      rows.put(
          "beacon MQTT publish -> offer on phone, p50 / p99 (ms)",
          String.format(
              "%.1f / %.1f", offerLatency.percentileMillis(50), offerLatency.percentileMillis(99)));
      rows.put(
          "  p99 in each fifth of the measured arrivals, first to last (ms)",
          Arrays.stream(offerByFifth)
              .map(fifth -> String.format("%.1f", fifth.percentileMillis(99)))
              .collect(Collectors.joining(" / ")));
      rows.put(
          "  of which until the offer is on Kafka, p50 / p99 (ms)",
          String.format(
              "%.1f / %.1f", offerOnKafka.percentileMillis(50), offerOnKafka.percentileMillis(99)));
      rows.put(
          "floor: MQTT -> gateway -> Kafka -> consumer, p50 / p99 (ms)",
          String.format(
              "%.1f / %.1f", floorLatency.percentileMillis(50), floorLatency.percentileMillis(99)));
      double target = 1.5 * floorLatency.percentileMillis(99) + 5;
      rows.put(
          "  offer p99 target, 1.5 x floor p99 + 5 (ms)",
          String.format(
              "%.1f (%s)",
              target, offerLatency.percentileMillis(99) <= target ? "met" : "not met"));
      rows.put(
          "POS sale over MQTT -> visible in the API, p50 / p99 (ms, "
              + saleVisible.count()
              + " sales)",
          String.format(
              "%.1f / %.1f", saleVisible.percentileMillis(50), saleVisible.percentileMillis(99)));
      rows.put(
          "Geode availability read, p50 / p99 (ms, " + geodeReads.count() + " reads)",
          String.format(
              "%.3f / %.3f", geodeReads.percentileMillis(50), geodeReads.percentileMillis(99)));
      rows.put(
          "Geode customer profile read, p50 / p99 (ms, " + profileReads.count() + " reads)",
          String.format(
              "%.3f / %.3f", profileReads.percentileMillis(50), profileReads.percentileMillis(99)));
      rows.put(
          "embedded engine start-up (s)",
          String.format("%.1f", engine.startupTime().toMillis() / 1000.0));
    }
  }

  /** Matches an offer to the arrival that earned it: the visit's last sighting time. */
  private static String arrivalKey(String customer, Instant lastSighting) {
    return customer + "@" + lastSighting;
  }

  /**
   * Waits until the phones received {@code expected} offers, none arrived for {@link
   * #WARM_UP_DRAIN_QUIET}, or {@link #WARM_UP_DRAIN_LIMIT} passed.
   */
  private static void awaitOffers(AtomicInteger received, int expected)
      throws InterruptedException {
    long limit = System.nanoTime() + WARM_UP_DRAIN_LIMIT.toNanos();
    int seen = received.get();
    long lastChange = System.nanoTime();
    while (seen < expected && System.nanoTime() < limit) {
      Thread.sleep(100);
      int now = received.get();
      if (now != seen) {
        seen = now;
        lastChange = System.nanoTime();
      } else if (System.nanoTime() - lastChange > WARM_UP_DRAIN_QUIET.toNanos()) {
        return;
      }
    }
  }

  private static void deleteRecursively(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (java.io.IOException e) {
      System.err.println("could not delete " + dir + ": " + e.getMessage());
    }
  }

  static void disconnectQuietly(MqttAsyncClient client) {
    try {
      client.disconnect().waitForCompletion(2_000);
    } catch (MqttException e) {
      // The broker may already have closed an idle connection; nothing to measure here.
    }
  }

  /**
   * Sells one unit at a time over MQTT, as a store's till would, and polls the availability API
   * until the sale shows: the time from the publish to the first answer that includes it.
   */
  private static Latencies saleToApi(
      EmbeddedEngine engine, EngineConfig config, StoreConfig store, StorePublisher gateway)
      throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    Latencies latencies = new Latencies();
    List<CatalogueItem> items = config.catalogue().items();
    for (int i = 0; i < SALES; i++) {
      CatalogueItem item = items.get(i % items.size());
      java.net.URI uri = java.net.URI.create(engine.apiUrl() + "/api/availability/" + item.sku());
      long before = version(http, uri, store.id());
      PosSale sale =
          new PosSale(
              uuid(),
              Instant.now(),
              store.id(),
              "bench-" + i,
              item.sku(),
              1,
              item.price(),
              config.catalogue().currency(),
              null,
              null);
      long sent = System.nanoTime();
      gateway.publish(MqttTopics.store(store.id(), StoreChannel.SALES), Json.encodeEvent(sale));
      long deadline = sent + Duration.ofSeconds(10).toNanos();
      // Polling without a pause would take one of the engine's cores and slow what it measures.
      while (version(http, uri, store.id()) == before && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      if (System.nanoTime() < deadline) {
        latencies.add((System.nanoTime() - sent) / 1_000);
      }
      Thread.sleep(20);
    }
    return latencies;
  }

  private static long version(java.net.http.HttpClient http, java.net.URI uri, String storeId)
      throws Exception {
    String body =
        http.send(
                java.net.http.HttpRequest.newBuilder(uri).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    for (var location : Json.mapper().readTree(body).get("locations")) {
      if (location.get("locationId").asText().equals(storeId)) {
        return location.get("version").asLong();
      }
    }
    return -1;
  }

  private static List<String> stockKeys(EngineConfig config) {
    List<String> keys = new ArrayList<>();
    for (StoreConfig store : config.stores()) {
      config.catalogue().items().forEach(item -> keys.add(StockLevel.key(item.sku(), store.id())));
    }
    return keys;
  }

  /** Times single reads of one region's keys from Geode, as the API does them. */
  private static Latencies geodeReads(EmbeddedEngine engine, String region, List<String> keys) {
    var values = GeodeClient.region(engine.geode(), region);
    Latencies latencies = new Latencies();
    for (int i = 0; i < GEODE_READS; i++) {
      String key = keys.get(i % keys.size());
      long start = System.nanoTime();
      values.get(key);
      if (i >= GEODE_READS / 10) {
        latencies.add((System.nanoTime() - start) / 1_000);
      }
    }
    return latencies;
  }

  private void printTable() {
    int width = rows.keySet().stream().mapToInt(String::length).max().orElse(10);
    System.out.println();
    System.out.printf("| %-" + width + "s | %s%n", "measure", "value");
    System.out.println("|" + "-".repeat(width + 2) + "|-------");
    rows.forEach((k, v) -> System.out.printf("| %-" + width + "s | %s%n", k, v));
    System.out.printf(
        "%n(%d cores, %s, JDK %s)%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name"),
        System.getProperty("java.version"));
  }

  static KafkaProducer<String, byte[]> producer(EmbeddedEngine engine) {
    return new KafkaProducer<>(
        engine
            .config()
            .kafka()
            .clientConfig(
                Map.of(
                    ProducerConfig.LINGER_MS_CONFIG,
                    20,
                    ProducerConfig.BATCH_SIZE_CONFIG,
                    256 * 1024,
                    ProducerConfig.ACKS_CONFIG,
                    "all")),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  static <V> ProducerRecord<String, byte[]> record(Topic<V> topic, V value) {
    return new ProducerRecord<>(topic.name(), topic.keyOf(value), topic.encode(value));
  }

  private static KafkaConsumer<byte[], byte[]> consumer(KafkaSettings kafka, String isolation) {
    return new KafkaConsumer<>(
        kafka.clientConfig(
            Map.of(
                ConsumerConfig.GROUP_ID_CONFIG,
                "bench-" + uuid(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                isolation,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                5_000)),
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  private static String uuid() {
    return java.util.UUID.randomUUID().toString();
  }
}
