package dev.o2o.gateway;

import dev.o2o.config.ConfigOptions;
import dev.o2o.config.EngineConfig;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs the edge gateway as a service of its own, as in the distributed deployment: it bridges the
 * MQTT broker and Kafka named in the config, serves {@code /metrics} and {@code /health} on the
 * metrics port, and stops cleanly on SIGTERM.
 */
@Command(
    name = "o2o-gateway",
    mixinStandardHelpOptions = true,
    description = "Bridges store MQTT topics to Kafka and delivers offers to customers' phones.")
public final class GatewayMain implements Callable<Integer> {
  @Mixin private ConfigOptions configOptions;

  @Option(
      names = "--metrics-port",
      defaultValue = "9404",
      description = "Port serving /metrics and /health (default: ${DEFAULT-VALUE}).")
  private int metricsPort;

  public static void main(String[] args) {
    System.exit(Services.execute(new GatewayMain(), args));
  }

  @Override
  public Integer call() throws InterruptedException {
    EngineConfig config = configOptions.load();
    List<AutoCloseable> parts = new ArrayList<>();
    try {
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      parts.add(registry::close);
      JvmGcMetrics gcMetrics = new JvmGcMetrics();
      parts.add(gcMetrics);
      gcMetrics.bindTo(registry);
      new JvmMemoryMetrics().bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      new UptimeMetrics().bindTo(registry);
      EdgeGateway gateway = EdgeGateway.start(config, registry);
      parts.add(gateway);
      parts.add(MetricsServer.start(metricsPort, registry::scrape, gateway::isHealthy));
    } catch (RuntimeException e) {
      Services.closeAll(parts);
      throw e;
    }
    Services.runUntilStopped("edge gateway", parts);
    return 0;
  }
}
