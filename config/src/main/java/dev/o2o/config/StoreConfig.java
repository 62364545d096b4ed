package dev.o2o.config;

import java.io.Serializable;
import java.time.ZoneId;
import java.util.List;

/**
 * A physical store: where it is, its local time zone (quiet hours are local), its beacons, and the
 * password its gateway logs in to MQTT with.
 */
public record StoreConfig(
    String id,
    String name,
    GeoPoint location,
    ZoneId timeZone,
    String mqttPassword,
    List<Beacon> beacons)
    implements Serializable {
  public StoreConfig {
    beacons = List.copyOf(beacons);
  }
}
