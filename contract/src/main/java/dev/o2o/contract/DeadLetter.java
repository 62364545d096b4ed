package dev.o2o.contract;

import java.time.Instant;

/**
 * An input the engine could not accept, kept with the reason so that nothing is lost silently.
 * {@code source} is where it came from (an MQTT or Kafka topic), {@code origin} the component that
 * rejected it.
 */
public record DeadLetter(
    String source, String origin, String reason, String payload, Instant receivedAt) {}
