package dev.o2o.contract;

import java.util.Optional;

/**
 * The MQTT topic layout. A store's gateway publishes to {@code stores/{storeId}/{channel}}; a
 * customer's phone subscribes to {@code customers/{customerId}/offers}. The broker's access rules
 * are written against exactly these shapes.
 */
public final class MqttTopics {
  public static final String STORES_PREFIX = "stores/";
  public static final String CUSTOMERS_PREFIX = "customers/";
  public static final String OFFERS_SUFFIX = "/offers";

  /** The filter for every store's channels. */
  public static final String ALL_STORE_TOPICS = "stores/+/+";

  private MqttTopics() {}

  /** A parsed store topic. */
  public record StoreTopic(String storeId, StoreChannel channel) {}

  public static String store(String storeId, StoreChannel channel) {
    return STORES_PREFIX + storeId + "/" + channel.segment();
  }

  /** The filter for every channel of one store. */
  public static String allOfStore(String storeId) {
    return STORES_PREFIX + storeId + "/+";
  }

  public static String offers(String customerId) {
    return CUSTOMERS_PREFIX + customerId + OFFERS_SUFFIX;
  }

  /** Parses {@code stores/{storeId}/{channel}}; empty for anything else. */
  public static Optional<StoreTopic> parseStore(String topic) {
    if (topic == null || !topic.startsWith(STORES_PREFIX)) {
      return Optional.empty();
    }
    String[] parts = topic.split("/", -1);
    if (parts.length != 3 || parts[1].isEmpty()) {
      return Optional.empty();
    }
    return StoreChannel.fromSegment(parts[2]).map(channel -> new StoreTopic(parts[1], channel));
  }
}
