package dev.o2o.launcher;

import static dev.o2o.launcher.TestEngines.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o2o.config.ConfigException;
import dev.o2o.config.EngineConfig;
import dev.o2o.config.KafkaSecurity;
import dev.o2o.config.testing.TestCertificates;
import dev.o2o.contract.Json;
import dev.o2o.contract.MqttTopics;
import dev.o2o.contract.PosSale;
import dev.o2o.contract.StockCounted;
import dev.o2o.contract.StockLevel;
import dev.o2o.contract.StoreChannel;
import dev.o2o.contract.Topics;
import dev.o2o.store.GeodeClient;
import dev.o2o.store.Regions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.geode.cache.Region;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole engine with its transports secured: Kafka takes only SASL logins over TLS (SASL_SSL,
 * PLAIN) and MQTT only TLS. The gateway, the Flink jobs' sources and sinks, the topic set-up and
 * the topic monitor all connect with the configured login, and events flow end to end; Kafka
 * clients with a wrong password or without a SASL login are refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureTransportsTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String USER = "o2o-engine";
  private static final String PASSWORD = "engine-kafka-secret";

  private EngineConfig config;
  private EmbeddedEngine engine;
  private EngineClients clients;

  @BeforeAll
  void startEngine(@TempDir Path dataDir) throws Exception {
    TestCertificates stores = TestCertificates.create(dataDir);
    Map<String, String> overrides = new HashMap<>(TestEngines.freePorts(dataDir.resolve("data")));
    overrides.putAll(stores.kafkaSaslSsl(USER, PASSWORD));
    overrides.putAll(stores.mqttTls());
    config = TestEngines.config(overrides);
    engine = EmbeddedEngine.start(config);
    clients = new EngineClients(config, engine.apiUrl());
  }

  @AfterAll
  void stopEngine() {
    if (clients != null) {
      clients.close();
    }
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  void aStoresSaleOverMqttTlsReachesTheJobsThroughKafkaWithSasl() throws Exception {
    assertThat(config.mqtt().serverUri()).startsWith("ssl://");
    assertThat(config.kafka().security().protocol()).isEqualTo(KafkaSecurity.Protocol.SASL_SSL);
    String store = "berlin-mitte";
    String sku = "BLAZER-GREY-50";
    clients.produce(Topics.STOCK, new StockCounted(id(), Instant.now(), store, sku, 10));
    awaitLevel(sku, store, level -> level.onHand() == 10);

    MqttAsyncClient gateway = clients.store(store);
    gateway
        .publish(
            MqttTopics.store(store, StoreChannel.SALES),
            Json.encodeEvent(
                new PosSale(
                    id(),
                    Instant.now(),
                    store,
                    "r-tls-1",
                    sku,
                    2,
                    config.catalogue().item(sku).orElseThrow().price(),
                    "EUR",
                    null,
                    null)),
            1,
            false)
        .waitForCompletion(5_000);

    assertThat(awaitLevel(sku, store, level -> level.onHand() == 8).available()).isEqualTo(8);
    assertThat(clients.readAll(Topics.STOCK_LEVELS, Duration.ofSeconds(2)))
        .anyMatch(level -> level.sku().equals(sku) && level.onHand() == 8);
    await(
        "the topic monitor to count the sales topic",
        WAIT,
        () -> {
          try {
            return Optional.of(clients.get("/metrics").body())
                .filter(body -> body.contains("o2o_topic_records{topic=\"o2o.sales\"} 1.0"));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Test
  void refusesAKafkaClientWithAWrongPassword() {
    Map<String, Object> wrong = new HashMap<>(config.kafka().clientConfig(Map.of()));
    wrong.put("sasl.jaas.config", KafkaSecurity.jaasLogin("PLAIN", USER, "not-the-password"));

    assertThatThrownBy(() -> listTopics(wrong))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(SaslAuthenticationException.class)
        .hasMessageContaining("Invalid username or password");
  }

  @Test
  void refusesAKafkaClientWithoutASaslLogin() {
    Map<String, Object> tlsOnly = new HashMap<>(config.kafka().clientConfig(Map.of()));
    tlsOnly.put("security.protocol", "SSL");
    tlsOnly.remove("sasl.mechanism");
    tlsOnly.remove("sasl.jaas.config");
    Map<String, Object> plain =
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());

    // The broker closes a connection that does not start with a SASL handshake: the client never
    // gets an answer.
    for (Map<String, Object> client : java.util.List.of(tlsOnly, plain)) {
      assertThatThrownBy(() -> listTopics(client))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(TimeoutException.class);
    }
  }

  @Test
  void refusesSecuritySettingsTheEmbeddedBrokersCannotServe() {
    Map<String, String> scram = new HashMap<>();
    scram.put("kafka.security.protocol", "SASL_PLAINTEXT");
    scram.put("kafka.security.saslMechanism", "SCRAM-SHA-256");
    scram.put("kafka.security.username", USER);
    scram.put("kafka.security.password", PASSWORD);

    assertThatThrownBy(() -> EmbeddedEngine.requireEmbeddable(TestEngines.config(scram)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "o2o.yaml: kafka.security.saslMechanism: expected PLAIN for the embedded Kafka broker,"
                + " got 'SCRAM-SHA-256'");
    assertThatThrownBy(
            () ->
                EmbeddedEngine.requireEmbeddable(
                    TestEngines.config(Map.of("mqtt.tls.enabled", "true"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("mqtt.tls.keyStore: is required for the embedded MQTT broker");
  }

  private static void listTopics(Map<String, Object> client) throws Exception {
    Map<String, Object> settings = new HashMap<>(client);
    settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
    settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
    try (Admin admin = Admin.create(settings)) {
      admin.listTopics().names().get();
    }
  }

  private StockLevel awaitLevel(String sku, String location, Predicate<StockLevel> condition)
      throws InterruptedException {
    Region<String, String> inventory = GeodeClient.region(engine.geode(), Regions.INVENTORY);
    return await(
        "stock of " + sku + " at " + location,
        WAIT,
        () ->
            Optional.ofNullable(inventory.get(StockLevel.key(sku, location)))
                .map(v -> Json.decode(v, StockLevel.class))
                .filter(condition));
  }

  private static String id() {
    return UUID.randomUUID().toString();
  }
}
