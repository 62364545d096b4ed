package dev.o2o.config;

import java.io.Serializable;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * A physical store: where it is, its local time zone (quiet hours are local), its beacons, the
 * password its gateway logs in to MQTT with, the sales channels its stock serves, and the
 * available-to-promise at which it wants a low-stock alert.
 */
public record StoreConfig(
    String id,
    String name,
    GeoPoint location,
    ZoneId timeZone,
    String mqttPassword,
    List<Beacon> beacons,
    Set<SalesChannel> channels,
    int lowStockThreshold)
    implements Serializable {
  public StoreConfig {
    beacons = List.copyOf(beacons);
    channels = Set.copyOf(channels);
  }

  public StockLocation stockLocation() {
    return new StockLocation(id, location, true, channels, lowStockThreshold);
  }
}
