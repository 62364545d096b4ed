package dev.o2o.gateway.broker;

import static dev.o2o.gateway.testing.TestConfigs.BERLIN;
import static dev.o2o.gateway.testing.TestConfigs.GATEWAY_PASSWORD;
import static dev.o2o.gateway.testing.TestConfigs.GATEWAY_USERNAME;
import static dev.o2o.gateway.testing.TestConfigs.TOKEN_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.contract.AppTokens;
import dev.o2o.gateway.testing.TestConfigs;
import io.moquette.broker.subscriptions.Topic;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerAccessTest {
  private final BrokerAccess access = BrokerAccess.of(TestConfigs.load(Map.of()));

  @Test
  void letsTheGatewayReadStoreTopicsOnly() {
    assertThat(canRead(GATEWAY_USERNAME, "stores/+/+")).isTrue();
    assertThat(canRead(GATEWAY_USERNAME, "stores/#")).isTrue();
    assertThat(canRead(GATEWAY_USERNAME, "#")).isFalse();
    assertThat(canRead(GATEWAY_USERNAME, "customers/+/offers")).isFalse();
  }

  @Test
  void letsTheGatewayWriteOneCustomersOffersAtATime() {
    assertThat(canWrite(GATEWAY_USERNAME, "customers/c-1001/offers")).isTrue();
    assertThat(canWrite(GATEWAY_USERNAME, "customers/c-1001/x/offers")).isFalse();
    assertThat(canWrite(GATEWAY_USERNAME, "customers//offers")).isFalse();
    assertThat(canWrite(GATEWAY_USERNAME, "stores/berlin-mitte/sales")).isFalse();
  }

  @Test
  void letsAStoreWriteItsOwnChannelsOnly() {
    assertThat(canWrite(BERLIN, "stores/berlin-mitte/beacons")).isTrue();
    assertThat(canWrite(BERLIN, "stores/berlin-mitte/door")).isTrue();
    assertThat(canWrite(BERLIN, "stores/berlin-mitte/sales")).isTrue();
    assertThat(canWrite(BERLIN, "stores/berlin-mitte/sales/extra")).isFalse();
    assertThat(canWrite(BERLIN, "stores/hamburg-jungfernstieg/sales")).isFalse();
    assertThat(canWrite(BERLIN, "customers/c-1001/offers")).isFalse();
  }

  @Test
  void refusesACustomerTokenForAStoresName() {
    String token = AppTokens.issue(TOKEN_SECRET, BERLIN);

    assertThat(access.checkValid("phone", BERLIN, utf8(token))).isFalse();
  }

  @Test
  void refusesACustomerIdThatIsNotOneTopicLevel() {
    String customerId = "c-1001/#";
    String token = AppTokens.issue(TOKEN_SECRET, customerId);

    assertThat(access.checkValid("phone", customerId, utf8(token))).isFalse();
  }

  @Test
  void refusesALoginWithoutAPassword() {
    assertThat(access.checkValid("gw", GATEWAY_USERNAME, null)).isFalse();
    assertThat(access.checkValid("gw", GATEWAY_USERNAME, utf8(GATEWAY_PASSWORD))).isTrue();
  }

  private boolean canRead(String username, String filter) {
    return access.canRead(new Topic(filter), username, "client");
  }

  private boolean canWrite(String username, String topic) {
    return access.canWrite(new Topic(topic), username, "client");
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
