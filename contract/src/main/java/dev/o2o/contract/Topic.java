package dev.o2o.contract;

import java.io.Serializable;
import java.util.Set;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One Kafka topic: its name, the type of its values, how a value is keyed, and how it is written
 * and read. The gateway, the jobs, the simulator and the tests all go through these constants, so a
 * topic cannot be produced one way and consumed another.
 *
 * <p>An input topic accepts the listed event types only; anything else on it is invalid. An output
 * topic carries one record type that the engine writes itself.
 */
public final class Topic<V> implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * The largest payload an input event may have. The engine's events are a few hundred bytes; a
   * larger body is refused before it is parsed.
   */
  public static final int MAX_EVENT_BYTES = 64 * 1024;

  /** How the Kafka key is taken from a value; serializable so that jobs can carry it. */
  @FunctionalInterface
  public interface KeyFunction<V> extends Serializable {
    String keyOf(V value);
  }

  private final String name;
  private final Class<V> valueType;
  private final Set<EventType> eventTypes;
  private final KeyFunction<V> key;

  private Topic(String name, Class<V> valueType, Set<EventType> eventTypes, KeyFunction<V> key) {
    this.name = name;
    this.valueType = valueType;
    this.eventTypes = Set.copyOf(eventTypes);
    this.key = key;
  }

  static <V extends Event> Topic<V> input(
      String name, Class<V> valueType, KeyFunction<V> key, EventType... types) {
    return new Topic<>(name, valueType, Set.of(types), key);
  }

  static <V> Topic<V> output(String name, Class<V> valueType, KeyFunction<V> key) {
    return new Topic<>(name, valueType, Set.of(), key);
  }

  public String name() {
    return name;
  }

  public Class<V> valueType() {
    return valueType;
  }

  /** The event types this topic accepts; empty for an output topic. */
  public Set<EventType> eventTypes() {
    return eventTypes;
  }

  public boolean isInput() {
    return !eventTypes.isEmpty();
  }

  public String keyOf(V value) {
    return key.keyOf(value);
  }

  public byte[] encode(V value) {
    return value instanceof Event event ? Json.encodeEvent(event) : Json.encode(value);
  }

  /**
   * Reads a value. For an input topic the payload is untrusted: any problem, including an event
   * type that belongs elsewhere, is an {@link InvalidEventException} with the reason.
   */
  public V decode(byte[] payload) {
    if (!isInput()) {
      return Json.decode(payload, valueType);
    }
    if (payload.length > MAX_EVENT_BYTES) {
      throw new InvalidEventException(
          "payload of "
              + payload.length
              + " bytes is larger than the "
              + MAX_EVENT_BYTES
              + " bytes an event may have");
    }
    Event event = Json.decodeEvent(payload);
    if (!eventTypes.contains(event.type())) {
      throw new InvalidEventException(
          "type '"
              + event.type()
              + "' does not belong on topic "
              + name
              + " (accepts "
              + eventTypes
              + ")");
    }
    return valueType.cast(event);
  }

  public Serializer<V> serializer() {
    return (topic, value) -> value == null ? null : encode(value);
  }

  @Override
  public String toString() {
    return name;
  }
}
