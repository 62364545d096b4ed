package dev.o2o.contract;

import java.time.Instant;

/** The customer collected a click and collect order at the store. */
public record OrderPickedUp(String eventId, Instant occurredAt, String orderId, String storeId)
    implements Event {
  public OrderPickedUp {
    Require.id(eventId, "eventId");
    Require.present(occurredAt, "occurredAt");
    Require.id(orderId, "orderId");
    Require.id(storeId, "storeId");
  }
}
