package dev.o2o.launcher;

import dev.o2o.config.ConfigOptions;
import dev.o2o.config.EngineConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A Kafka broker (KRaft, its own controller) as a service of its own, for the local cluster: it
 * listens on the first address of {@code kafka.bootstrapServers}, keeps its log under {@code
 * engine.dataDir}/kafka, prints {@value #READY} once it serves clients, and shuts down cleanly on
 * SIGTERM. The distributed deployment runs the {@code apache/kafka} image instead.
 */
@Command(name = "kafka", description = "Run a Kafka broker (KRaft) for a local cluster.")
final class KafkaService implements Callable<Integer> {
  /** The start of the line printed once the broker serves clients. */
  static final String READY = "KAFKA READY";

  @Mixin ConfigOptions config;

  @Option(
      names = "--controller-port",
      description = "Port of the KRaft controller listener (default: the broker's port + 1).")
  Integer controllerPort;

  @Override
  public Integer call() throws Exception {
    EngineConfig engineConfig = config.load();
    int port = engineConfig.kafka().firstPort();
    EmbeddedKafka kafka =
        EmbeddedKafka.start(
            engineConfig.engine().dataDir().resolve("kafka").toAbsolutePath(),
            "localhost",
            port,
            controllerPort != null ? controllerPort : port + 1);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  kafka.close();
                  stopped.countDown();
                },
                "kafka-stop"));
    System.out.println(READY + " " + kafka.bootstrapServers());
    System.out.flush();
    stopped.await();
    return 0;
  }
}
