package dev.o2o.gateway.broker;

import dev.o2o.config.EngineConfig;
import dev.o2o.config.MqttSettings;
import dev.o2o.config.StoreConfig;
import dev.o2o.contract.AppTokens;
import dev.o2o.contract.MqttTopics;
import dev.o2o.contract.StoreChannel;
import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Who may log in to the MQTT broker and what each login may read and write. There are three roles:
 * the edge gateway reads every store topic and writes customers' offer topics; a store's gateway
 * writes its own store's channels and reads nothing; a customer's phone reads its own offer topic
 * and writes nothing.
 *
 * <p>The role follows from the username alone: the gateway's username, a configured store id, or
 * else a customer id. Each role has exactly one credential (the gateway password, the store's
 * password, the customer's app token), so the broker's per-topic checks, which only see the
 * username, can never mistake one role for another. A customer id that equals a store id or the
 * gateway's username therefore cannot log in as a customer.
 */
final class BrokerAccess implements IAuthenticator, IAuthorizatorPolicy {
  enum Role {
    GATEWAY,
    STORE,
    CUSTOMER
  }

  private final String gatewayUsername;
  private final byte[] gatewayPassword;
  private final Map<String, byte[]> storePasswords;
  private final String customerTokenSecret;
  private volatile Consumer<String> loginListener = clientId -> {};

  BrokerAccess(MqttSettings mqtt, List<StoreConfig> stores) {
    this.gatewayUsername = mqtt.gatewayUsername();
    this.gatewayPassword = utf8(mqtt.gatewayPassword());
    this.storePasswords =
        stores.stream()
            .collect(Collectors.toUnmodifiableMap(StoreConfig::id, s -> utf8(s.mqttPassword())));
    this.customerTokenSecret = mqtt.customerTokenSecret();
  }

  static BrokerAccess of(EngineConfig config) {
    return new BrokerAccess(config.mqtt(), config.stores());
  }

  Role roleOf(String username) {
    if (gatewayUsername.equals(username)) {
      return Role.GATEWAY;
    }
    return storePasswords.containsKey(username) ? Role.STORE : Role.CUSTOMER;
  }

  /** Told of each client that logged in, before the broker binds its connection to a session. */
  void onLogin(Consumer<String> listener) {
    this.loginListener = listener;
  }

  @Override
  public boolean checkValid(String clientId, String username, byte[] password) {
    boolean valid = isValid(username, password);
    if (valid) {
      loginListener.accept(clientId);
    }
    return valid;
  }

  private boolean isValid(String username, byte[] password) {
    if (username == null || password == null) {
      return false;
    }
    return switch (roleOf(username)) {
      case GATEWAY -> MessageDigest.isEqual(gatewayPassword, password);
      case STORE -> MessageDigest.isEqual(storePasswords.get(username), password);
      case CUSTOMER ->
          isTopicLevel(username)
              && AppTokens.verify(
                  customerTokenSecret, username, new String(password, StandardCharsets.UTF_8));
    };
  }

  @Override
  public boolean canWrite(Topic topic, String username, String clientId) {
    if (username == null) {
      return false;
    }
    String name = topic.toString();
    return switch (roleOf(username)) {
      case GATEWAY -> isOfferTopic(name);
      case STORE ->
          Arrays.stream(StoreChannel.values())
              .anyMatch(channel -> name.equals(MqttTopics.store(username, channel)));
      case CUSTOMER -> false;
    };
  }

  @Override
  public boolean canRead(Topic topic, String username, String clientId) {
    if (username == null) {
      return false;
    }
    String filter = topic.toString();
    return switch (roleOf(username)) {
      case GATEWAY -> filter.startsWith(MqttTopics.STORES_PREFIX);
      case STORE -> false;
      case CUSTOMER -> filter.equals(MqttTopics.offers(username));
    };
  }

  private static boolean isOfferTopic(String name) {
    if (!name.startsWith(MqttTopics.CUSTOMERS_PREFIX) || !name.endsWith(MqttTopics.OFFERS_SUFFIX)) {
      return false;
    }
    int end = name.length() - MqttTopics.OFFERS_SUFFIX.length();
    int start = MqttTopics.CUSTOMERS_PREFIX.length();
    return end > start && isTopicLevel(name.substring(start, end));
  }

  /** A non-empty single topic level: no separator, no wildcard. */
  private static boolean isTopicLevel(String value) {
    return !value.isEmpty()
        && value.chars().noneMatch(c -> c == '/' || c == '+' || c == '#' || c == 0);
  }

  private static byte[] utf8(String secret) {
    return secret.getBytes(StandardCharsets.UTF_8);
  }
}
