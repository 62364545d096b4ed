package dev.o2o.config;

import java.io.Serializable;
import java.util.Set;

/** The online warehouse: a stock location that ships but has no shop floor. */
public record Warehouse(String id, String name, GeoPoint location, int lowStockThreshold)
    implements Serializable {
  public StockLocation stockLocation() {
    return new StockLocation(id, location, false, Set.of(SalesChannel.SHIP), lowStockThreshold);
  }
}
