package dev.o2o.config;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where Kafka is, how the engine's clients reach it, and how the engine's topics are created. */
public record KafkaSettings(
    String bootstrapServers, int partitions, short replicationFactor, KafkaSecurity security)
    implements Serializable {

  /**
   * The properties of a Kafka client of the engine: the brokers' address and the security settings,
   * then the client's own. Every producer, consumer and admin client is made from them.
   */
  public Map<String, Object> clientConfig(Map<String, ?> own) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("bootstrap.servers", bootstrapServers);
    config.putAll(security.clientProperties());
    config.putAll(own);
    return config;
  }

  /** The port of the first bootstrap server; the embedded broker listens there. */
  public int firstPort() {
    String first = bootstrapServers.split(",")[0].trim();
    return Integer.parseInt(first.substring(first.lastIndexOf(':') + 1));
  }
}
