package dev.o2o.config;

import dev.o2o.contract.Benefit;
import dev.o2o.contract.Campaign;
import dev.o2o.contract.PolicyBreach;
import dev.o2o.contract.PolicyRule;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The benefit rules stores and head office agreed on, so that online campaigns stop reaching the
 * shop floor as uncontrolled discounts: no benefit above {@code maxPercentOff}, no arrival offer
 * below the shelf price beyond the campaign's own parity band, no in-store offers on {@code
 * onlineOnlyCategories}, a validity that ends after it starts, and a budget above zero. A campaign
 * that breaks any of them is refused with every rule it breaks.
 *
 * <p>Both discount rules hold each benefit to its share of the shelf price of the campaign's
 * catalogue items: a percentage off is that share, an amount off is its share of the cheapest item
 * it covers, and bonus points are worth {@code pointValue} each in the catalogue's currency. Points
 * are refused while the policy gives them no value ({@code pointValue} absent), as their cost could
 * not be held to the rules.
 */
public record BrandPolicy(
    int maxPercentOff, Set<String> onlineOnlyCategories, BigDecimal pointValue)
    implements Serializable {
  public BrandPolicy {
    onlineOnlyCategories = Set.copyOf(onlineOnlyCategories);
  }

  /**
   * The rules the campaign breaks, in the order of {@link PolicyRule}, with its benefit priced on
   * the {@code catalogue}'s items; empty when it may run.
   */
  public List<PolicyBreach> breachesOf(Campaign campaign, Catalogue catalogue) {
    List<PolicyBreach> breaches = new ArrayList<>();
    Benefit benefit = campaign.benefit();
    if (benefit.kind() == Benefit.Kind.BONUS_POINTS && pointValue == null) {
      breaches.add(
          new PolicyBreach(
              PolicyRule.BENEFIT_ABOVE_MAXIMUM,
              benefit.describe()
                  + " have no value in the brand policy (engagement.policy.pointValue), so they"
                  + " cannot be held to its maximum of "
                  + maxPercentOff
                  + "%"));
    } else {
      Discount deepest = deepestDiscount(campaign, catalogue);
      if (deepest.percent().compareTo(BigDecimal.valueOf(maxPercentOff)) > 0) {
        breaches.add(
            new PolicyBreach(
                PolicyRule.BENEFIT_ABOVE_MAXIMUM,
                deepest.text() + " is above the brand's maximum of " + maxPercentOff + "%"));
      }
      if (deepest.percent().compareTo(BigDecimal.valueOf(campaign.allowedUndercutPercent())) > 0) {
        breaches.add(
            new PolicyBreach(
                PolicyRule.PRICE_PARITY,
                "an arrival offer at "
                    + deepest.text()
                    + " would undercut the store's shelf price beyond the campaign's parity"
                    + " band of "
                    + campaign.allowedUndercutPercent()
                    + "%"));
      }
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

  /**
   * The share of the shelf price the campaign's benefit gives, where it is largest among the
   * catalogue items in its categories; a percentage off is that share on every item.
   */
  private Discount deepestDiscount(Campaign campaign, Catalogue catalogue) {
    Benefit benefit = campaign.benefit();
    if (benefit.kind() == Benefit.Kind.PERCENT_OFF) {
      return new Discount(benefit.percentOf(BigDecimal.ONE, null), benefit.describe());
    }
    String pointsAt =
        benefit.kind() == Benefit.Kind.BONUS_POINTS
            ? "at " + pointValue.toPlainString() + " " + catalogue.currency() + " a point, "
            : "";
    return catalogue.items().stream()
        .filter(item -> campaign.categories().contains(item.category()))
        .map(
            item -> {
              BigDecimal percent = benefit.percentOf(item.price(), pointValue);
              return new Discount(
                  percent,
                  benefit.describe()
                      + " ("
                      + pointsAt
                      + percent.stripTrailingZeros().toPlainString()
                      + "% of the "
                      + item.price().toPlainString()
                      + " "
                      + catalogue.currency()
                      + " shelf price of "
                      + item.sku()
                      + ")");
            })
        .max(Comparator.comparing(Discount::percent))
        .orElse(new Discount(BigDecimal.ZERO, benefit.describe()));
  }

  /** A benefit's share of a shelf price in percent, and how a report states it. */
  private record Discount(BigDecimal percent, String text) {}
}
