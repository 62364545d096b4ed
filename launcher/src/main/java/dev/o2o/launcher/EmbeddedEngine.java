package dev.o2o.launcher;

import dev.o2o.config.ConfigException;
import dev.o2o.config.EngineConfig;
import dev.o2o.config.FreePorts;
import dev.o2o.config.KafkaSecurity;
import dev.o2o.gateway.EdgeGateway;
import dev.o2o.gateway.broker.MqttBroker;
import dev.o2o.jobs.EngineJobs.Job;
import dev.o2o.store.GeodeClient;
import dev.o2o.store.GeodeServerProcess;
import dev.o2o.store.api.ServingApi;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.geode.cache.client.ClientCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole engine on one machine, with no Docker: a real Kafka broker (KRaft) and MQTT broker in
 * this JVM, a Geode server as a child JVM, the Flink jobs on a MiniCluster, the edge gateway, and
 * the HTTP API with the live dashboard. Everything keeps its state under the data directory, so a
 * restart continues. Closing stops the parts in reverse order.
 */
public final class EmbeddedEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedEngine.class);

  private final EngineConfig config;
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private EmbeddedKafka kafka;
  private ClientCache geode;
  private FlinkRunner flink;
  private ServingApi api;
  private final Duration startupTime;

  private EmbeddedEngine(EngineConfig config, List<Job> jobs) throws Exception {
    this.config = config;
    long begin = System.nanoTime();
    requireEmbeddable(config);
    Path dataDir = config.engine().dataDir().toAbsolutePath();
    Files.createDirectories(dataDir);

    // The Geode child JVM takes the longest to start: let it boot while Kafka starts here.
    CompletableFuture<GeodeServerProcess> geodeServer =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return GeodeServerProcess.start(config.geode(), dataDir.resolve("geode"));
              } catch (Exception e) {
                throw new IllegalStateException("Geode server did not start: " + e.getMessage(), e);
              }
            });
    try {
      kafka =
          register(
              EmbeddedKafka.start(
                  dataDir.resolve("kafka"),
                  "localhost",
                  config.kafka().firstPort(),
                  freePort(),
                  config.kafka().security()));
      List<String> created = TopicSetup.ensure(config.kafka());
      LOG.info("Kafka up at {}; created topics {}", kafka.bootstrapServers(), created);
      register(MqttBroker.start(config, dataDir.resolve("mqtt")));
      register(geodeServer.join());
    } catch (Exception e) {
      geodeServer.thenAccept(EmbeddedEngine::closeQuietly);
      closeQuietly(this);
      throw e;
    }
    try {
      geode = GeodeClient.connect(config.geode().locatorHost(), config.geode().locatorPort());
      started.push(GeodeClient::close);
      if (!jobs.isEmpty()) {
        flink = register(FlinkRunner.start(config, jobs));
        flink.awaitRunning(Duration.ofSeconds(60));
      }
      register(JvmMeters.bindTo(registry));
      register(EdgeGateway.start(config, registry));
      register(new TopicMonitor(config.kafka(), registry));
      api = register(ServingApi.start(config, geode, registry));
    } catch (Exception e) {
      closeQuietly(this);
      throw e;
    }
    startupTime = Duration.ofNanos(System.nanoTime() - begin);
  }

  /** Starts every part of the engine and returns when all of them are ready. */
  public static EmbeddedEngine start(EngineConfig config) throws Exception {
    return new EmbeddedEngine(config, List.of(Job.values()));
  }

  /** Starts the engine with only some of the Flink jobs (the benchmarks measure one at a time). */
  public static EmbeddedEngine start(EngineConfig config, List<Job> jobs) throws Exception {
    return new EmbeddedEngine(config, jobs);
  }

  /** Refuses security settings the embedded brokers cannot serve, before anything starts. */
  static void requireEmbeddable(EngineConfig config) {
    KafkaSecurity kafka = config.kafka().security();
    if (kafka.protocol().sasl() && !kafka.saslMechanism().equals("PLAIN")) {
      throw new ConfigException(
          config.source(),
          "kafka.security.saslMechanism",
          "expected PLAIN for the embedded Kafka broker, got '"
              + kafka.saslMechanism()
              + "' (SCRAM users live in a Kafka cluster's metadata: use them with a deployment)");
    }
    if (kafka.protocol().tls() && kafka.brokerKeyStore() == null) {
      throw new ConfigException(
          config.source(),
          "kafka.security.brokerKeyStore",
          "is required for the embedded Kafka broker to listen with " + kafka.protocol());
    }
    if (config.mqtt().tls().enabled() && config.mqtt().tls().keyStore() == null) {
      throw new ConfigException(
          config.source(),
          "mqtt.tls.keyStore",
          "is required for the embedded MQTT broker to listen with TLS");
    }
  }

  private <T extends AutoCloseable> T register(T part) {
    started.push(part);
    return part;
  }

  public EngineConfig config() {
    return config;
  }

  public String apiUrl() {
    return "http://localhost:" + api.port();
  }

  public String kafkaBootstrap() {
    return kafka.bootstrapServers();
  }

  public String mqttUri() {
    return config.mqtt().serverUri();
  }

  public ClientCache geode() {
    return geode;
  }

  public FlinkRunner flink() {
    return flink;
  }

  public Duration startupTime() {
    return startupTime;
  }

  /**
   * Config overrides that give an engine a data directory and ports of its own, so that it can run
   * beside another on the same machine (benchmarks, tests).
   */
  public static Map<String, String> isolatedOverrides(Path dataDir) throws IOException {
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("engine.dataDir", dataDir.toString());
    overrides.put("kafka.bootstrapServers", "localhost:" + freePort());
    overrides.put("mqtt.port", String.valueOf(freePort()));
    overrides.put("geode.locatorPort", String.valueOf(freePort()));
    overrides.put("geode.serverPort", String.valueOf(freePort()));
    overrides.put("http.port", "0");
    return overrides;
  }

  /** A port nobody listens on right now (see {@link FreePorts}). */
  public static int freePort() throws IOException {
    return FreePorts.pick();
  }

  @Override
  public void close() {
    while (!started.isEmpty()) {
      AutoCloseable part = started.pop();
      try {
        part.close();
      } catch (Exception e) {
        LOG.warn("stopping {} failed: {}", part.getClass().getSimpleName(), e.toString());
      }
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.warn("cleanup failed: {}", e.toString());
    }
  }
}
