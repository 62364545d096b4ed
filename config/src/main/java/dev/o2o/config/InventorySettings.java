package dev.o2o.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the inventory treats online orders and alerts.
 *
 * <ul>
 *   <li>{@code reservationTtl}: a reservation neither consumed (picked up, shipped) nor released
 *       (cancelled, rejected) within this time of the order, in event time, is released, so that an
 *       abandoned order cannot hold stock for ever.
 *   <li>{@code lowStockThreshold}: the available to promise at or below which a location raises a
 *       low-stock alert, unless the location sets its own.
 *   <li>{@code splitCap}: how many locations one shipped order line may be split across.
 *   <li>{@code collectRadiusKm}: when the store chosen for click and collect lacks stock, a store
 *       with stock within this distance of it is offered instead; beyond it, stock is transferred
 *       to the chosen store.
 *   <li>{@code influenceWindow}: a store the customer visited within this time before ordering
 *       online is credited with the order as its influencing store.
 *   <li>{@code inputDrift}: the ledger's inputs (till sales, stock movements, orders) are read at
 *       most this far apart in event time: one that runs ahead waits for the others, so that the
 *       ledger's journals only hold the movements of a short span while a backlog is read. Zero
 *       reads them unaligned.
 *   <li>{@code inputIdleTimeout}: a ledger input with nothing to read for this long stops holding
 *       the others back, in the watermark and in the alignment; no longer than {@code inputDrift},
 *       so that an input falling quiet is set aside before it could pause the others.
 * </ul>
 */
public record InventorySettings(
    Duration reservationTtl,
    int lowStockThreshold,
    int splitCap,
    double collectRadiusKm,
    Duration influenceWindow,
    Duration inputDrift,
    Duration inputIdleTimeout)
    implements Serializable {

  /** Whether the ledger's inputs are read aligned in event time. */
  public boolean alignsInputs() {
    return !inputDrift.isZero();
  }
}
