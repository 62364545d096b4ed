package dev.o2o.launcher;

import dev.o2o.bench.Bench;
import dev.o2o.config.ConfigException;
import dev.o2o.config.ConfigOptions;
import dev.o2o.config.EngineConfig;
import dev.o2o.simulator.StoreSimulator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code o2o} command: runs the engine embedded or as a local cluster, plays traffic,
 * benchmarks, sets up topics.
 */
@Command(
    name = "o2o",
    // Every subcommand answers --help and --version too.
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = O2o.Version.class,
    description = "Real-time online-to-offline retail engine.",
    subcommands = {
      O2o.Demo.class,
      O2o.Simulate.class,
      O2o.Topics.class,
      ApiService.class,
      ClusterCommand.class,
      KafkaService.class,
      Bench.class
    })
public final class O2o {
  /** The version in the launcher jar's manifest, or a note that these are unpackaged classes. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = O2o.class.getPackage().getImplementationVersion();
      return new String[] {
        "o2o " + (version != null ? version : "(development build, not from a packaged jar)"),
        "JVM: ${java.version} (${java.vendor} ${java.vm.name})"
      };
    }
  }

  public static void main(String[] args) {
    CommandLine commandLine = new CommandLine(new O2o());
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (e instanceof ConfigException) {
            cmd.getErr().println("Invalid config: " + e.getMessage());
            return 2;
          }
          throw e;
        });
    int exit = commandLine.execute(args);
    System.exit(exit);
  }

  @Command(
      name = "demo",
      description =
          "Start the whole engine on this machine (Kafka, MQTT, Geode, Flink, gateway, API, dashboard) with the store simulator.")
  static final class Demo implements Callable<Integer> {
    @Mixin ConfigOptions config;

    @Option(names = "--no-simulator", description = "start the engine without simulated traffic")
    boolean noSimulator;

    @Override
    public Integer call() throws Exception {
      EngineConfig engineConfig = config.load();
      System.out.println(
          "Starting the O2O engine ("
              + engineConfig.profile()
              + " profile, data in "
              + engineConfig.engine().dataDir().toAbsolutePath()
              + ") ...");
      EmbeddedEngine engine = EmbeddedEngine.start(engineConfig);
      StoreSimulator simulator = noSimulator ? null : StoreSimulator.start(engineConfig);
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    System.out.println("Stopping ...");
                    if (simulator != null) {
                      simulator.close();
                    }
                    engine.close();
                    stopped.countDown();
                    System.out.println("Stopped.");
                  },
                  "o2o-shutdown"));
      printReady(engine, simulator != null);
      while (stopped.getCount() > 0) {
        if (simulator != null) {
          System.out.println(simulator.status());
        }
        stopped.await(15, java.util.concurrent.TimeUnit.SECONDS);
      }
      return 0;
    }

    private static void printReady(EmbeddedEngine engine, boolean simulating) {
      EngineConfig c = engine.config();
      System.out.printf("%nO2O engine ready in %.1f s%n", engine.startupTime().toMillis() / 1000.0);
      System.out.println("  Dashboard      " + engine.apiUrl() + "/");
      System.out.println(
          "  API            "
              + engine.apiUrl()
              + "/api/availability/"
              + c.catalogue().items().get(0).sku());
      System.out.println("  Metrics        " + engine.apiUrl() + "/metrics");
      System.out.println("  Kafka          " + engine.kafkaBootstrap());
      System.out.println("  MQTT           " + engine.mqttUri());
      System.out.println(
          "  Geode locator  " + c.geode().locatorHost() + "[" + c.geode().locatorPort() + "]");
      System.out.println(
          simulating
              ? "Simulator playing "
                  + c.stores().size()
                  + " stores and the online shop. Ctrl-C stops."
              : "No simulator. Ctrl-C stops.");
    }
  }

  @Command(
      name = "simulate",
      description = "Play store and online-shop traffic against a running engine.")
  static final class Simulate implements Callable<Integer> {
    @Mixin ConfigOptions config;

    @Override
    public Integer call() throws Exception {
      try (StoreSimulator simulator = StoreSimulator.start(config.load())) {
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
        while (!forever.await(15, java.util.concurrent.TimeUnit.SECONDS)) {
          System.out.println(simulator.status());
        }
      }
      return 0;
    }
  }

  @Command(
      name = "topics",
      description = "Create the engine's Kafka topics where they are missing.")
  static final class Topics implements Callable<Integer> {
    @Mixin ConfigOptions config;

    @Override
    public Integer call() throws Exception {
      List<String> created = TopicSetup.ensure(config.load().kafka());
      System.out.println(created.isEmpty() ? "All topics exist." : "Created " + created);
      return 0;
    }
  }
}
