package dev.o2o.gateway.broker;

import static dev.o2o.gateway.testing.TestConfigs.BERLIN;
import static dev.o2o.gateway.testing.TestConfigs.BERLIN_PASSWORD;
import static dev.o2o.gateway.testing.TestConfigs.GATEWAY_PASSWORD;
import static dev.o2o.gateway.testing.TestConfigs.GATEWAY_USERNAME;
import static dev.o2o.gateway.testing.TestConfigs.HAMBURG;
import static dev.o2o.gateway.testing.TestConfigs.TOKEN_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o2o.contract.AppTokens;
import dev.o2o.contract.MqttTopics;
import dev.o2o.contract.StoreChannel;
import dev.o2o.gateway.testing.MqttTestClient;
import dev.o2o.gateway.testing.MqttTestClient.Received;
import dev.o2o.gateway.testing.TestConfigs;
import java.nio.file.Path;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MqttBrokerTest {
  private static final long NOTHING_ARRIVES_MS = 500;
  private static final long REFUSED_PUBLISH_TIMEOUT_MS = 1_000;

  @TempDir static Path sharedDataDir;
  private static MqttBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = MqttBroker.start(TestConfigs.withFreeMqttPort(), sharedDataDir);
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void deliversAStoresOwnPublishToTheGateway() throws Exception {
    try (MqttTestClient gateway = gateway("gw");
        MqttTestClient store = connect("store", BERLIN, BERLIN_PASSWORD)) {
      assertThat(gateway.subscribe(MqttTopics.ALL_STORE_TOPICS)).isEqualTo(1);
      String topic = MqttTopics.store(BERLIN, StoreChannel.SALES);

      store.publish(topic, "{\"hello\":1}");

      assertThat(gateway.next(5_000)).isEqualTo(new Received(topic, "{\"hello\":1}"));
    }
  }

  @Test
  void refusesAStorePublishingToAnotherStoresTopic() throws Exception {
    try (MqttTestClient gateway = gateway("gw");
        MqttTestClient store = connect("store", BERLIN, BERLIN_PASSWORD)) {
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
  void refusesAStorePublishingToAnUnknownChannel() throws Exception {
    try (MqttTestClient gateway = gateway("gw");
        MqttTestClient store = connect("store", BERLIN, BERLIN_PASSWORD)) {
      gateway.subscribe("stores/#");

      assertThatThrownBy(
              () ->
                  store.publish("stores/" + BERLIN + "/firmware", "{}", REFUSED_PUBLISH_TIMEOUT_MS))
          .isInstanceOf(MqttException.class);
      assertThat(gateway.next(NOTHING_ARRIVES_MS)).isNull();
    }
  }

  @Test
  void refusesAStoreReadingStoreTopics() throws Exception {
    try (MqttTestClient store = connect("store", BERLIN, BERLIN_PASSWORD)) {
      assertThat(store.subscribe(MqttTopics.store(BERLIN, StoreChannel.SALES))).isEqualTo(0x80);
    }
  }

  @Test
  void refusesAWrongStorePassword() {
    assertThatThrownBy(() -> connect("store", BERLIN, "hamburg-secret"))
        .isInstanceOf(MqttSecurityException.class);
  }

  @Test
  void refusesAWrongGatewayPassword() {
    assertThatThrownBy(() -> connect("gw", GATEWAY_USERNAME, BERLIN_PASSWORD))
        .isInstanceOf(MqttSecurityException.class);
  }

  @Test
  void deliversOffersToTheCustomersOwnTopic() throws Exception {
    try (MqttTestClient gateway = gateway("gw");
        MqttTestClient phone = customer("phone", "c-1001")) {
      assertThat(phone.subscribe(MqttTopics.offers("c-1001"))).isEqualTo(1);

      gateway.publish(MqttTopics.offers("c-1001"), "{\"offerId\":\"o-1\"}");

      assertThat(phone.next(5_000))
          .isEqualTo(new Received(MqttTopics.offers("c-1001"), "{\"offerId\":\"o-1\"}"));
    }
  }

  @Test
  void refusesACustomerSubscribingToAnotherCustomersOffers() throws Exception {
    try (MqttTestClient gateway = gateway("gw");
        MqttTestClient phone = customer("phone", "c-1001")) {
      assertThat(phone.subscribe(MqttTopics.offers("c-2002"))).isEqualTo(0x80);
      assertThat(phone.subscribe("customers/+/offers")).isEqualTo(0x80);

      gateway.publish(MqttTopics.offers("c-2002"), "{\"offerId\":\"o-2\"}");

      assertThat(phone.next(NOTHING_ARRIVES_MS)).isNull();
    }
  }

  @Test
  void refusesACustomerPublishing() throws Exception {
    try (MqttTestClient gateway = gateway("gw");
        MqttTestClient phone = customer("phone", "c-1001")) {
      gateway.subscribe("stores/#");

      assertThatThrownBy(
              () ->
                  phone.publish(
                      MqttTopics.store(BERLIN, StoreChannel.BEACONS),
                      "{}",
                      REFUSED_PUBLISH_TIMEOUT_MS))
          .isInstanceOf(MqttException.class);
      assertThat(gateway.next(NOTHING_ARRIVES_MS)).isNull();
    }
  }

  @Test
  void refusesAForgedCustomerToken() {
    String forged = AppTokens.issue("not-the-secret", "c-1001");

    assertThatThrownBy(() -> connect("phone", "c-1001", forged))
        .isInstanceOf(MqttSecurityException.class);
  }

  @Test
  void refusesAnotherCustomersToken() {
    String token = AppTokens.issue(TOKEN_SECRET, "c-2002");

    assertThatThrownBy(() -> connect("phone", "c-1001", token))
        .isInstanceOf(MqttSecurityException.class);
  }

  private MqttTestClient gateway(String clientId) throws MqttException {
    return connect(clientId, GATEWAY_USERNAME, GATEWAY_PASSWORD);
  }

  private MqttTestClient customer(String clientId, String customerId) throws MqttException {
    return connect(clientId, customerId, AppTokens.issue(TOKEN_SECRET, customerId));
  }

  private MqttTestClient connect(String clientId, String username, String password)
      throws MqttException {
    return MqttTestClient.connect(broker.serverUri(), clientId, username, password);
  }
}
