package dev.o2o.contract;

import java.util.Arrays;

/**
 * How a visit or purchase is shared among the campaign touches that preceded it. Every model gives
 * shares that add up to one; reports pick the model, the engine computes them all.
 */
public enum AttributionModel {
  /** All credit to the earliest touch. */
  FIRST("first"),
  /** All credit to the latest touch. */
  LAST("last"),
  /** Equal credit to every touch. */
  LINEAR("linear"),
  /** Credit halves for every half-life a touch lies before the visit or purchase. */
  TIME_DECAY("time-decay");

  private final String wireName;

  AttributionModel(String wireName) {
    this.wireName = wireName;
  }

  /** The model a report names, such as {@code linear} or {@code time-decay}. */
  public static AttributionModel of(String name) {
    return Arrays.stream(values())
        .filter(model -> model.wireName.equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new InvalidEventException(
                    "model must be one of " + Arrays.toString(values()) + " but was " + name));
  }

  @Override
  public String toString() {
    return wireName;
  }
}
