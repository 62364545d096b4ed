package dev.o2o.inventory;

import java.time.Instant;

/**
 * One change to the stock of a sku, the only input of the {@link StockLedger}. Till sales and
 * returns, deliveries, transfers, counts and safety stock come from their topics and concern one
 * location; the steps of an online order line come from the {@link OrderRouter} and carry the line
 * ({@code order}), while the ledger itself knows where the line is held. A store's rejection or
 * short pick names that store as {@code locationId} and gives its {@code reason}. {@code
 * movementId} is unique per movement.
 */
public record StockMovement(
    String movementId,
    Instant occurredAt,
    String sku,
    String locationId,
    Kind kind,
    int quantity,
    OrderLineRef order,
    String reason) {

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
    /** An order line asks for the quantity: the ledger sources and holds it, or refuses. */
    RESERVE,
    /** The order no longer needs what the line holds. */
    RELEASE,
    /** The order left with what the line holds: on hand and reserved both drop where it was. */
    CONSUME,
    /** The store will not fulfil the order: what the line holds there is sourced elsewhere. */
    REJECT,
    /**
     * Picking the order at the store found the quantity missing: on hand there drops by it, the
     * line's hold there shrinks, and the missing units are sourced elsewhere.
     */
    SHORT_PICK
  }

  public static StockMovement of(
      String movementId, Instant at, String sku, String locationId, Kind kind, int quantity) {
    return new StockMovement(movementId, at, sku, locationId, kind, quantity, null, null);
  }
}
