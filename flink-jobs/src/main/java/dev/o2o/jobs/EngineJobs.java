package dev.o2o.jobs;

import dev.o2o.config.ConfigOptions;
import dev.o2o.config.EngineConfig;
import dev.o2o.config.InventorySettings;
import dev.o2o.contract.BeaconSighting;
import dev.o2o.contract.CampaignBudget;
import dev.o2o.contract.CampaignDefined;
import dev.o2o.contract.CampaignKpis;
import dev.o2o.contract.CampaignReport;
import dev.o2o.contract.CampaignStats;
import dev.o2o.contract.CustomerUpdated;
import dev.o2o.contract.DoorCount;
import dev.o2o.contract.FootfallMinute;
import dev.o2o.contract.MemberProfile;
import dev.o2o.contract.Offer;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.OrderPlaced;
import dev.o2o.contract.PosSale;
import dev.o2o.contract.Redemption;
import dev.o2o.contract.StockLevel;
import dev.o2o.contract.StoreCreditTotals;
import dev.o2o.contract.StoreKpis;
import dev.o2o.contract.Topic;
import dev.o2o.contract.Topics;
import dev.o2o.contract.Visit;
import dev.o2o.engagement.EngagementInputs;
import dev.o2o.engagement.EngagementJob;
import dev.o2o.engagement.GeodeStockLookup;
import dev.o2o.footfall.FootfallInputs;
import dev.o2o.footfall.FootfallJob;
import dev.o2o.footfall.Purchase;
import dev.o2o.inventory.InventoryInputs;
import dev.o2o.inventory.InventoryJob;
import dev.o2o.inventory.OrderEvent;
import dev.o2o.inventory.StockMovement;
import dev.o2o.store.Regions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The engine's Flink jobs, wired to real Kafka topics and Geode regions. The embedded launcher
 * builds each job's graph with {@link #configure} and {@link #define} and runs it on a MiniCluster;
 * {@link #main} submits the same jobs to a Flink cluster.
 */
public final class EngineJobs {
  /**
   * How long a record may wait in a network buffer for others; Flink's default of 100 ms would
   * dominate the tens of milliseconds from a till sale to the API.
   */
  static final Duration BUFFER_TIMEOUT = Duration.ofMillis(5);

  /**
   * The engagement and footfall jobs send every record on at once. Their traffic is a few thousand
   * records a second at most, and a buffer timeout costs each task a thread that wakes every few
   * milliseconds: with the three jobs' tasks that was 166 threads and, at 50 arrivals a second, a
   * quarter of a core of the engine's two. Only the inventory job's event rate pays for batching.
   */
  static Duration bufferTimeout(Job job) {
    return job == Job.INVENTORY ? BUFFER_TIMEOUT : Duration.ZERO;
  }

  private EngineJobs() {}

  /** The jobs, each restartable on its own. */
  public enum Job {
    INVENTORY,
    ENGAGEMENT,
    FOOTFALL;

    /** The lower-case name used in operator ids, consumer groups and checkpoint paths. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    public String displayName() {
      return "o2o-" + id();
    }

    /** The consumer group the job's Kafka sources commit their offsets to, at each checkpoint. */
    public String consumerGroup() {
      return "o2o-" + id();
    }

    /**
     * The topics the job reads, for operators watching its consumer lag. {@link #define} refuses a
     * job whose wiring reads other topics, so this list cannot fall behind the topology.
     */
    public List<Topic<?>> inputs() {
      return switch (this) {
        case INVENTORY -> List.of(Topics.SALES, Topics.ORDERS, Topics.STOCK, Topics.VISITS);
        case ENGAGEMENT ->
            List.of(
                Topics.BEACONS,
                Topics.CUSTOMERS,
                Topics.TOUCHES,
                Topics.SALES,
                Topics.ORDERS,
                Topics.CAMPAIGNS,
                Topics.CAMPAIGN_BUDGETS,
                Topics.REDEMPTIONS);
        case FOOTFALL ->
            List.of(
                Topics.DOOR_COUNTS,
                Topics.VISITS,
                Topics.TOUCHES,
                Topics.SALES,
                Topics.ORDERS,
                Topics.CAMPAIGNS,
                Topics.OFFERS,
                Topics.REDEMPTIONS);
      };
    }

    public static Job of(String name) {
      return Arrays.stream(values())
          .filter(job -> job.id().equalsIgnoreCase(name))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "unknown job '" + name + "', expected one of " + List.of(values())));
    }

    @Override
    public String toString() {
      return id();
    }
  }

  /**
   * Sets up checkpointing (exactly once, retained on cancel, under {@code
   * engine.dataDir/checkpoints/<job>}, incremental where the state backend can), the state backend,
   * and a restore from the job's newest complete checkpoint, so that a restarted engine continues
   * where it stopped.
   */
  public static void configure(StreamExecutionEnvironment env, EngineConfig config, Job job) {
    Path checkpoints = checkpointDirectory(config, job);
    Configuration settings = new Configuration();
    settings.set(PipelineOptions.NAME, job.displayName());
    settings.set(PipelineOptions.GENERIC_TYPES, false);
    // Every record the jobs pass on is immutable, so chained operators may share it uncopied.
    settings.set(PipelineOptions.OBJECT_REUSE, true);
    settings.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.engine().checkpointInterval());
    settings.set(
        CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
    settings.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    settings.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    settings.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
    settings.set(StateBackendOptions.STATE_BACKEND, config.engine().stateBackend());
    // With RocksDB a checkpoint uploads only the files written since the last one, and a lookup of
    // a key not yet in state (every new id, sku or location) skips the files by a bloom filter.
    settings.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
    settings.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
    settings.set(ExecutionOptions.BUFFER_TIMEOUT, bufferTimeout(job));
    // The job takes ownership of the checkpoint it restores from, so Flink deletes it once a newer
    // one exists, instead of every restart leaving one behind.
    Checkpoints.newestComplete(checkpoints)
        .ifPresent(
            newest -> {
              settings.set(StateRecoveryOptions.SAVEPOINT_PATH, newest.toUri().toString());
              settings.set(StateRecoveryOptions.RESTORE_MODE, RecoveryClaimMode.CLAIM);
            });
    env.configure(settings);
    env.setParallelism(config.engine().parallelism());
  }

  public static Path checkpointDirectory(EngineConfig config, Job job) {
    return config.engine().dataDir().resolve("checkpoints").resolve(job.id()).toAbsolutePath();
  }

  /** Adds the job's sources, topology and sinks to the environment. */
  public static void define(Job job, StreamExecutionEnvironment env, EngineConfig config) {
    JobWiring wiring = new JobWiring(env, config, job.id(), job.consumerGroup());
    switch (job) {
      case INVENTORY -> defineInventory(wiring, config);
      case ENGAGEMENT -> defineEngagement(wiring, config);
      case FOOTFALL -> defineFootfall(wiring, config);
    }
    Set<String> declared = job.inputs().stream().map(Topic::name).collect(Collectors.toSet());
    if (!wiring.topicsRead().equals(declared)) {
      throw new IllegalStateException(
          "job "
              + job
              + " reads "
              + wiring.topicsRead()
              + " but declares the inputs "
              + declared
              + " (EngineJobs.Job.inputs)");
    }
    wiring.writeDeadLetters();
  }

  private static void defineInventory(JobWiring wiring, EngineConfig config) {
    JobWiring.Pacing ledgerInputs = ledgerInputPacing(config);
    InventoryJob.Outputs out =
        InventoryJob.topology(
            wiring.read(
                Topics.SALES, StockMovement.class, InventoryInputs.sales(config), ledgerInputs),
            wiring.read(
                Topics.ORDERS, OrderEvent.class, InventoryInputs.orders(config), ledgerInputs),
            wiring.read(
                Topics.STOCK, StockMovement.class, InventoryInputs.stock(config), ledgerInputs),
            // Visits only credit stores, and another job writes them at its own pace: they stay
            // out of the alignment, so that the engagement job never holds up stock.
            wiring.read(Topics.VISITS, Visit.class, InventoryInputs.visits()),
            config);
    wiring.writeChangelogExactlyOnce(out.stockLevels(), Topics.STOCK_LEVELS);
    wiring.writeExactlyOnce(out.reservations(), Topics.RESERVATIONS);
    wiring.writeExactlyOnce(out.alerts(), Topics.STOCK_ALERTS);
    wiring.writeExactlyOnce(out.credits(), Topics.STORE_CREDITS);
    wiring.writeToGeode(out.creditTotals(), Regions.STORE_CREDITS, StoreCreditTotals::storeId);
    wiring.writeToGeode(out.stockLevels(), Regions.INVENTORY, StockLevel::key);
    wiring.writeToGeode(
        out.alerts(),
        Regions.STOCK_ALERTS,
        alert -> StockLevel.key(alert.sku(), alert.locationId()));
  }

  /**
   * The ledger keeps each movement in a journal until the watermark has passed it: read from a
   * backlog unaligned, the topic whose records cover event time faster runs ahead, the watermark
   * follows the slowest, and the journals hold everything in between, which every checkpoint writes
   * again.
   */
  static JobWiring.Pacing ledgerInputPacing(EngineConfig config) {
    InventorySettings settings = config.inventory();
    return settings.alignsInputs()
        ? JobWiring.Pacing.aligned(settings.inputIdleTimeout(), "ledger", settings.inputDrift())
        : JobWiring.Pacing.unaligned(settings.inputIdleTimeout());
  }

  private static void defineEngagement(JobWiring wiring, EngineConfig config) {
    EngagementJob.Outputs out =
        EngagementJob.topology(
            wiring.read(Topics.BEACONS, BeaconSighting.class, EngagementInputs.sightings(config)),
            wiring.read(Topics.CUSTOMERS, CustomerUpdated.class, EngagementInputs.customers()),
            wiring.read(Topics.TOUCHES, OnlineTouch.class, EngagementInputs.touches(config)),
            wiring.read(Topics.SALES, PosSale.class, EngagementInputs.purchases(config)),
            wiring.read(Topics.ORDERS, OrderPlaced.class, EngagementInputs.orders(config)),
            wiring.read(
                Topics.CAMPAIGNS, CampaignDefined.class, EngagementInputs.campaigns(config)),
            wiring.read(Topics.CAMPAIGN_BUDGETS, CampaignBudget.class, EngagementInputs.budgets()),
            wiring.read(Topics.REDEMPTIONS, Redemption.class, EngagementInputs.redeemed()),
            config,
            new GeodeStockLookup(config.geode()));
    wiring.writeExactlyOnce(out.visits(), Topics.VISITS);
    wiring.writeAtLeastOnce(out.offers(), Topics.OFFERS);
    wiring.writeToGeode(out.visits(), Regions.VISITS, Visit::customerId);
    wiring.writeToGeode(out.offers(), Regions.OFFERS, Offer::customerId);
    wiring.writeToGeode(out.profiles(), Regions.PROFILES, MemberProfile::customerId);
    wiring.writeExactlyOnce(out.redemptions(), Topics.REDEMPTIONS);
    wiring.writeToGeode(
        out.redemptions()
            .filter(r -> r.outcome() == Redemption.Outcome.ACCEPTED)
            .name("Accepted redemptions"),
        Regions.REDEMPTIONS,
        Redemption::code);
    wiring.writeExactlyOnce(out.campaignReports(), Topics.CAMPAIGN_REPORTS);
    wiring.writeToGeode(
        out.campaignReports(), Regions.CAMPAIGN_REPORTS, CampaignReport::campaignId);
    // At least once and at once: the job reads its budgets back, and every status is a running
    // total it may receive twice; a transaction would hold each one back for a checkpoint.
    wiring.writeAtLeastOnce(out.campaignBudgets(), Topics.CAMPAIGN_BUDGETS);
    wiring.writeToGeode(
        out.campaignBudgets(), Regions.CAMPAIGN_BUDGETS, CampaignBudget::campaignId);
  }

  private static void defineFootfall(JobWiring wiring, EngineConfig config) {
    FootfallJob.Outputs out =
        FootfallJob.topology(
            wiring.read(Topics.DOOR_COUNTS, DoorCount.class, FootfallInputs.doorCounts(config)),
            wiring.read(Topics.VISITS, Visit.class, FootfallInputs.visits()),
            wiring.read(Topics.TOUCHES, OnlineTouch.class, FootfallInputs.campaignTouches()),
            wiring
                .read(Topics.SALES, Purchase.class, FootfallInputs.sales(config))
                .union(wiring.read(Topics.ORDERS, Purchase.class, FootfallInputs.orders(config))),
            wiring.read(Topics.CAMPAIGNS, CampaignDefined.class, FootfallInputs.campaigns()),
            wiring.read(Topics.OFFERS, Offer.class, FootfallInputs.offers(config)),
            wiring.read(Topics.REDEMPTIONS, Redemption.class, FootfallInputs.redemptions(config)),
            config);
    wiring.addDeadLetters(out.lateFootfall());
    wiring.writeToGeode(out.footfall(), Regions.FOOTFALL, FootfallMinute::key);
    wiring.writeExactlyOnce(out.attributions(), Topics.ATTRIBUTIONS);
    wiring.writeExactlyOnce(out.purchases(), Topics.ATTRIBUTED_PURCHASES);
    wiring.writeToGeode(out.campaignKpis(), Regions.CAMPAIGN_KPIS, CampaignKpis::campaignId);
    wiring.writeToGeode(out.storeKpis(), Regions.STORE_KPIS, StoreKpis::storeId);
    wiring.writeToGeode(out.campaignStats(), Regions.CAMPAIGNS, CampaignStats::campaignId);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Submit()).execute(args));
  }

  /** Submits jobs to the Flink cluster the environment points at (as set by {@code flink run}). */
  @Command(
      name = "o2o-jobs",
      mixinStandardHelpOptions = true,
      description = "Submits the O2O engine's Flink jobs.")
  static final class Submit implements Callable<Integer> {
    @Mixin ConfigOptions config;

    @Option(
        names = "--job",
        defaultValue = "all",
        description = "inventory, engagement, footfall or all (default: ${DEFAULT-VALUE}).")
    String job;

    @Override
    public Integer call() throws Exception {
      EngineConfig engineConfig = config.load();
      List<Job> jobs = job.equalsIgnoreCase("all") ? List.of(Job.values()) : List.of(Job.of(job));
      for (Job each : jobs) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        configure(env, engineConfig, each);
        define(each, env, engineConfig);
        JobClient client = env.executeAsync(each.displayName());
        System.out.println("submitted " + each.displayName() + " as job " + client.getJobID());
      }
      return 0;
    }
  }
}
