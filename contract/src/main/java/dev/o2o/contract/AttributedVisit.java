package dev.o2o.contract;

import java.time.Instant;
import java.util.List;

/**
 * A store visit shared among the online campaigns whose touches preceded it within their windows
 * (clicks and coupon claims over the click window, impressions and product views over the view
 * window). {@code touches} are the touches that earned it, oldest first, each with its shares;
 * {@code campaigns} sums them per campaign. Under every model the shares of one visit add up to
 * one; a visit no touch earned has both lists empty.
 */
public record AttributedVisit(
    String visitId,
    String customerId,
    String storeId,
    Instant visitedAt,
    List<EarnedTouch> touches,
    List<CampaignCredit> campaigns) {
  public AttributedVisit {
    touches = List.copyOf(touches);
    campaigns = List.copyOf(campaigns);
  }

  public boolean isAttributed() {
    return !campaigns.isEmpty();
  }
}
