package dev.o2o.contract;

import java.time.Instant;

/**
 * An arrival offer for one customer in one store. The offer id is stable for the visit, so a
 * redelivered offer is recognised and dropped before it reaches the phone twice; the code is what
 * the customer shows at the till. {@code benefit} is what the customer gets on the item: the
 * campaign's benefit, or 0% off for an offer without a campaign, which only points the customer to
 * an item they wanted.
 */
public record Offer(
    String offerId,
    String customerId,
    String storeId,
    String visitId,
    String sku,
    String campaignId,
    Benefit benefit,
    String code,
    String reason,
    Instant issuedAt,
    Instant expiresAt) {
  public Offer {
    Require.present(benefit, "benefit");
  }

  /**
   * The percentage off of a percent-off offer, null for any other benefit. The offer's JSON carries
   * it beside {@code benefit} for readers written when every benefit was a percentage.
   */
  public Integer percentOff() {
    return benefit.kind() == Benefit.Kind.PERCENT_OFF ? benefit.percent() : null;
  }
}
