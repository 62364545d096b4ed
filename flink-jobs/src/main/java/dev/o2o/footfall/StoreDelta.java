package dev.o2o.footfall;

import dev.o2o.contract.AttributedPurchase;
import dev.o2o.contract.AttributedVisit;
import dev.o2o.contract.PurchaseChannel;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One change to a store's totals, keyed by store id: a visit (attributed or not), a visit converted
 * by a sale, or a sale or online order with its amount and whether a campaign earned it.
 */
public record StoreDelta(
    String storeId,
    Instant at,
    long visits,
    long attributedVisits,
    long convertedVisits,
    PurchaseChannel channel,
    BigDecimal amount,
    boolean attributed) {

  public static StoreDelta visit(AttributedVisit visit) {
    return new StoreDelta(
        visit.storeId(), visit.visitedAt(), 1, visit.isAttributed() ? 1 : 0, 0, null, null, false);
  }

  public static StoreDelta conversion(AttributedVisit visit) {
    return new StoreDelta(visit.storeId(), visit.visitedAt(), 0, 0, 1, null, null, false);
  }

  public static StoreDelta purchase(AttributedPurchase purchase) {
    return new StoreDelta(
        purchase.storeId(),
        purchase.occurredAt(),
        0,
        0,
        0,
        purchase.channel(),
        purchase.amount(),
        purchase.isAttributed());
  }

  /** The same change taken back. */
  public StoreDelta negated() {
    return new StoreDelta(
        storeId,
        at,
        -visits,
        -attributedVisits,
        -convertedVisits,
        channel,
        amount == null ? null : amount.negate(),
        attributed);
  }

  /** A sale of a customer who did not identify themselves: no campaign can have earned it. */
  public static StoreDelta anonymous(Purchase sale) {
    return new StoreDelta(
        sale.storeId(), sale.occurredAt(), 0, 0, 0, sale.channel(), sale.amount(), false);
  }
}
