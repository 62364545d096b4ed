package dev.o2o.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MqttTopicsTest {
  @Test
  void parsesStoreTopics() {
    assertThat(MqttTopics.parseStore("stores/berlin-mitte/sales"))
        .contains(new MqttTopics.StoreTopic("berlin-mitte", StoreChannel.SALES));
    assertThat(MqttTopics.parseStore(MqttTopics.store("s1", StoreChannel.BEACONS)))
        .contains(new MqttTopics.StoreTopic("s1", StoreChannel.BEACONS));
  }

  @Test
  void refusesAnythingElse() {
    assertThat(MqttTopics.parseStore("stores/berlin-mitte/teleport")).isEmpty();
    assertThat(MqttTopics.parseStore("stores//sales")).isEmpty();
    assertThat(MqttTopics.parseStore("stores/a/b/sales")).isEmpty();
    assertThat(MqttTopics.parseStore("customers/c-1/offers")).isEmpty();
  }

  @Test
  void appTokensOpenOneCustomerOnly() {
    String token = AppTokens.issue("a-secret-of-enough-length", "c-1");
    assertThat(AppTokens.verify("a-secret-of-enough-length", "c-1", token)).isTrue();
    assertThat(AppTokens.verify("a-secret-of-enough-length", "c-2", token)).isFalse();
    assertThat(AppTokens.verify("another-secret-of-length", "c-1", token)).isFalse();
    assertThat(AppTokens.verify("a-secret-of-enough-length", "c-1", null)).isFalse();
  }
}
