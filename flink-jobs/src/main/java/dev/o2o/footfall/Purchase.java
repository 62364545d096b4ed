package dev.o2o.footfall;

import dev.o2o.contract.AttributedPurchase;
import dev.o2o.contract.CampaignCredit;
import dev.o2o.contract.EarnedTouch;
import dev.o2o.contract.OrderLine;
import dev.o2o.contract.OrderPlaced;
import dev.o2o.contract.PosSale;
import dev.o2o.contract.PurchaseChannel;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A member's purchase as attribution sees it, from a till sale line or a placed online order: who,
 * where, when and for how much. The customer is absent for a till sale to someone who did not show
 * their membership. {@code storeId} is the till's store, or the store an online order is collected
 * from or credited to, if any.
 */
public record Purchase(
    String eventId,
    String customerId,
    PurchaseChannel channel,
    String storeId,
    Instant occurredAt,
    BigDecimal amount,
    String currency) {

  public static Purchase of(PosSale sale) {
    return new Purchase(
        sale.eventId(),
        sale.customerId(),
        PurchaseChannel.STORE,
        sale.storeId(),
        sale.occurredAt(),
        sale.unitPrice().multiply(BigDecimal.valueOf(sale.quantity())),
        sale.currency());
  }

  public static Purchase of(OrderPlaced order) {
    BigDecimal amount = BigDecimal.ZERO;
    for (OrderLine line : order.lines()) {
      amount = amount.add(line.unitPrice().multiply(BigDecimal.valueOf(line.quantity())));
    }
    String storeId = order.associateStoreId() != null ? order.associateStoreId() : order.storeId();
    return new Purchase(
        order.eventId(),
        order.customerId(),
        PurchaseChannel.ONLINE,
        storeId,
        order.occurredAt(),
        amount,
        order.currency());
  }

  /** The purchase a credit was given for. */
  public static Purchase of(AttributedPurchase credited) {
    return new Purchase(
        credited.eventId(),
        credited.customerId(),
        credited.channel(),
        credited.storeId(),
        credited.occurredAt(),
        credited.amount(),
        credited.currency());
  }

  /**
   * The purchase with its credit: the visit it was made during (null for none), whether it converts
   * that visit, and the touches and campaigns that earned it.
   */
  public AttributedPurchase credited(
      String visitId,
      boolean convertsVisit,
      List<EarnedTouch> touches,
      List<CampaignCredit> campaigns) {
    return new AttributedPurchase(
        eventId,
        customerId,
        channel,
        storeId,
        occurredAt,
        amount,
        currency,
        visitId,
        convertsVisit,
        touches,
        campaigns);
  }
}
