package dev.o2o.gateway;

import static dev.o2o.gateway.testing.TestConfigs.BERLIN;
import static dev.o2o.gateway.testing.TestConfigs.BERLIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.config.EngineConfig;
import dev.o2o.gateway.broker.MqttBroker;
import dev.o2o.gateway.testing.ChildJvm;
import dev.o2o.gateway.testing.Eventually;
import dev.o2o.gateway.testing.MqttTestClient;
import dev.o2o.gateway.testing.TestConfigs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The service mains in JVMs of their own: they start from the config and stop on SIGTERM. */
class ServiceMainsTest {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void brokerMainServesStoresUntilSigterm() throws Exception {
    int port = TestConfigs.freePort();
    try (ChildJvm broker =
        ChildJvm.start(
            BrokerMain.class,
            dir.resolve("broker.log"),
            "--config",
            testConfig().toString(),
            "--profile",
            "embedded",
            "--set",
            "mqtt.port=" + port,
            "--set",
            "engine.dataDir=" + dir.resolve("data"))) {
      String uri = "tcp://localhost:" + port;
      Eventually.await(START_TIMEOUT, "the broker accepting a store", () -> storeConnects(uri));

      assertThat(broker.terminate(15)).isTrue();
      assertThat(broker.output()).contains("MQTT broker stopped");
      assertThat(dir.resolve("data").resolve(BrokerMain.DATA_SUBDIRECTORY)).isDirectory();
    }
  }

  @Test
  void gatewayMainServesHealthAndMetricsUntilSigterm() throws Exception {
    EngineConfig config = TestConfigs.withFreeMqttPort();
    int metricsPort = TestConfigs.freePort();
    try (MqttBroker broker = MqttBroker.start(config, dir.resolve("mqtt"));
        ChildJvm gateway =
            ChildJvm.start(
                GatewayMain.class,
                dir.resolve("gateway.log"),
                "--config",
                testConfig().toString(),
                "--profile",
                "embedded",
                "--set",
                "mqtt.port=" + broker.port(),
                "--set",
                "kafka.bootstrapServers=localhost:" + TestConfigs.freePort(),
                "--set",
                "engine.dataDir=" + dir.resolve("data"),
                "--metrics-port",
                Integer.toString(metricsPort))) {
      String base = "http://localhost:" + metricsPort;
      Eventually.await(START_TIMEOUT, "the gateway healthy", () -> status(base + "/health") == 200);

      HttpResponse<String> metrics = get(base + "/metrics");
      assertThat(metrics.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
      assertThat(metrics.body())
          .contains("o2o_gateway_duplicates_total")
          .contains("o2o_gateway_offers_delivered_total")
          .contains("jvm_memory_used_bytes");

      assertThat(gateway.terminate(20)).isTrue();
      assertThat(gateway.output()).contains("edge gateway stopped");
    }
  }

  @Test
  void reportsABadConfigInOneLine() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine commandLine = new CommandLine(new BrokerMain());
    commandLine.setErr(new PrintWriter(new PrintStream(err, true, StandardCharsets.UTF_8), true));

    int exitCode =
        Services.execute(commandLine, "--config", dir.resolve("missing.yaml").toString());

    assertThat(exitCode).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("missing.yaml")
        .contains("cannot be read");
  }

  private static boolean storeConnects(String uri) {
    try (MqttTestClient store = MqttTestClient.connect(uri, "probe", BERLIN, BERLIN_PASSWORD)) {
      return store.isConnected();
    } catch (Exception e) {
      return false;
    }
  }

  private static int status(String url) {
    try {
      return get(url).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static Path testConfig() throws URISyntaxException {
    return Path.of(ServiceMainsTest.class.getResource("/gateway-test.yaml").toURI());
  }
}
