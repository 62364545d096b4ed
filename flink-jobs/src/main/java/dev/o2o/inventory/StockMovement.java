package dev.o2o.inventory;

import dev.o2o.contract.StockLevel;
import java.time.Instant;

/**
 * One change to the stock of a sku at a location, the only input of the {@link StockLedger}. Till
 * sales and returns, deliveries, transfers, counts and safety stock come from their topics;
 * reservations, releases, consumptions and short picks come from the {@link OrderRouter} and name
 * the order they belong to. {@code movementId} is unique per movement and is the ledger's dedupe
 * key.
 */
public record StockMovement(
    String movementId,
    Instant occurredAt,
    String sku,
    String locationId,
    Kind kind,
    int quantity,
    String orderId) {

  /** What the movement does to the ledger. */
  public enum Kind {
    /** Sold at a till: on hand drops, even below zero, since the goods are already gone. */
    SALE,
    /** Returned at a till: on hand rises. */
    RETURN,
    /** Delivered: on hand rises. */
    RECEIPT,
    /** Counted: on hand becomes the quantity. */
    COUNT,
    /** Sent to another location: on hand drops. */
    TRANSFER_OUT,
    /** Arrived from another location: on hand rises. */
    TRANSFER_IN,
    /** Merchandising set the safety stock to the quantity. */
    SAFETY,
    /** An order asks to hold the quantity; refused when not available. */
    RESERVE,
    /** The order no longer needs what it holds here. */
    RELEASE,
    /** The order left with what it holds here: on hand and reserved both drop. */
    CONSUME,
    /**
     * Picking the order found the quantity missing: on hand drops by it, and so does what the order
     * holds here.
     */
    SHORT_PICK
  }

  public String ledgerKey() {
    return StockLevel.key(sku, locationId);
  }
}
