package dev.o2o.contract;

import java.time.Instant;

/**
 * Where an order line's units were reserved, or why they could not be. An accepted decision names
 * the location holding {@code quantity} units and how it was chosen; a line split across locations
 * has one accepted decision per location. A refused one names no location ({@code locationId} may
 * name the store that refused) and gives the reason. {@code transferTo} is the store the units are
 * sent to for a {@link Sourcing#TRANSFER}; {@code distanceKm} how far the holding location is from
 * where the customer is served.
 */
public record ReservationDecision(
    String eventId,
    Instant occurredAt,
    String orderId,
    String sku,
    String locationId,
    int quantity,
    boolean accepted,
    Sourcing sourcing,
    String transferTo,
    Double distanceKm,
    String reason) {}
