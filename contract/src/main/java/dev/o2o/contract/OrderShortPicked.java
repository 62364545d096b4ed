package dev.o2o.contract;

import java.time.Instant;

/**
 * Picking an order at a store found fewer units of a sku than the books said: the missing units are
 * taken off the store's on hand, and the order's hold shrinks by them.
 */
public record OrderShortPicked(
    String eventId,
    Instant occurredAt,
    String orderId,
    String storeId,
    String sku,
    int missingQuantity)
    implements Event {
  public OrderShortPicked {
    Require.id(eventId, "eventId");
    Require.present(occurredAt, "occurredAt");
    Require.id(orderId, "orderId");
    Require.id(storeId, "storeId");
    Require.id(sku, "sku");
    Require.positive(missingQuantity, "missingQuantity", 10_000);
  }
}
