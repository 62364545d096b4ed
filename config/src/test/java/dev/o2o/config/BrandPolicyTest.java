package dev.o2o.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.o2o.contract.Benefit;
import dev.o2o.contract.Campaign;
import dev.o2o.contract.PolicyBreach;
import dev.o2o.contract.PolicyRule;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BrandPolicyTest {
  private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
  private static final Instant END = Instant.parse("2026-12-31T00:00:00Z");
  private static final BrandPolicy POLICY =
      new BrandPolicy(30, Set.of("online-exclusives"), new BigDecimal("0.01"));
  private static final Catalogue CATALOGUE =
      new Catalogue(
          "EUR",
          List.of(
              new CatalogueItem("SHIRT-FINE", "Fine shirt", "shirts", new BigDecimal("100.00")),
              new CatalogueItem("SHIRT-BASIC", "Basic shirt", "shirts", new BigDecimal("40.00")),
              new CatalogueItem("KNIT-1", "Knit", "knitwear", new BigDecimal("20.00"))),
          Map.of());

  @Test
  void acceptsACampaignWithinEveryRule() {
    assertThat(breaches(campaign(List.of("shirts"), 10, START, END, "500.00", 10))).isEmpty();
  }

  @Test
  void refusesABenefitAboveTheBrandMaximum() {
    assertThat(breaches(campaign(List.of("shirts"), 40, START, END, "500.00", 40)))
        .singleElement()
        .satisfies(
            breach -> {
              assertThat(breach.rule()).isEqualTo(PolicyRule.BENEFIT_ABOVE_MAXIMUM);
              assertThat(breach.detail()).isEqualTo("40% off is above the brand's maximum of 30%");
            });
  }

  @Test
  void refusesAnArrivalOfferUndercuttingTheStoreBeyondTheParityBand() {
    assertThat(breaches(campaign(List.of("shirts"), 20, START, END, "500.00", 10)))
        .singleElement()
        .satisfies(
            breach -> {
              assertThat(breach.rule()).isEqualTo(PolicyRule.PRICE_PARITY);
              assertThat(breach.detail()).contains("20% off").contains("parity band of 10%");
            });
  }

  @Test
  void aCampaignWithoutParityBandMayNotUndercutTheStoreAtAll() {
    assertThat(breaches(campaign(List.of("shirts"), 5, START, END, "500.00", null)))
        .extracting(PolicyBreach::rule)
        .containsExactly(PolicyRule.PRICE_PARITY);
    assertThat(breaches(campaign(List.of("shirts"), 0, START, END, "500.00", null))).isEmpty();
  }

  @Test
  void refusesOnlineOnlyCategoriesOfferedInStore() {
    assertThat(
            breaches(
                campaign(List.of("shirts", "online-exclusives"), 10, START, END, "500.00", 10)))
        .singleElement()
        .satisfies(
            breach -> {
              assertThat(breach.rule()).isEqualTo(PolicyRule.ONLINE_ONLY_IN_STORE);
              assertThat(breach.detail()).startsWith("categories [online-exclusives]");
            });
  }

  @Test
  void refusesAValidityEndingBeforeItStarts() {
    assertThat(breaches(campaign(List.of("shirts"), 10, END, START, "500.00", 10)))
        .extracting(PolicyBreach::rule)
        .containsExactly(PolicyRule.VALIDITY);
    assertThat(breaches(campaign(List.of("shirts"), 10, START, START, "500.00", 10)))
        .extracting(PolicyBreach::rule)
        .containsExactly(PolicyRule.VALIDITY);
  }

  @Test
  void refusesAMissingOrNonPositiveBudget() {
    assertThat(breaches(campaign(List.of("shirts"), 10, START, END, null, 10)))
        .extracting(PolicyBreach::detail)
        .containsExactly("it has no budget");
    assertThat(breaches(campaign(List.of("shirts"), 10, START, END, "0.00", 10)))
        .extracting(PolicyBreach::rule, PolicyBreach::detail)
        .containsExactly(tuple(PolicyRule.BUDGET, "its budget of 0.00 EUR is not above zero"));
  }

  @Test
  void namesEveryRuleACampaignBreaks() {
    assertThat(breaches(campaign(List.of("online-exclusives"), 50, END, START, "-1", null)))
        .extracting(PolicyBreach::rule)
        .containsExactly(
            PolicyRule.BENEFIT_ABOVE_MAXIMUM,
            PolicyRule.PRICE_PARITY,
            PolicyRule.ONLINE_ONLY_IN_STORE,
            PolicyRule.VALIDITY,
            PolicyRule.BUDGET);
  }

  @Test
  void holdsAnAmountOffToItsShareOfTheCheapestItemItCovers() {
    Campaign tenOff = campaign(Benefit.amountOff(new BigDecimal("10.00"), "EUR"), 20);

    assertThat(breaches(tenOff))
        .singleElement()
        .satisfies(
            breach -> {
              assertThat(breach.rule()).isEqualTo(PolicyRule.PRICE_PARITY);
              assertThat(breach.detail())
                  .isEqualTo(
                      "an arrival offer at 10.00 EUR off (25% of the 40.00 EUR shelf price of"
                          + " SHIRT-BASIC) would undercut the store's shelf price beyond the"
                          + " campaign's parity band of 20%");
            });
    assertThat(breaches(campaign(Benefit.amountOff(new BigDecimal("10.00"), "EUR"), 25))).isEmpty();
  }

  @Test
  void refusesAnAmountOffAboveTheBrandMaximumOnAnyItem() {
    assertThat(breaches(campaign(Benefit.amountOff(new BigDecimal("15.00"), "EUR"), 30)))
        .extracting(PolicyBreach::rule, PolicyBreach::detail)
        .containsExactly(
            tuple(
                PolicyRule.BENEFIT_ABOVE_MAXIMUM,
                "15.00 EUR off (37.5% of the 40.00 EUR shelf price of SHIRT-BASIC) is above the"
                    + " brand's maximum of 30%"),
            tuple(
                PolicyRule.PRICE_PARITY,
                "an arrival offer at 15.00 EUR off (37.5% of the 40.00 EUR shelf price of"
                    + " SHIRT-BASIC) would undercut the store's shelf price beyond the"
                    + " campaign's parity band of 30%"));
  }

  @Test
  void valuesBonusPointsAtThePolicysPointValue() {
    assertThat(breaches(campaign(Benefit.bonusPoints(1000), 20)))
        .singleElement()
        .satisfies(
            breach -> {
              assertThat(breach.rule()).isEqualTo(PolicyRule.PRICE_PARITY);
              assertThat(breach.detail())
                  .contains("1000 bonus points (at 0.01 EUR a point, 25% of the 40.00 EUR");
            });
    assertThat(breaches(campaign(Benefit.bonusPoints(1000), 25))).isEmpty();
  }

  @Test
  void refusesBonusPointsWhileThePolicyGivesThemNoValue() {
    BrandPolicy unvalued = new BrandPolicy(30, Set.of(), null);

    assertThat(unvalued.breachesOf(campaign(Benefit.bonusPoints(10), 25), CATALOGUE))
        .extracting(PolicyBreach::rule, PolicyBreach::detail)
        .containsExactly(
            tuple(
                PolicyRule.BENEFIT_ABOVE_MAXIMUM,
                "10 bonus points have no value in the brand policy"
                    + " (engagement.policy.pointValue), so they cannot be held to its maximum of"
                    + " 30%"));
  }

  private static List<PolicyBreach> breaches(Campaign campaign) {
    return POLICY.breachesOf(campaign, CATALOGUE);
  }

  private static Campaign campaign(Benefit benefit, Integer parityBandPercent) {
    return campaign(List.of("shirts"), benefit, START, END, "500.00", parityBandPercent);
  }

  private static Campaign campaign(
      List<String> categories,
      int percentOff,
      Instant startsAt,
      Instant endsAt,
      String budget,
      Integer parityBandPercent) {
    return campaign(
        categories, Benefit.percentOff(percentOff), startsAt, endsAt, budget, parityBandPercent);
  }

  private static Campaign campaign(
      List<String> categories,
      Benefit benefit,
      Instant startsAt,
      Instant endsAt,
      String budget,
      Integer parityBandPercent) {
    return new Campaign(
        "winter",
        "Winter",
        categories,
        benefit,
        startsAt,
        endsAt,
        new BigDecimal("1000.00"),
        "EUR",
        0.1,
        budget == null ? null : new BigDecimal(budget),
        parityBandPercent);
  }
}
