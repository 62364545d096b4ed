package dev.o2o.contract;

import java.time.Instant;

/**
 * The store an order was sent to will not fulfil it (no staff, goods damaged): what the order holds
 * there is released and the engine reports the lines as refused, so they can be sourced elsewhere.
 */
public record OrderRejected(
    String eventId, Instant occurredAt, String orderId, String storeId, String reason)
    implements Event {
  public OrderRejected {
    Require.id(eventId, "eventId");
    Require.present(occurredAt, "occurredAt");
    Require.id(orderId, "orderId");
    Require.id(storeId, "storeId");
    Require.text(reason, "reason", 500);
  }
}
