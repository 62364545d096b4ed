package dev.o2o.launcher;

import dev.o2o.config.EngineConfig;
import dev.o2o.jobs.EngineJobs;
import dev.o2o.jobs.EngineJobs.Job;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the engine's Flink jobs on a MiniCluster inside this JVM: the same job graphs a real Flink
 * cluster runs, with one slot per parallel task of each job. Jobs restore from their newest
 * retained checkpoint, so a restarted engine continues where it stopped.
 */
public final class FlinkRunner implements AutoCloseable {
  private final MiniCluster cluster;
  private final Map<Job, JobID> jobs = new LinkedHashMap<>();

  private FlinkRunner(MiniCluster cluster) {
    this.cluster = cluster;
  }

  public static FlinkRunner start(EngineConfig config, List<Job> toRun) throws Exception {
    int slots = config.engine().parallelism() * toRun.size();
    Configuration conf = new Configuration();
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
    conf.set(RestOptions.BIND_PORT, "0");
    // The REST API's task counters (records in and out) are refreshed this often when asked for;
    // the bench follows a job's progress by them. Nothing asks unless someone reads the API.
    conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofMillis(200));
    conf.set(
        TaskManagerOptions.MANAGED_MEMORY_SIZE,
        org.apache.flink.configuration.MemorySize.ofMebiBytes(64L * slots));
    MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
    cluster.start();
    FlinkRunner runner = new FlinkRunner(cluster);
    try {
      for (Job job : toRun) {
        runner.submit(job, config);
      }
    } catch (Exception e) {
      runner.close();
      throw e;
    }
    return runner;
  }

  private void submit(Job job, EngineConfig config) throws Exception {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
    EngineJobs.configure(env, config, job);
    EngineJobs.define(job, env, config);
    JobGraph graph = env.getStreamGraph().getJobGraph();
    cluster.submitJob(graph).get(60, TimeUnit.SECONDS);
    jobs.put(job, graph.getJobID());
  }

  /** The MiniCluster's REST API, as Flink's web UI and clients use it. */
  public URI restAddress() throws Exception {
    return cluster.getRestAddress().get(30, TimeUnit.SECONDS);
  }

  /** The Flink job id of one of the engine's jobs this runner runs. */
  public JobID jobId(Job job) {
    JobID id = jobs.get(job);
    if (id == null) {
      throw new IllegalArgumentException("this runner does not run the " + job.id() + " job");
    }
    return id;
  }

  /** Waits until every job has all its tasks running, or fails naming the job that did not. */
  public void awaitRunning(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Map.Entry<Job, JobID> entry : jobs.entrySet()) {
      JobStatus status;
      while ((status = cluster.getJobStatus(entry.getValue()).get()) != JobStatus.RUNNING) {
        if (status.isTerminalState() || System.nanoTime() > deadline) {
          throw new IllegalStateException("Flink job " + entry.getKey() + " is " + status);
        }
        Thread.sleep(100);
      }
    }
  }

  @Override
  public void close() throws Exception {
    List<Exception> failures = new ArrayList<>();
    for (JobID id : jobs.values()) {
      try {
        if (!cluster.getJobStatus(id).get().isGloballyTerminalState()) {
          cluster.cancelJob(id).get(30, TimeUnit.SECONDS);
        }
      } catch (Exception e) {
        failures.add(e);
      }
    }
    cluster.closeAsync().get(60, TimeUnit.SECONDS);
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
  }
}
