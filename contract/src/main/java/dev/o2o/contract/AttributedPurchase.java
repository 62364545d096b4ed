package dev.o2o.contract;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A member's purchase shared among the campaigns whose touches preceded it within their windows, as
 * {@link AttributedVisit} shares a visit; a campaign's revenue under a model is {@code amount}
 * times its share. A till sale ({@code channel} store) names the visit it was made during, if any;
 * {@code convertsVisit} is true for the first purchase of that visit only, so a visit converts
 * once. An online order names the store it is collected from or credited to, if any.
 */
public record AttributedPurchase(
    String eventId,
    String customerId,
    PurchaseChannel channel,
    String storeId,
    Instant occurredAt,
    BigDecimal amount,
    String currency,
    String visitId,
    boolean convertsVisit,
    List<EarnedTouch> touches,
    List<CampaignCredit> campaigns) {
  public AttributedPurchase {
    touches = List.copyOf(touches);
    campaigns = List.copyOf(campaigns);
  }

  /** The same purchase credited to other touches. */
  public AttributedPurchase withCredit(List<EarnedTouch> earned, List<CampaignCredit> credits) {
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
        earned,
        credits);
  }

  public boolean isAttributed() {
    return !campaigns.isEmpty();
  }
}
