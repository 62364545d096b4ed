package dev.o2o.gateway.broker;

import static dev.o2o.gateway.testing.TestConfigs.BERLIN;
import static dev.o2o.gateway.testing.TestConfigs.BERLIN_PASSWORD;
import static dev.o2o.gateway.testing.TestConfigs.GATEWAY_PASSWORD;
import static dev.o2o.gateway.testing.TestConfigs.GATEWAY_USERNAME;
import static dev.o2o.gateway.testing.TestConfigs.HAMBURG;
import static dev.o2o.gateway.testing.TestConfigs.SHIRT;
import static dev.o2o.gateway.testing.TestConfigs.TOKEN_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o2o.config.ConfigException;
import dev.o2o.config.EngineConfig;
import dev.o2o.config.testing.TestCertificates;
import dev.o2o.contract.AppTokens;
import dev.o2o.contract.MqttTopics;
import dev.o2o.contract.PosSale;
import dev.o2o.contract.StoreChannel;
import dev.o2o.contract.Topics;
import dev.o2o.gateway.EdgeGateway;
import dev.o2o.gateway.testing.Eventually;
import dev.o2o.gateway.testing.MqttTestClient;
import dev.o2o.gateway.testing.MqttTestClient.Received;
import dev.o2o.gateway.testing.PacedMockConsumer;
import dev.o2o.gateway.testing.TestConfigs;
import dev.o2o.gateway.testing.TestEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MQTT broker with {@code mqtt.tls} on: stores, phones and the gateway connect over TLS with
 * their own credentials, the port takes no plain MQTT, and the access rules hold as without TLS.
 */
class MqttTlsTest {
  private static final long NOTHING_ARRIVES_MS = 500;
  private static final long REFUSED_PUBLISH_TIMEOUT_MS = 1_000;

  @TempDir static Path dir;
  private static EngineConfig config;
  private static MqttBroker broker;

  @BeforeAll
  static void startBroker() throws Exception {
    TestCertificates stores = TestCertificates.create(dir);
    Map<String, String> overrides = new HashMap<>(stores.mqttTls());
    overrides.put("mqtt.port", Integer.toString(TestConfigs.freePort()));
    config = TestConfigs.load(overrides);
    broker = MqttBroker.start(config, dir.resolve("mqtt"));
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void aStorePublishesOverTlsAndTheGatewayForwardsTheEvent() throws Exception {
    MockProducer<String, byte[]> kafka =
        new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    PosSale sale = TestEvents.sale("tls-1", BERLIN, SHIRT, Instant.now());
    try (EdgeGateway gateway =
            new EdgeGateway(
                config,
                new SimpleMeterRegistry(),
                () -> kafka,
                new PacedMockConsumer<>(),
                Clock.systemUTC());
        MqttTestClient store =
            MqttTestClient.connect(config.mqtt(), "store", BERLIN, BERLIN_PASSWORD)) {
      gateway.connect();
      assertThat(broker.serverUri()).startsWith("ssl://");

      store.publish(MqttTopics.store(BERLIN, StoreChannel.SALES), TestEvents.json(sale));

      Eventually.await(
          Duration.ofSeconds(10), "the sale on Kafka", () -> !kafka.history().isEmpty());
      assertThat(kafka.history().get(0).topic()).isEqualTo(Topics.SALES.name());
      assertThat(Topics.SALES.decode(kafka.history().get(0).value())).isEqualTo(sale);
    }
  }

  @Test
  void refusesPlainMqttOnTheTlsPort() {
    String plain = "tcp://localhost:" + broker.port();

    assertThatThrownBy(() -> MqttTestClient.connect(plain, "store", BERLIN, BERLIN_PASSWORD))
        .isInstanceOf(MqttException.class)
        .isNotInstanceOf(MqttSecurityException.class);
  }

  @Test
  void refusesAClientThatDoesNotTrustTheBrokersCertificate() {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setUserName(BERLIN);
    options.setPassword(BERLIN_PASSWORD.toCharArray());
    options.setConnectionTimeout(5);

    assertThatThrownBy(() -> MqttTestClient.connect(broker.serverUri(), "store", options))
        .isInstanceOf(MqttException.class)
        .satisfies(
            e -> assertThat(causes(e)).hasAtLeastOneElementOfType(SSLHandshakeException.class));
  }

  @Test
  void refusesAWrongStorePasswordOverTls() {
    assertThatThrownBy(
            () -> MqttTestClient.connect(config.mqtt(), "store", BERLIN, "hamburg-secret"))
        .isInstanceOf(MqttSecurityException.class);
  }

  @Test
  void refusesAStorePublishingToAnotherStoresTopicOverTls() throws Exception {
    try (MqttTestClient gateway = gateway();
        MqttTestClient store =
            MqttTestClient.connect(config.mqtt(), "store", BERLIN, BERLIN_PASSWORD)) {
      gateway.subscribe("stores/#");

      assertThatThrownBy(
              () ->
                  store.publish(
                      MqttTopics.store(HAMBURG, StoreChannel.SALES),
                      "{}",
                      REFUSED_PUBLISH_TIMEOUT_MS))
          .isInstanceOf(MqttException.class)
          .extracting(e -> ((MqttException) e).getReasonCode())
          .isEqualTo((int) MqttException.REASON_CODE_CLIENT_TIMEOUT);
      assertThat(gateway.next(NOTHING_ARRIVES_MS)).isNull();
    }
  }

  @Test
  void aPhoneReadsOnlyItsOwnOffersOverTls() throws Exception {
    try (MqttTestClient gateway = gateway();
        MqttTestClient phone =
            MqttTestClient.connect(
                config.mqtt(), "phone", "c-1001", AppTokens.issue(TOKEN_SECRET, "c-1001"))) {
      assertThat(phone.subscribe(MqttTopics.offers("c-2002"))).isEqualTo(0x80);
      assertThat(phone.subscribe(MqttTopics.offers("c-1001"))).isEqualTo(1);

      gateway.publish(MqttTopics.offers("c-2002"), "{\"offerId\":\"o-2\"}");
      gateway.publish(MqttTopics.offers("c-1001"), "{\"offerId\":\"o-1\"}");

      assertThat(phone.next(5_000))
          .isEqualTo(new Received(MqttTopics.offers("c-1001"), "{\"offerId\":\"o-1\"}"));
      assertThat(phone.next(NOTHING_ARRIVES_MS)).isNull();
    }
  }

  @Test
  void aBrokerWithTlsButNoKeyStoreDoesNotStart() {
    EngineConfig noKey =
        TestConfigs.load(
            Map.of(
                "mqtt.port", Integer.toString(TestConfigs.freePort()), "mqtt.tls.enabled", "true"));

    assertThatThrownBy(() -> MqttBroker.start(noKey, dir.resolve("no-key")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "mqtt.tls.keyStore: is required for the MQTT broker to listen with TLS");
  }

  private static List<Throwable> causes(Throwable e) {
    List<Throwable> causes = new ArrayList<>();
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      causes.add(cause);
    }
    return causes;
  }

  private static MqttTestClient gateway() throws MqttException {
    return MqttTestClient.connect(config.mqtt(), "gw", GATEWAY_USERNAME, GATEWAY_PASSWORD);
  }
}
