package dev.o2o.contract;

import java.time.Instant;

/**
 * Units left a location on a transfer to another; on hand at {@code fromLocation} drops. The
 * matching {@link StockTransferredIn} with the same {@code transferId} books them at {@code
 * toLocation} when they arrive, so units in transit are on hand at neither.
 */
public record StockTransferredOut(
    String eventId,
    Instant occurredAt,
    String transferId,
    String fromLocation,
    String toLocation,
    String sku,
    int quantity)
    implements Event {
  public StockTransferredOut {
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
