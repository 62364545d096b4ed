package dev.o2o.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.Topic;
import dev.o2o.jobs.EngineJobs.Job;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.runtime.checkpoint.CheckpointRetentionPolicy;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.runtime.jobgraph.tasks.CheckpointCoordinatorConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EngineJobsTest {
  @TempDir Path dataDir;

  @ParameterizedTest
  @EnumSource(Job.class)
  void buildsEachJobGraphWithExactlyOnceRetainedCheckpoints(Job job) throws Exception {
    JobGraph graph = jobGraph(job);

    assertThat(graph.getName()).isEqualTo("o2o-" + job.id());
    CheckpointCoordinatorConfiguration checkpoints =
        graph.getCheckpointingSettings().getCheckpointCoordinatorConfiguration();
    assertThat(checkpoints.getCheckpointInterval()).isEqualTo(1000);
    assertThat(checkpoints.isExactlyOnce()).isTrue();
    assertThat(checkpoints.getCheckpointRetentionPolicy())
        .isEqualTo(CheckpointRetentionPolicy.RETAIN_ON_CANCELLATION);
    assertThat(graph.getSavepointRestoreSettings().restoreSavepoint()).isFalse();
    assertThat(graph.getVertices())
        .extracting(JobVertex::getName)
        .anySatisfy(name -> assertThat(name).contains("Kafka o2o.dead-letters"));
  }

  @Test
  void transactionsAreCommittedOutsideTheTasksThatDecideVisitsAndReservations() throws Exception {
    // A vertex is a chain of operators run by one task; its name lists them.
    assertThat(jobGraph(Job.ENGAGEMENT).getVertices())
        .extracting(JobVertex::getName)
        .filteredOn(name -> name.contains("Kafka o2o.visits (exactly once): Writer"))
        .singleElement()
        .satisfies(name -> assertThat(name).doesNotContain("Detect store visits"));
    assertThat(jobGraph(Job.INVENTORY).getVertices())
        .extracting(JobVertex::getName)
        .filteredOn(name -> name.contains("Stock ledger per sku"))
        .singleElement()
        .satisfies(
            name ->
                assertThat(name)
                    .contains("Kafka o2o.stock-levels (exactly once)")
                    .doesNotContain("o2o.reservations", "o2o.stock-alerts"));
  }

  @ParameterizedTest
  @EnumSource(Job.class)
  void eachJobReadsExactlyTheInputsItDeclaresForConsumerLag(Job job) {
    assertThat(streamGraph(job).getStreamNodes())
        .extracting(StreamNode::getOperatorName)
        .filteredOn(name -> name.startsWith("Source: Kafka "))
        .map(name -> name.substring("Source: Kafka ".length()))
        .containsExactlyInAnyOrderElementsOf(job.inputs().stream().map(Topic::name).toList());
  }

  @ParameterizedTest
  @EnumSource(Job.class)
  void everyKeyedOperatorWritesItsKeysInOneCallAsUtf8OrAsADigest(Job job) {
    List<StreamNode> keyed =
        streamGraph(job).getStreamNodes().stream()
            .filter(node -> node.getStateKeySerializer() != null)
            .toList();
    assertThat(keyed).isNotEmpty();
    assertThat(keyed)
        .allSatisfy(
            node ->
                assertThat(node.getStateKeySerializer())
                    .as(node.getOperatorName())
                    .isIn(Utf8StringSerializer.INSTANCE, LongSerializer.INSTANCE));
    assertThat(keyed)
        .extracting(StreamNode::getStateKeySerializer)
        .contains(Utf8StringSerializer.INSTANCE);
  }

  @ParameterizedTest
  @EnumSource(Job.class)
  void onlyTheInventoryJobWaitsToFillNetworkBuffers(Job job) {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
    EngineJobs.configure(env, config(), job);

    assertThat(env.getBufferTimeout())
        .isEqualTo(job == Job.INVENTORY ? EngineJobs.BUFFER_TIMEOUT.toMillis() : 0);
  }

  @Test
  void restoresFromTheNewestCompleteCheckpoint() throws Exception {
    Path root = EngineJobs.checkpointDirectory(config(), Job.INVENTORY);
    checkpoint(root.resolve("1111/chk-3"), Instant.parse("2026-11-23T10:00:00Z"));
    Path newest = checkpoint(root.resolve("2222/chk-7"), Instant.parse("2026-11-23T11:00:00Z"));
    Files.createDirectories(root.resolve("2222/chk-8"));

    JobGraph graph = jobGraph(Job.INVENTORY);

    assertThat(graph.getSavepointRestoreSettings().restoreSavepoint()).isTrue();
    assertThat(graph.getSavepointRestoreSettings().getRecoveryClaimMode())
        .isEqualTo(RecoveryClaimMode.CLAIM);
    assertThat(Path.of(URI.create(graph.getSavepointRestoreSettings().getRestorePath())))
        .isEqualTo(newest);
  }

  @Test
  void handsTheConfiguredStateBackendAndCheckpointDirectoryToTheJob() {
    EngineConfig config =
        TestEngine.config(
            Map.of("engine.dataDir", dataDir.toString(), "engine.stateBackend", "rocksdb"));
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
    EngineJobs.configure(env, config, Job.FOOTFALL);
    EngineJobs.define(Job.FOOTFALL, env, config);

    Configuration jobSettings = env.getStreamGraph().getJobGraph().getJobConfiguration();

    assertThat(jobSettings.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
    assertThat(Path.of(URI.create(jobSettings.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))))
        .isEqualTo(dataDir.resolve("checkpoints").resolve("footfall"));
  }

  @Test
  void findsNoCheckpointWhereNoneWasWritten() {
    assertThat(Checkpoints.newestComplete(dataDir.resolve("nothing-here"))).isEmpty();
  }

  @Test
  void theLedgersInputsAreReadAlignedAsConfiguredAndNeverPausedByAQuietOne() {
    JobWiring.Pacing aligned = EngineJobs.ledgerInputPacing(config());
    assertThat(aligned.isAligned()).isTrue();
    assertThat(aligned.maxDrift()).isEqualTo(Duration.ofMinutes(1));
    assertThat(aligned.idleTimeout()).isEqualTo(Duration.ofSeconds(5));

    JobWiring.Pacing unaligned =
        EngineJobs.ledgerInputPacing(
            TestEngine.config(
                Map.of("engine.dataDir", dataDir.toString(), "inventory.inputDrift", "0s")));
    assertThat(unaligned.isAligned()).isFalse();
    assertThat(unaligned.idleTimeout()).isEqualTo(Duration.ofSeconds(5));

    assertThatThrownBy(
            () -> JobWiring.Pacing.aligned(Duration.ofSeconds(6), "ledger", Duration.ofSeconds(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than the drift");
  }

  private JobGraph jobGraph(Job job) {
    return streamGraph(job).getJobGraph();
  }

  /** The job as the engine configures and defines it. */
  private StreamGraph streamGraph(Job job) {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
    EngineJobs.configure(env, config(), job);
    EngineJobs.define(job, env, config());
    return env.getStreamGraph();
  }

  private EngineConfig config() {
    return TestEngine.config(Map.of("engine.dataDir", dataDir.toString()));
  }

  private static Path checkpoint(Path directory, Instant written) throws Exception {
    Files.createDirectories(directory);
    Path metadata = Files.writeString(directory.resolve("_metadata"), "metadata");
    Files.setLastModifiedTime(metadata, FileTime.from(written));
    return directory;
  }
}
