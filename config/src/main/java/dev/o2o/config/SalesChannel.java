package dev.o2o.config;

import java.util.Arrays;
import java.util.Optional;

/** A way the brand sells from a stock location; each store is configured with those it serves. */
public enum SalesChannel {
  /** Online orders shipped from the location. */
  SHIP("ship"),
  /** Online orders collected at the location (click and collect). */
  COLLECT("collect"),
  /** Customers buying on the shop floor. */
  IN_STORE("in-store");

  private final String configName;

  SalesChannel(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  static Optional<SalesChannel> fromConfigName(String name) {
    return Arrays.stream(values()).filter(c -> c.configName.equals(name)).findFirst();
  }

  @Override
  public String toString() {
    return configName;
  }
}
