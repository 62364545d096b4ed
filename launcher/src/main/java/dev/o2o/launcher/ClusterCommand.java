package dev.o2o.launcher;

import dev.o2o.cluster.LocalCluster;
import dev.o2o.cluster.ServiceProcess;
import dev.o2o.config.ConfigOptions;
import dev.o2o.config.EngineConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code o2o cluster}: the distributed deployment's shape as local processes, one JVM each. */
@Command(
    name = "cluster",
    description =
        "Start the engine as a local multi-process cluster: Kafka, MQTT, a Geode locator and"
            + " servers, a Flink JobManager and TaskManagers with the jobs jar submitted, the"
            + " gateway and the API, each in its own JVM.")
final class ClusterCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Option(names = "--task-managers", defaultValue = "2", description = "TaskManagers to start.")
  int taskManagers;

  @Option(
      names = "--slots",
      defaultValue = "0",
      description = "Slots per TaskManager (0: enough for the three jobs over the TaskManagers).")
  int slots;

  @Option(
      names = "--geode-servers",
      defaultValue = "2",
      description = "Geode data servers; with two or more every bucket has a redundant copy.")
  int geodeServers;

  @Option(
      names = "--flink-rest-port",
      defaultValue = "8081",
      description = "The JobManager's REST port.")
  int flinkRestPort;

  @Option(
      names = "--gateway-metrics-port",
      defaultValue = "9404",
      description = "The gateway's /metrics and /health port.")
  int gatewayMetricsPort;

  @Option(
      names = "--task-manager-memory",
      defaultValue = "1280m",
      description = "Process memory of each TaskManager.")
  String taskManagerMemory;

  @Option(
      names = "--jobs-jar",
      description =
          "The jobs jar to submit (default: flink-jobs/target/o2o-flink-jobs-*-jobs.jar).")
  Path jobsJar;

  @Override
  public Integer call() throws Exception {
    EngineConfig engineConfig = config.load();
    System.out.println(
        "Starting the O2O engine as a local cluster (data and logs in "
            + engineConfig.engine().dataDir().toAbsolutePath()
            + ") ...");
    LocalCluster cluster =
        LocalCluster.start(
            new LocalCluster.Settings(
                config.file(),
                config.profile(),
                config.overrides(),
                taskManagers,
                slots,
                geodeServers,
                flinkRestPort,
                gatewayMetricsPort,
                jobsJar != null ? jobsJar : defaultJobsJar(),
                taskManagerMemory,
                List.of()));
    System.out.printf(
        "%nO2O local cluster ready in %.1f s%n", cluster.startupTime().toMillis() / 1000.0);
    System.out.println("  Dashboard       " + cluster.apiUrl() + "/");
    System.out.println("  Flink REST      " + cluster.flink().url());
    System.out.println("  Gateway health  " + cluster.gatewayHealthUrl());
    System.out.println("  Kafka           " + engineConfig.kafka().bootstrapServers());
    System.out.println("  MQTT            " + engineConfig.mqtt().serverUri());
    System.out.println(
        "  Geode locator   "
            + engineConfig.geode().locatorHost()
            + "["
            + engineConfig.geode().locatorPort()
            + "]");
    System.out.println("  Logs            " + cluster.logDir());
    for (ServiceProcess service : cluster.services()) {
      System.out.printf("  %-16s pid %d%n", service.name(), service.pid());
    }
    System.out.println("Ctrl-C stops every process.");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "o2o-cluster-wait"));
    stopped.await();
    return 0;
  }

  private static Path defaultJobsJar() throws IOException {
    Path target = Path.of("flink-jobs", "target");
    if (Files.isDirectory(target)) {
      try (Stream<Path> files = Files.list(target)) {
        return files
            .filter(f -> f.getFileName().toString().matches("o2o-flink-jobs-.*-jobs\\.jar"))
            .findFirst()
            .orElse(target.resolve("o2o-flink-jobs-jobs.jar"));
      }
    }
    return target.resolve("o2o-flink-jobs-jobs.jar");
  }
}
