package dev.o2o.contract;

import java.time.Instant;

/** A delivery was put on hand at a location (a store or the online warehouse). */
public record StockReceived(
    String eventId, Instant occurredAt, String locationId, String sku, int quantity)
    implements Event {
  public StockReceived {
    Require.id(eventId, "eventId");
    Require.present(occurredAt, "occurredAt");
    Require.id(locationId, "locationId");
    Require.id(sku, "sku");
    Require.positive(quantity, "quantity", 1_000_000);
  }
}
