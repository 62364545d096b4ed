package dev.o2o.launcher;

import dev.o2o.config.ConfigOptions;
import dev.o2o.config.EngineConfig;
import dev.o2o.store.GeodeClient;
import dev.o2o.store.api.ServingApi;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The HTTP API and live dashboard as a service of a distributed deployment: a Geode client of the
 * deployment's locator, plus the topic monitor whose metrics it serves.
 */
@Command(
    name = "api",
    description = "Serve the HTTP API, the live dashboard and metrics against a deployment.")
final class ApiService implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Override
  public Integer call() throws Exception {
    EngineConfig engineConfig = config.load();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    var cache =
        GeodeClient.connect(engineConfig.geode().locatorHost(), engineConfig.geode().locatorPort());
    CountDownLatch stopped = new CountDownLatch(1);
    try (JvmMeters jvm = JvmMeters.bindTo(registry);
        TopicMonitor monitor = new TopicMonitor(engineConfig.kafka(), registry);
        ServingApi api = ServingApi.start(engineConfig, cache, registry)) {
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "o2o-api-shutdown"));
      System.out.println("O2O API and dashboard on port " + api.port());
      stopped.await();
    } finally {
      GeodeClient.close();
    }
    return 0;
  }
}
