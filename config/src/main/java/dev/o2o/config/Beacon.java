package dev.o2o.config;

import java.io.Serializable;

/**
 * A beacon installed in a store, and the zone of the store it covers; a visit tracks the customer
 * from zone to zone by the beacons that see them. A beacon configured without a zone covers {@value
 * #DEFAULT_ZONE}.
 */
public record Beacon(String id, String zone) implements Serializable {
  public static final String DEFAULT_ZONE = "floor";
}
