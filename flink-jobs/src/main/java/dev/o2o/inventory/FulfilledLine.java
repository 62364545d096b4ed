package dev.o2o.inventory;

import dev.o2o.contract.Fulfilment;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Units of an online order line that left a location for the customer: picked up, or shipped. It is
 * what store credit is computed from. {@code locationId} held the units (a store or the warehouse);
 * {@code collectStoreId} is where a click and collect customer collected them (the chosen store, or
 * the store the line was redirected to), absent for a shipped order. An assisted order names the
 * associate and their store.
 */
public record FulfilledLine(
    String orderId,
    String customerId,
    Instant placedAt,
    Instant fulfilledAt,
    Fulfilment fulfilment,
    String locationId,
    String collectStoreId,
    String associateId,
    String associateStoreId,
    String sku,
    int quantity,
    BigDecimal unitPrice,
    String currency) {}
