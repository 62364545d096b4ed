package dev.o2o.gateway;

import static dev.o2o.gateway.testing.TestConfigs.BERLIN;
import static dev.o2o.gateway.testing.TestConfigs.BERLIN_PASSWORD;
import static dev.o2o.gateway.testing.TestConfigs.HAMBURG;
import static dev.o2o.gateway.testing.TestConfigs.HAMBURG_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.Topics;
import dev.o2o.gateway.broker.MqttBroker;
import dev.o2o.gateway.testing.ChildJvm;
import dev.o2o.gateway.testing.Eventually;
import dev.o2o.gateway.testing.KafkaBroker;
import dev.o2o.gateway.testing.StorePublisher;
import dev.o2o.gateway.testing.TestConfigs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway as its own process, killed with SIGKILL while Kafka is away and events sit in its
 * spool, then started again: with the persistent MQTT sessions, QoS 1 and the spool, nothing is
 * lost and each store's order holds, but for the few messages the killed gateway had not yet
 * acknowledged, which the broker redelivers (see below); what reaches Kafka twice is the same
 * event, which the jobs drop by event id. Before {@link dev.o2o.gateway.broker.MqttBroker}'s guard
 * of resumed sessions, the broker lost such messages now and then (three in one run of many).
 */
class GatewayKillTest {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Logger LOG = LoggerFactory.getLogger(GatewayKillTest.class);
  private static final List<String> SALES = List.of(Topics.SALES.name());

  // Kept when the test fails: the gateways' logs are in it.
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  void losesNothingWhenKilledWithEventsInItsSpool() throws Exception {
    try (KafkaBroker kafka = new KafkaBroker(dir.resolve("kafka"), TestConfigs.freePort())) {
      kafka.start();
      kafka.createTopics(List.of(Topics.SALES.name(), Topics.DEAD_LETTERS.name()));
      EngineConfig config = TestConfigs.withFreeMqttPort();
      int metricsPort = TestConfigs.freePort();
      String metrics = "http://localhost:" + metricsPort + "/metrics";
      try (MqttBroker broker = MqttBroker.start(config, dir.resolve("mqtt"));
          StorePublisher berlin =
              new StorePublisher(broker.serverUri(), BERLIN, BERLIN_PASSWORD, 10);
          StorePublisher hamburg =
              new StorePublisher(broker.serverUri(), HAMBURG, HAMBURG_PASSWORD, 10)) {
        ChildJvm first = gateway(broker.port(), kafka, metricsPort, "gateway-1.log");
        try {
          Eventually.await(
              WAIT,
              "the gateway up",
              () -> metric(metrics, "o2o_gateway_spool_events").isPresent());
          berlin.start();
          hamburg.start();
          Eventually.await(
              WAIT,
              "events forwarded",
              () -> metric(metrics, "o2o_gateway_forwarded_total").orElse(0.0) >= 20);

          kafka.stop();
          Eventually.await(
              WAIT,
              "events in the spool",
              () -> metric(metrics, "o2o_gateway_spool_events").orElse(0.0) >= 100);
          first.kill();
        } finally {
          first.close();
        }
        LOG.info("gateway killed with {} events published", berlin.count() + hamburg.count());

        // Stores go on publishing while the gateway is gone and Kafka still away.
        int atKill = berlin.count() + hamburg.count();
        Eventually.await(
            WAIT, "more published", () -> berlin.count() + hamburg.count() >= atKill + 100);
        try (ChildJvm second = gateway(broker.port(), kafka, metricsPort, "gateway-2.log")) {
          Eventually.await(
              WAIT,
              "the restarted gateway spooling",
              () -> metric(metrics, "o2o_gateway_spooled_total").orElse(0.0) > 0);
          assertThat(second.output()).contains("events to replay");
          kafka.start();

          Map<String, List<String>> published =
              Map.of(BERLIN, berlin.stop(), HAMBURG, hamburg.stop());
          int total = published.values().stream().mapToInt(List::size).sum();
          Eventually.await(WAIT, "every event in Kafka", () -> kafka.distinctSaleIds() == total);
          // What the killed gateway held unacknowledged, the broker sends again once the
          // restarted one is connected (ResumedSessionWindow), in the order first sent but after
          // as many newer messages as the window had free slots. So a first copy may come up to a
          // window late (the jobs order by event time); everything else keeps its place.
          int repeats =
              StorePublisher.assertDelivered(
                  kafka.readAll(SALES), published, config.mqtt().inflightWindow());
          LOG.info("{} events published, {} repeated on Kafka after the kill", total, repeats);
          Eventually.await(
              WAIT,
              "the spool replayed",
              () -> metric(metrics, "o2o_gateway_spool_events").orElse(-1.0) == 0);
          assertThat(second.terminate(30)).isTrue();
        }
      }
    }
  }

  private ChildJvm gateway(int mqttPort, KafkaBroker kafka, int metricsPort, String log)
      throws Exception {
    return ChildJvm.start(
        GatewayMain.class,
        dir.resolve(log),
        "--config",
        Path.of(GatewayKillTest.class.getResource("/gateway-test.yaml").toURI()).toString(),
        "--profile",
        "embedded",
        "--set",
        "mqtt.port=" + mqttPort,
        "--set",
        "kafka.bootstrapServers=" + kafka.bootstrapServers(),
        "--set",
        "engine.dataDir=" + dir.resolve("gateway-data"),
        "--set",
        "gateway.kafkaTimeout=2s",
        "--metrics-port",
        Integer.toString(metricsPort));
  }

  /** A metric's value (summed over its tags) as the gateway's /metrics serves it, if served. */
  private static Optional<Double> metric(String url, String name) {
    try {
      String body =
          HTTP.send(
                  HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? (\\S+)$").matcher(body);
      double sum = 0;
      boolean found = false;
      while (m.find()) {
        sum += Double.parseDouble(m.group(2));
        found = true;
      }
      return found ? Optional.of(sum) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
