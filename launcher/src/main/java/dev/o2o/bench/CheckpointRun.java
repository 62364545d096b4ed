package dev.o2o.bench;

import static java.net.http.HttpResponse.BodyHandlers.ofString;

import com.fasterxml.jackson.databind.JsonNode;
import dev.o2o.config.EngineConfig;
import dev.o2o.config.StockLocation;
import dev.o2o.contract.Json;
import dev.o2o.contract.Visit;
import dev.o2o.inventory.InventoryJob;
import dev.o2o.inventory.OrderEvent;
import dev.o2o.inventory.StockMovement;
import dev.o2o.jobs.EngineJobs;
import dev.o2o.jobs.EngineJobs.Job;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.CheckpointType;
import org.apache.flink.runtime.checkpoint.AbstractCheckpointStats;
import org.apache.flink.runtime.checkpoint.CheckpointStatsStatus;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

/**
 * Fills the inventory job's RocksDB state with many sku x location ledgers and times its
 * checkpoints: how long a full checkpoint of that state takes and how big it is, and how long an
 * incremental one takes after a trickle of updates. It runs the real topology ({@link
 * InventoryJob#topology}) with the engine's checkpoint settings ({@link EngineJobs#configure}) on a
 * MiniCluster, fed by generated stock receipts instead of Kafka, so that the figures are the state
 * backend's alone.
 *
 * <p>One source delivers a receipt to every key once (skus {@code SKU-0 ...} at every configured
 * location); a second, throttled one sells single units at keys spread over the whole range for the
 * whole run. Events carry the wall-clock time, so the watermark advances and the ledgers' journals
 * fold as they do live.
 */
final class CheckpointRun {
  /** Updates per second during the whole run, spread over every key. */
  static final int UPDATES_PER_SECOND = 1_000;

  /** How long updates accumulate between the full and the incremental checkpoint. */
  static final Duration UPDATE_WINDOW = Duration.ofSeconds(10);

  /** State backend memory (block cache and write buffers) per slot. */
  static final MemorySize MANAGED_MEMORY_PER_SLOT = MemorySize.ofMebiBytes(512);

  private static final String LOAD_SOURCE = "Generated receipts";

  /** What the run measured. */
  record Result(
      long keys,
      double loadEventsPerSecond,
      Checkpoint full,
      Checkpoint incremental,
      long updatesBetween,
      Duration runTime) {}

  /** One completed checkpoint: its end-to-end duration, full state size and bytes it wrote. */
  record Checkpoint(Duration duration, long stateBytes, long writtenBytes) {}

  private CheckpointRun() {}

  /**
   * @param config the engine config, with {@code engine.stateBackend=rocksdb} and a fresh data
   *     directory for the checkpoints
   * @param keys how many sku x location keys to load
   */
  static Result run(EngineConfig config, long keys) throws Exception {
    long started = System.nanoTime();
    int parallelism = config.engine().parallelism();
    Configuration conf = new Configuration();
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
    conf.set(RestOptions.BIND_PORT, "0");
    conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofMillis(500));
    conf.set(
        TaskManagerOptions.MANAGED_MEMORY_SIZE,
        MemorySize.ofMebiBytes(MANAGED_MEMORY_PER_SLOT.getMebiBytes() * parallelism));
    MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(parallelism)
                .build());
    cluster.start();
    try {
      JobGraph graph = jobGraph(config, keys);
      cluster.submitJob(graph).get(60, TimeUnit.SECONDS);
      JobID job = graph.getJobID();
      awaitRunning(cluster, job);
      long loadStarted = System.nanoTime();
      awaitLoaded(cluster, job, keys);
      double loadRate = keys / ((System.nanoTime() - loadStarted) / 1e9);

      Checkpoint full = checkpoint(cluster, job, CheckpointType.FULL);
      long updatesFrom = System.nanoTime();
      Thread.sleep(UPDATE_WINDOW.toMillis());
      Checkpoint incremental = checkpoint(cluster, job, CheckpointType.INCREMENTAL);
      long updates = Math.round((System.nanoTime() - updatesFrom) / 1e9 * UPDATES_PER_SECOND);
      cluster.cancelJob(job).get(60, TimeUnit.SECONDS);
      return new Result(
          keys,
          loadRate,
          full,
          incremental,
          updates,
          Duration.ofNanos(System.nanoTime() - started));
    } finally {
      cluster.closeAsync().get(120, TimeUnit.SECONDS);
    }
  }

  private static JobGraph jobGraph(EngineConfig config, long keys) {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
    EngineJobs.configure(env, config, Job.INVENTORY);
    // Checkpoints are triggered by the run itself, never on a timer.
    Configuration manual = new Configuration();
    manual.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofDays(1));
    manual.set(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS, Duration.ofDays(1));
    // A failure ends the run with its cause instead of restarting out of sight.
    manual.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    env.configure(manual);

    List<String> locations = config.stockLocations().stream().map(StockLocation::id).toList();
    TypeInformation<StockMovement> type = TypeInformation.of(StockMovement.class);
    WatermarkStrategy<StockMovement> watermarks =
        WatermarkStrategy.<StockMovement>forBoundedOutOfOrderness(
                config.engine().maxOutOfOrderness())
            .withTimestampAssigner((movement, ignored) -> movement.occurredAt().toEpochMilli());
    DataStream<StockMovement> receipts =
        env.fromSource(
                new DataGeneratorSource<>(new Receipts(locations), keys, type),
                watermarks,
                LOAD_SOURCE)
            .uid("bench-receipts");
    DataStream<StockMovement> sales =
        env.fromSource(
                new DataGeneratorSource<>(
                    new Sales(locations, keys),
                    Long.MAX_VALUE,
                    RateLimiterStrategy.perSecond(UPDATES_PER_SECOND),
                    type),
                watermarks,
                "Generated sales")
            .uid("bench-sales");
    // The run holds no orders or visits; the topology still gets those streams, which stay empty.
    DataStream<OrderEvent> noOrders =
        sales
            .flatMap((StockMovement sale, Collector<OrderEvent> none) -> {})
            .returns(OrderEvent.class)
            .name("No orders");
    DataStream<Visit> noVisits =
        sales
            .flatMap((StockMovement sale, Collector<Visit> none) -> {})
            .returns(Visit.class)
            .name("No visits");

    InventoryJob.Outputs out = InventoryJob.topology(sales, noOrders, receipts, noVisits, config);
    out.stockLevels().sinkTo(new DiscardingSink<>()).uid("bench-levels").name("Discard levels");
    return env.getStreamGraph().getJobGraph();
  }

  private static void awaitRunning(MiniCluster cluster, JobID job) throws Exception {
    JobStatus status;
    while ((status = cluster.getJobStatus(job).get()) != JobStatus.RUNNING) {
      if (status.isTerminalState()) {
        throw new IllegalStateException("checkpoint bench job is " + status);
      }
      Thread.sleep(100);
    }
  }

  /**
   * Waits until the receipts source has emitted every key, as the cluster's REST API reports it.
   * The source then waits for a checkpoint before it finishes, and the next checkpoint's barrier
   * follows the last receipt through the ledgers.
   */
  private static void awaitLoaded(MiniCluster cluster, JobID job, long keys) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI uri = cluster.getRestAddress().get().resolve("/jobs/" + job);
    while (true) {
      JobStatus status = cluster.getJobStatus(job).get();
      if (status.isTerminalState()) {
        var failure = cluster.getExecutionGraph(job).get().getFailureInfo();
        throw new IllegalStateException(
            "checkpoint bench job is "
                + status
                + (failure == null ? "" : ": " + failure.getExceptionAsString()));
      }
      JsonNode details =
          Json.mapper().readTree(http.send(HttpRequest.newBuilder(uri).build(), ofString()).body());
      for (JsonNode vertex : details.path("vertices")) {
        if (vertex.path("name").asText().startsWith("Source: " + LOAD_SOURCE)
            && vertex.path("metrics").path("write-records").asLong() >= keys) {
          return;
        }
      }
      Thread.sleep(500);
    }
  }

  private static Checkpoint checkpoint(MiniCluster cluster, JobID job, CheckpointType type)
      throws Exception {
    long id = cluster.triggerCheckpoint(job, type).get(30, TimeUnit.MINUTES);
    while (true) {
      AbstractCheckpointStats stats =
          cluster
              .getExecutionGraph(job)
              .get()
              .getCheckpointStatsSnapshot()
              .getHistory()
              .getCheckpointById(id);
      if (stats != null && stats.getStatus() == CheckpointStatsStatus.COMPLETED) {
        return new Checkpoint(
            Duration.ofMillis(stats.getEndToEndDuration()),
            stats.getStateSize(),
            stats.getCheckpointedSize());
      }
      if (stats != null && stats.getStatus() == CheckpointStatsStatus.FAILED) {
        throw new IllegalStateException("checkpoint " + id + " failed");
      }
      Thread.sleep(100);
    }
  }

  /** A delivery of ten units to key {@code index}: sku {@code index / locations}, one location. */
  record Receipts(List<String> locations) implements GeneratorFunction<Long, StockMovement> {
    @Override
    public StockMovement map(Long index) {
      int count = locations.size();
      return StockMovement.of(
          "r" + index,
          Instant.now(),
          "SKU-" + index / count,
          locations.get((int) (index % count)),
          StockMovement.Kind.RECEIPT,
          10);
    }
  }

  /** A till sale of one unit at a key spread over all {@code keys} by a large prime stride. */
  record Sales(List<String> locations, long keys)
      implements GeneratorFunction<Long, StockMovement> {
    private static final long STRIDE = 2_147_483_647L;

    @Override
    public StockMovement map(Long index) {
      long key = Math.floorMod(index * STRIDE, keys);
      int count = locations.size();
      return StockMovement.of(
          "s" + index,
          Instant.now(),
          "SKU-" + key / count,
          locations.get((int) (key % count)),
          StockMovement.Kind.SALE,
          1);
    }
  }
}
