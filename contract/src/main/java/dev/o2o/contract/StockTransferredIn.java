package dev.o2o.contract;

import java.time.Instant;

/**
 * Units of a transfer arrived at {@code toLocation} and are on hand there; see {@link
 * StockTransferredOut}.
 */
public record StockTransferredIn(
    String eventId,
    Instant occurredAt,
    String transferId,
    String fromLocation,
    String toLocation,
    String sku,
    int quantity)
    implements Event {
  public StockTransferredIn {
    Require.id(eventId, "eventId");
    Require.present(occurredAt, "occurredAt");
    Require.id(transferId, "transferId");
    Require.id(fromLocation, "fromLocation");
    Require.id(toLocation, "toLocation");
    Require.id(sku, "sku");
    Require.positive(quantity, "quantity", 1_000_000);
    Require.distinct(fromLocation, toLocation, "toLocation");
  }
}
