package dev.o2o.contract;

import java.time.Instant;

/** An order left its fulfilling location: its reservations become sales. */
public record OrderShipped(String eventId, Instant occurredAt, String orderId) implements Event {
  public OrderShipped {
    Require.id(eventId, "eventId");
    Require.present(occurredAt, "occurredAt");
    Require.id(orderId, "orderId");
  }
}
