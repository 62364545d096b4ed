package dev.o2o.config;

import java.io.Serializable;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A physical store: where it is, its local time zone (quiet hours are local), its beacons and the
 * zones they cover, the password its gateway logs in to MQTT with, the sales channels its stock
 * serves, and the available-to-promise at which it wants a low-stock alert.
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

  /** The zone a beacon of this store covers, or empty for a beacon of another store. */
  public Optional<String> zoneOf(String beaconId) {
    return beacons.stream().filter(b -> b.id().equals(beaconId)).map(Beacon::zone).findFirst();
  }

  public StockLocation stockLocation() {
    return new StockLocation(id, location, true, channels, lowStockThreshold);
  }
}
