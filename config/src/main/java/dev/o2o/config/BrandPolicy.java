package dev.o2o.config;

import dev.o2o.contract.Campaign;
import dev.o2o.contract.PolicyBreach;
import dev.o2o.contract.PolicyRule;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The benefit rules stores and head office agreed on, so that online campaigns stop reaching the
 * shop floor as uncontrolled discounts: no benefit above {@code maxPercentOff}, no arrival offer
 * below the shelf price beyond the campaign's own parity band, no in-store offers on {@code
 * onlineOnlyCategories}, a validity that ends after it starts, and a budget above zero. A campaign
 * that breaks any of them is refused with every rule it breaks.
 */
public record BrandPolicy(int maxPercentOff, Set<String> onlineOnlyCategories)
    implements Serializable {
  public BrandPolicy {
    onlineOnlyCategories = Set.copyOf(onlineOnlyCategories);
  }

  /** The rules the campaign breaks, in the order of {@link PolicyRule}; empty when it may run. */
  public List<PolicyBreach> breachesOf(Campaign campaign) {
    List<PolicyBreach> breaches = new ArrayList<>();
    if (campaign.percentOff() > maxPercentOff) {
      breaches.add(
          new PolicyBreach(
              PolicyRule.BENEFIT_ABOVE_MAXIMUM,
              campaign.percentOff()
                  + "% off is above the brand's maximum of "
                  + maxPercentOff
                  + "%"));
    }
    if (campaign.percentOff() > campaign.allowedUndercutPercent()) {
      breaches.add(
          new PolicyBreach(
              PolicyRule.PRICE_PARITY,
              "an arrival offer at "
                  + campaign.percentOff()
                  + "% off would undercut the store's shelf price beyond the campaign's parity"
                  + " band of "
                  + campaign.allowedUndercutPercent()
                  + "%"));
    }
    Set<String> onlineOnly = new TreeSet<>(campaign.categories());
    onlineOnly.retainAll(onlineOnlyCategories);
    if (!onlineOnly.isEmpty()) {
      breaches.add(
          new PolicyBreach(
              PolicyRule.ONLINE_ONLY_IN_STORE,
              "categories "
                  + onlineOnly
                  + " are sold online only and may not be offered to customers in store"));
    }
    if (!campaign.endsAt().isAfter(campaign.startsAt())) {
      breaches.add(
          new PolicyBreach(
              PolicyRule.VALIDITY,
              "it ends at "
                  + campaign.endsAt()
                  + ", not after it starts at "
                  + campaign.startsAt()));
    }
    if (campaign.budget() == null) {
      breaches.add(new PolicyBreach(PolicyRule.BUDGET, "it has no budget"));
    } else if (campaign.budget().signum() <= 0) {
      breaches.add(
          new PolicyBreach(
              PolicyRule.BUDGET,
              "its budget of "
                  + campaign.budget().toPlainString()
                  + " "
                  + campaign.currency()
                  + " is not above zero"));
    }
    return List.copyOf(breaches);
  }
}
