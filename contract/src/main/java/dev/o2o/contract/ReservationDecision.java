package dev.o2o.contract;

import java.time.Instant;

/** Whether an order line got its stock at a location, and why not when it did not. */
public record ReservationDecision(
    String eventId,
    Instant occurredAt,
    String orderId,
    String sku,
    String locationId,
    int quantity,
    boolean accepted,
    String reason) {}
