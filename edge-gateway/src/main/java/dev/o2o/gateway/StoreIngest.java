package dev.o2o.gateway;

import dev.o2o.contract.DeadLetter;
import dev.o2o.contract.Event;
import dev.o2o.contract.InvalidEventException;
import dev.o2o.contract.MqttTopics;
import dev.o2o.contract.MqttTopics.StoreTopic;
import dev.o2o.contract.Topic;
import dev.o2o.contract.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Store events from MQTT to Kafka. Each message is decoded for its channel's Kafka topic,
 * validated, checked against recently seen event ids, and forwarded; the message may be
 * acknowledged to the broker only once Kafka or the gateway's disk spool holds the event (or, for
 * invalid input, the dead letter), which makes delivery at-least-once end to end. Invalid input
 * never stops the flow: it becomes a dead letter with its reason, and the next message is handled
 * as usual.
 */
final class StoreIngest {
  static final String ORIGIN = "edge-gateway";
  private static final Logger LOG = LoggerFactory.getLogger(StoreIngest.class);

  private final EventValidator validator;
  private final RecentIds recentEvents;
  private final KafkaForwarder forwarder;
  private final GatewayMetrics metrics;
  private final Clock clock;

  StoreIngest(
      EventValidator validator,
      RecentIds recentEvents,
      KafkaForwarder forwarder,
      GatewayMetrics metrics,
      Clock clock) {
    this.validator = validator;
    this.recentEvents = recentEvents;
    this.forwarder = forwarder;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Handles one message. {@code acknowledge} runs once the message may be acknowledged to the
   * broker; if Kafka fails it does not run, and the broker redelivers the message. Never throws.
   */
  void accept(String mqttTopic, byte[] payload, Runnable acknowledge) {
    long arrival = System.nanoTime();
    try {
      Optional<StoreTopic> storeTopic = MqttTopics.parseStore(mqttTopic);
      if (storeTopic.isEmpty()) {
        metrics.receivedOnUnknownChannel();
        throw new InvalidEventException("topic '" + mqttTopic + "' is not a store channel");
      }
      metrics.received(storeTopic.get().channel());
      forwardValid(
          storeTopic.get().channel().kafkaTopic(),
          storeTopic.get().storeId(),
          payload,
          arrival,
          acknowledge);
    } catch (InvalidEventException e) {
      deadLetter(mqttTopic, payload, e.getMessage(), acknowledge);
    } catch (RuntimeException e) {
      LOG.error("cannot handle a message on {}", mqttTopic, e);
      deadLetter(mqttTopic, payload, "cannot be handled: " + e, acknowledge);
    }
  }

  private <E extends Event> void forwardValid(
      Topic<E> topic, String storeId, byte[] payload, long arrival, Runnable acknowledge) {
    E event = topic.decode(payload);
    validator.validate(storeId, event);
    CompletableFuture<Void> forwarding = new CompletableFuture<>();
    Optional<CompletableFuture<Void>> earlier = recentEvents.claim(event.eventId(), forwarding);
    if (earlier.isPresent()) {
      metrics.duplicate();
      earlier.get().thenRun(acknowledge);
      return;
    }
    forwarder
        .forward(topic, event)
        .whenComplete(
            (outcome, error) -> {
              if (error == null) {
                if (outcome == KafkaForwarder.Outcome.KAFKA) {
                  metrics.forwarded(topic.name(), Duration.ofNanos(System.nanoTime() - arrival));
                }
                forwarding.complete(null);
                acknowledge.run();
              } else {
                metrics.forwardFailed();
                LOG.warn(
                    "neither Kafka nor the spool took event {} for {}; the broker will redeliver"
                        + " it",
                    event.eventId(),
                    topic.name(),
                    error);
                forwarding.completeExceptionally(error);
              }
            });
  }

  private void deadLetter(String mqttTopic, byte[] payload, String reason, Runnable acknowledge) {
    DeadLetter letter =
        new DeadLetter(
            mqttTopic,
            ORIGIN,
            reason,
            payload == null ? "" : new String(payload, StandardCharsets.UTF_8),
            clock.instant());
    forwarder
        .forward(Topics.DEAD_LETTERS, letter)
        .whenComplete(
            (outcome, error) -> {
              if (error == null) {
                metrics.deadLettered(GatewayMetrics.SOURCE_MQTT);
                acknowledge.run();
              } else {
                metrics.forwardFailed();
                LOG.warn(
                    "neither Kafka nor the spool took a dead letter for {}; the broker will"
                        + " redeliver it",
                    mqttTopic,
                    error);
              }
            });
  }
}
