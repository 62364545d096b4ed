package dev.o2o.contract;

import java.time.Instant;

/**
 * The inventory of one sku at one location, as the inventory job last computed it. {@code
 * available} is what can still be promised: on hand less reserved less safety stock, never below
 * zero. {@code version} counts the movements applied, so a reader can drop an older view.
 */
public record StockLevel(
    String sku,
    String locationId,
    long onHand,
    long reserved,
    long safetyStock,
    long available,
    long version,
    Instant updatedAt) {

  public static String key(String sku, String locationId) {
    return sku + "@" + locationId;
  }

  public String key() {
    return key(sku, locationId);
  }
}
