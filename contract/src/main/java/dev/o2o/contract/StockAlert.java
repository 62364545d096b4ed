package dev.o2o.contract;

import java.time.Instant;

/**
 * Something about a sku at a location that a person should look at: available to promise fell to
 * the low-stock threshold or below, or rose above it again; or on hand fell below zero, which means
 * the books and the shelf disagree (a till sold what the ledger did not have) and the store should
 * count it.
 */
public record StockAlert(
    String eventId,
    Instant occurredAt,
    Kind kind,
    String sku,
    String locationId,
    long onHand,
    long available,
    long threshold) {

  /** What the alert says. */
  public enum Kind {
    LOW_STOCK("low-stock"),
    RESTOCKED("restocked"),
    BELOW_ZERO("below-zero");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    @Override
    public String toString() {
      return wireName;
    }
  }
}
