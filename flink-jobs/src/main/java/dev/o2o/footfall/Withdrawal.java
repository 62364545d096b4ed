package dev.o2o.footfall;

import dev.o2o.contract.AttributedPurchase;
import dev.o2o.contract.AttributedVisit;
import java.util.ArrayList;
import java.util.List;

/**
 * Credit the attributor gave and took back, because a touch that arrived late changed it: a visit's
 * (and, for a converted visit, its conversion's) or a purchase's. Exactly one of {@code visit} and
 * {@code purchase} is set. Its deltas undo what the credit added to the campaign and store totals;
 * the new credit that replaces it is counted as any other.
 */
public record Withdrawal(AttributedVisit visit, boolean converted, AttributedPurchase purchase) {
  static Withdrawal of(AttributedVisit visit, boolean converted) {
    return new Withdrawal(visit, converted, null);
  }

  static Withdrawal of(AttributedPurchase purchase) {
    return new Withdrawal(null, false, purchase);
  }

  public List<CampaignDelta> campaignDeltas() {
    List<CampaignDelta> added = new ArrayList<>();
    if (visit != null) {
      added.addAll(CampaignDelta.visits(visit));
      if (converted) {
        added.addAll(CampaignDelta.conversions(visit));
      }
    } else {
      added.addAll(CampaignDelta.purchases(purchase));
    }
    return added.stream().map(CampaignDelta::negated).toList();
  }

  public List<StoreDelta> storeDeltas() {
    List<StoreDelta> added = new ArrayList<>();
    if (visit != null) {
      added.add(StoreDelta.visit(visit));
      if (converted) {
        added.add(StoreDelta.conversion(visit));
      }
    } else if (purchase.storeId() != null) {
      added.add(StoreDelta.purchase(purchase));
    }
    return added.stream().map(StoreDelta::negated).toList();
  }
}
