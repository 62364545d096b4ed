package dev.o2o.contract;

import java.time.Instant;

/**
 * An input the engine could not accept, kept with the reason so that nothing is lost silently.
 * {@code source} is where it came from (an MQTT or Kafka topic), {@code origin} the component that
 * rejected it. A payload longer than {@link #MAX_PAYLOAD_CHARS} keeps its beginning and says how
 * long it was, within that length, so that an oversize body still fits in a Kafka record.
 */
public record DeadLetter(
    String source, String origin, String reason, String payload, Instant receivedAt) {
  public static final int MAX_PAYLOAD_CHARS = Topic.MAX_EVENT_BYTES;

  public DeadLetter {
    if (payload != null && payload.length() > MAX_PAYLOAD_CHARS) {
      String marker = "... (" + payload.length() + " characters in all)";
      payload = payload.substring(0, MAX_PAYLOAD_CHARS - marker.length()) + marker;
    }
  }
}
