package dev.o2o.contract;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a store gateway publishes, one MQTT topic each under {@code stores/{storeId}/}, and the
 * Kafka topic the edge gateway forwards it to.
 */
public enum StoreChannel {
  BEACONS("beacons", Topics.BEACONS),
  DOOR("door", Topics.DOOR_COUNTS),
  SALES("sales", Topics.SALES);

  private final String segment;
  private final Topic<? extends Event> kafkaTopic;

  StoreChannel(String segment, Topic<? extends Event> kafkaTopic) {
    this.segment = segment;
    this.kafkaTopic = kafkaTopic;
  }

  public String segment() {
    return segment;
  }

  public Topic<? extends Event> kafkaTopic() {
    return kafkaTopic;
  }

  public static Optional<StoreChannel> fromSegment(String segment) {
    return Arrays.stream(values()).filter(c -> c.segment.equals(segment)).findFirst();
  }
}
