package dev.o2o.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.o2o.contract.Campaign;
import dev.o2o.contract.PolicyBreach;
import dev.o2o.contract.PolicyRule;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BrandPolicyTest {
  private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
  private static final Instant END = Instant.parse("2026-12-31T00:00:00Z");
  private static final BrandPolicy POLICY = new BrandPolicy(30, Set.of("online-exclusives"));

  @Test
  void acceptsACampaignWithinEveryRule() {
    assertThat(POLICY.breachesOf(campaign(List.of("shirts"), 10, START, END, "500.00", 10)))
        .isEmpty();
  }

  @Test
  void refusesABenefitAboveTheBrandMaximum() {
    assertThat(POLICY.breachesOf(campaign(List.of("shirts"), 40, START, END, "500.00", 40)))
        .singleElement()
        .satisfies(
            breach -> {
              assertThat(breach.rule()).isEqualTo(PolicyRule.BENEFIT_ABOVE_MAXIMUM);
              assertThat(breach.detail()).isEqualTo("40% off is above the brand's maximum of 30%");
            });
  }

  @Test
  void refusesAnArrivalOfferUndercuttingTheStoreBeyondTheParityBand() {
    assertThat(POLICY.breachesOf(campaign(List.of("shirts"), 20, START, END, "500.00", 10)))
        .singleElement()
        .satisfies(
            breach -> {
              assertThat(breach.rule()).isEqualTo(PolicyRule.PRICE_PARITY);
              assertThat(breach.detail()).contains("20% off").contains("parity band of 10%");
            });
  }

  @Test
  void aCampaignWithoutParityBandMayNotUndercutTheStoreAtAll() {
    assertThat(POLICY.breachesOf(campaign(List.of("shirts"), 5, START, END, "500.00", null)))
        .extracting(PolicyBreach::rule)
        .containsExactly(PolicyRule.PRICE_PARITY);
    assertThat(POLICY.breachesOf(campaign(List.of("shirts"), 0, START, END, "500.00", null)))
        .isEmpty();
  }

  @Test
  void refusesOnlineOnlyCategoriesOfferedInStore() {
    assertThat(
            POLICY.breachesOf(
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
    assertThat(POLICY.breachesOf(campaign(List.of("shirts"), 10, END, START, "500.00", 10)))
        .extracting(PolicyBreach::rule)
        .containsExactly(PolicyRule.VALIDITY);
    assertThat(POLICY.breachesOf(campaign(List.of("shirts"), 10, START, START, "500.00", 10)))
        .extracting(PolicyBreach::rule)
        .containsExactly(PolicyRule.VALIDITY);
  }

  @Test
  void refusesAMissingOrNonPositiveBudget() {
    assertThat(POLICY.breachesOf(campaign(List.of("shirts"), 10, START, END, null, 10)))
        .extracting(PolicyBreach::detail)
        .containsExactly("it has no budget");
    assertThat(POLICY.breachesOf(campaign(List.of("shirts"), 10, START, END, "0.00", 10)))
        .extracting(PolicyBreach::rule, PolicyBreach::detail)
        .containsExactly(tuple(PolicyRule.BUDGET, "its budget of 0.00 EUR is not above zero"));
  }

  @Test
  void namesEveryRuleACampaignBreaks() {
    assertThat(
            POLICY.breachesOf(campaign(List.of("online-exclusives"), 50, END, START, "-1", null)))
        .extracting(PolicyBreach::rule)
        .containsExactly(
            PolicyRule.BENEFIT_ABOVE_MAXIMUM,
            PolicyRule.PRICE_PARITY,
            PolicyRule.ONLINE_ONLY_IN_STORE,
            PolicyRule.VALIDITY,
            PolicyRule.BUDGET);
  }

  private static Campaign campaign(
      List<String> categories,
      int percentOff,
      Instant startsAt,
      Instant endsAt,
      String budget,
      Integer parityBandPercent) {
    return new Campaign(
        "winter",
        "Winter",
        categories,
        percentOff,
        startsAt,
        endsAt,
        new BigDecimal("1000.00"),
        "EUR",
        0.1,
        budget == null ? null : new BigDecimal(budget),
        parityBandPercent);
  }
}
