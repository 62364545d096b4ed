package dev.o2o.contract;

import java.time.Instant;

/**
 * Something a customer did online: saw or clicked a campaign, claimed a coupon, viewed a product,
 * put it in the cart. The campaign is absent for organic browsing; the sku is absent for a touch
 * that concerns no product.
 */
public record OnlineTouch(
    String eventId,
    Instant occurredAt,
    String customerId,
    TouchKind kind,
    String campaignId,
    String sku)
    implements Event {
  public OnlineTouch {
    Require.id(eventId, "eventId");
    Require.present(occurredAt, "occurredAt");
    Require.id(customerId, "customerId");
    Require.present(kind, "kind");
    Require.optionalId(campaignId, "campaignId");
    Require.optionalId(sku, "sku");
    if (campaignId == null && sku == null) {
      throw new InvalidEventException("a touch needs a campaignId, a sku, or both");
    }
  }
}
