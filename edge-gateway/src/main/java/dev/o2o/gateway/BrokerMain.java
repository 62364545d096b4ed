package dev.o2o.gateway;

import dev.o2o.config.ConfigOptions;
import dev.o2o.config.EngineConfig;
import dev.o2o.gateway.broker.MqttBroker;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Runs the engine's MQTT broker as a service of its own, as in the distributed deployment. It
 * listens on {@code mqtt.host}/{@code mqtt.port}, keeps its sessions under {@code
 * engine.dataDir}/mqtt, and stops cleanly on SIGTERM.
 */
@Command(
    name = "o2o-broker",
    mixinStandardHelpOptions = true,
    description = "The MQTT broker for store gateways, the edge gateway and customers' phones.")
public final class BrokerMain implements Callable<Integer> {
  /** The broker's directory under {@code engine.dataDir}. */
  public static final String DATA_SUBDIRECTORY = "mqtt";

  @Mixin private ConfigOptions configOptions;

  public static void main(String[] args) {
    System.exit(Services.execute(new BrokerMain(), args));
  }

  @Override
  public Integer call() throws InterruptedException {
    EngineConfig config = configOptions.load();
    Path dataDir = config.engine().dataDir().resolve(DATA_SUBDIRECTORY);
    MqttBroker broker = MqttBroker.start(config, dataDir);
    Services.runUntilStopped("MQTT broker", List.of(broker));
    return 0;
  }
}
