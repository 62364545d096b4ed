package dev.o2o.config;

import java.io.Serializable;
import java.util.Set;

/**
 * A place that holds stock, store or warehouse, as inventory and sourcing see it: where it is,
 * which sales channels it serves, and at what available-to-promise it raises a low-stock alert.
 */
public record StockLocation(
    String id, GeoPoint point, boolean store, Set<SalesChannel> channels, int lowStockThreshold)
    implements Serializable {
  public StockLocation {
    channels = Set.copyOf(channels);
  }

  public boolean serves(SalesChannel channel) {
    return channels.contains(channel);
  }
}
