package dev.o2o.contract;

import java.time.Instant;

/** A cycle count: the location counted this many units on hand, which replaces the book value. */
public record StockCounted(
    String eventId, Instant occurredAt, String locationId, String sku, Integer onHand)
    implements Event {
  public StockCounted {
    Require.id(eventId, "eventId");
    Require.present(occurredAt, "occurredAt");
    Require.id(locationId, "locationId");
    Require.id(sku, "sku");
    Require.between(Require.present(onHand, "onHand"), "onHand", 0, 1_000_000);
  }
}
