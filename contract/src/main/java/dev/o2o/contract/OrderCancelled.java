package dev.o2o.contract;

import java.time.Instant;

/** The customer or the shop cancelled an order: its reservations are released. */
public record OrderCancelled(String eventId, Instant occurredAt, String orderId) implements Event {
  public OrderCancelled {
    Require.id(eventId, "eventId");
    Require.present(occurredAt, "occurredAt");
    Require.id(orderId, "orderId");
  }
}
