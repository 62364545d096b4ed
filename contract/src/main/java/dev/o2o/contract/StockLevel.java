package dev.o2o.contract;

import java.time.Instant;

/**
 * The inventory of one sku at one location, as the inventory job last computed it. {@code
 * available} is what can still be promised: on hand less reserved less safety stock, never below
 * zero. The three channel figures say what each sales channel may sell from this location, as the
 * location is configured to serve it: {@code availableToShip} for online orders shipped from here,
 * {@code availableToCollect} for click and collect here (both equal to {@code available}, or zero
 * when the location does not serve the channel), and {@code availableInStore} for customers on the
 * shop floor, who may buy the safety stock (on hand less reserved, zero at the warehouse). {@code
 * version} counts the movements applied, so a reader can drop an older view.
 */
public record StockLevel(
    String sku,
    String locationId,
    long onHand,
    long reserved,
    long safetyStock,
    long available,
    long availableToShip,
    long availableToCollect,
    long availableInStore,
    long version,
    Instant updatedAt) {

  public static String key(String sku, String locationId) {
    return sku + "@" + locationId;
  }

  public String key() {
    return key(sku, locationId);
  }
}
