package dev.o2o.contract;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A store is credited with an online order line it enabled, once the line was fulfilled (picked up
 * or shipped). One line can credit several stores, one per role, and each credit carries the full
 * value of the line, so a role's totals are comparable across stores; adding roles together counts
 * a line more than once. {@code associateId} names the associate for {@link Role#ASSOCIATE}.
 */
public record StoreCredit(
    String eventId,
    Instant occurredAt,
    String orderId,
    String customerId,
    String storeId,
    Role role,
    String associateId,
    String sku,
    int quantity,
    BigDecimal amount,
    String currency) {

  /** Why the store is credited. */
  public enum Role {
    /** The customer collected the order there. */
    PICKUP("pickup"),
    /** The store shipped the units, or sent them to the store where they were collected. */
    FULFILMENT("fulfilment"),
    /** The customer visited the store in the days before ordering online. */
    INFLUENCE("influence"),
    /** An associate of the store placed the order with the customer. */
    ASSOCIATE("associate");

    private final String wireName;

    Role(String wireName) {
      this.wireName = wireName;
    }

    @Override
    public String toString() {
      return wireName;
    }
  }
}
