package dev.o2o.inventory;

import dev.o2o.config.EngineConfig;
import dev.o2o.jobs.EngineJobs;
import dev.o2o.jobs.EngineJobs.Job;
import dev.o2o.launcher.EmbeddedEngine;
import dev.o2o.launcher.EmbeddedKafka;
import dev.o2o.launcher.TopicSetup;
import dev.o2o.store.GeodeClient;
import dev.o2o.store.GeodeServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.checkpoint.AbstractCheckpointStats;
import org.apache.flink.runtime.checkpoint.CheckpointStatsHistory;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.RestoredCheckpointStats;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The inventory job as the engine runs it, on parts a test can break: an in-process Kafka broker
 * with the engine's topics, a Geode server as a child JVM, and a MiniCluster whose two TaskManagers
 * hold one slot each, so that every TaskManager runs a share of the job. The job is built by {@link
 * EngineJobs} exactly as the launcher builds it (its Kafka sources, exactly-once Kafka sinks and
 * Geode view); the cluster restarts it shortly after a failure.
 */
final class KillableEngine implements AutoCloseable {
  private static final int TASK_MANAGERS = 2;
  private static final Duration RESTART_DELAY = Duration.ofMillis(200);
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private MiniCluster cluster;
  private JobID job;

  private KillableEngine() {}

  static KillableEngine start(EngineConfig config) throws Exception {
    KillableEngine engine = new KillableEngine();
    try {
      engine.startParts(config);
    } catch (Exception e) {
      engine.close();
      throw e;
    }
    return engine;
  }

  private void startParts(EngineConfig config) throws Exception {
    Path dataDir = config.engine().dataDir();
    // The Geode child JVM takes the longest to start: let it boot while Kafka starts here.
    CompletableFuture<GeodeServerProcess> geode =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return GeodeServerProcess.start(config.geode(), dataDir.resolve("geode"));
              } catch (Exception e) {
                throw new IllegalStateException("Geode server did not start", e);
              }
            });
    try {
      started.push(
          EmbeddedKafka.start(
              dataDir.resolve("kafka"),
              "localhost",
              config.kafka().firstPort(),
              EmbeddedEngine.freePort()));
      TopicSetup.ensure(config.kafka());
    } finally {
      // Unbounded here: the start gives up on its own, after a timeout longer than this class's,
      // with the end of the server's log in its message.
      started.push(geode.get());
    }
    started.push(GeodeClient::close);

    cluster = new MiniCluster(clusterConfiguration(config.engine().parallelism()));
    cluster.start();
    started.push(cluster);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
    EngineJobs.configure(env, config, Job.INVENTORY);
    EngineJobs.define(Job.INVENTORY, env, config);
    JobGraph graph = env.getStreamGraph().getJobGraph();
    cluster.submitJob(graph).get(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    job = graph.getJobID();
    started.push(this::cancelJob);
  }

  private void cancelJob() throws Exception {
    if (!cluster.getJobStatus(job).get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
      cluster.cancelJob(job).get(30, TimeUnit.SECONDS);
    }
  }

  private static MiniClusterConfiguration clusterConfiguration(int parallelism) {
    int slotsPerTaskManager = (parallelism + TASK_MANAGERS - 1) / TASK_MANAGERS;
    Configuration conf = new Configuration();
    conf.set(RestOptions.BIND_PORT, "0");
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(32));
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, RESTART_DELAY);
    return new MiniClusterConfiguration.Builder()
        .setConfiguration(conf)
        .setNumTaskManagers(TASK_MANAGERS)
        .setNumSlotsPerTaskManager(slotsPerTaskManager)
        .build();
  }

  /**
   * Shuts the first TaskManager down under the running job, which fails the tasks it ran, and
   * starts a new TaskManager in its place for the restarted job.
   */
  void killTaskManager() throws Exception {
    cluster.terminateTaskManager(0).get(30, TimeUnit.SECONDS);
    cluster.startTaskManager();
  }

  /**
   * Where the job's checkpointing stands: the newest completed checkpoint, and the newest one
   * triggered (completed or still under way) with the time it was triggered.
   */
  record Checkpointing(long latestCompleted, long latestTriggered, Instant latestTriggeredAt) {}

  /** Where checkpointing stands, once a checkpoint has completed. */
  Optional<Checkpointing> checkpointing() throws Exception {
    CheckpointStatsHistory history = checkpoints().getHistory();
    Optional<AbstractCheckpointStats> triggered =
        history.getCheckpoints().stream()
            .max(Comparator.comparingLong(AbstractCheckpointStats::getCheckpointId));
    return Optional.ofNullable(history.getLatestCompletedCheckpoint())
        .map(
            completed ->
                new Checkpointing(
                    completed.getCheckpointId(),
                    triggered.orElseThrow().getCheckpointId(),
                    Instant.ofEpochMilli(triggered.orElseThrow().getTriggerTimestamp())));
  }

  /** The checkpoint the job last restored from, if it ever restored. */
  Optional<RestoredCheckpointStats> restoredCheckpoint() throws Exception {
    return Optional.ofNullable(checkpoints().getLatestRestoredCheckpoint());
  }

  /** How many times the job restored from a checkpoint. */
  long restores() throws Exception {
    return checkpoints().getCounts().getNumberOfRestoredCheckpoints();
  }

  private CheckpointStatsSnapshot checkpoints() throws Exception {
    return cluster.getExecutionGraph(job).get(10, TimeUnit.SECONDS).getCheckpointStatsSnapshot();
  }

  @Override
  public void close() throws Exception {
    Exception failure = null;
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
