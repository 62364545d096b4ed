package dev.o2o.inventory;

import dev.o2o.contract.StockLevel;
import java.time.Instant;

/**
 * One change to the stock of a sku at a location, the only input of the {@link StockLedger}. Till
 * sales and returns, deliveries and counts come from their topics; reservations, releases and
 * consumptions come from the {@link OrderRouter} and name the order they belong to. {@code
 * movementId} is unique per movement and is the ledger's dedupe key.
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
    /** An order asks to hold the quantity; refused when not available. */
    RESERVE,
    /** The order no longer needs what it holds here. */
    RELEASE,
    /** The order left with what it holds here: on hand and reserved both drop. */
    CONSUME
  }

  public String ledgerKey() {
    return StockLevel.key(sku, locationId);
  }
}
