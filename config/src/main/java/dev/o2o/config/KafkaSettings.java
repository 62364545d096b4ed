package dev.o2o.config;

import java.io.Serializable;

/** Where Kafka is, and how the engine's topics are created. */
public record KafkaSettings(String bootstrapServers, int partitions, short replicationFactor)
    implements Serializable {

  /** The port of the first bootstrap server; the embedded broker listens there. */
  public int firstPort() {
    String first = bootstrapServers.split(",")[0].trim();
    return Integer.parseInt(first.substring(first.lastIndexOf(':') + 1));
  }
}
