package dev.o2o.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.config.BrandPolicy;
import dev.o2o.config.EngineConfig;
import dev.o2o.contract.Benefit;
import dev.o2o.contract.Campaign;
import dev.o2o.contract.CampaignDefined;
import dev.o2o.contract.CampaignReport;
import dev.o2o.contract.CampaignReport.Verdict;
import dev.o2o.contract.PolicyBreach;
import dev.o2o.contract.PolicyRule;
import dev.o2o.jobs.TestEngine;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class CampaignPolicyCheckTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  @Test
  void passesOnACampaignWithinThePolicyAndReportsItAccepted() throws Exception {
    CampaignDefined defined = defined(campaign(10, "300.00", 10));
    try (var harness = harness()) {
      harness.processElement(defined, T0.toEpochMilli());

      assertThat(harness.extractOutputValues()).containsExactly(defined);
      assertThat(reports(harness))
          .singleElement()
          .satisfies(
              report -> {
                assertThat(report.verdict()).isEqualTo(Verdict.ACCEPTED);
                assertThat(report.breaches()).isEmpty();
                assertThat(report.checkedAt()).isEqualTo(T0);
              });
    }
  }

  @Test
  void holdsBackABreakingCampaignAndNamesEveryRuleInItsReport() throws Exception {
    CampaignDefined defined = defined(campaign(40, null, 10));
    try (var harness = harness()) {
      harness.processElement(defined, T0.toEpochMilli());

      assertThat(harness.extractOutputValues()).isEmpty();
      assertThat(reports(harness))
          .singleElement()
          .satisfies(
              report -> {
                assertThat(report.verdict()).isEqualTo(Verdict.REFUSED);
                assertThat(report.campaign()).isEqualTo(defined.campaign());
                assertThat(report.breaches())
                    .extracting(PolicyBreach::rule)
                    .containsExactly(
                        PolicyRule.BENEFIT_ABOVE_MAXIMUM,
                        PolicyRule.PRICE_PARITY,
                        PolicyRule.BUDGET);
              });
    }
  }

  @Test
  void holdsAnAmountOffToItsShareOfTheItemsShelfPrice() throws Exception {
    Benefit amount = Benefit.amountOff(new BigDecimal("25.00"), "EUR");
    CampaignDefined tooDeep = defined(campaign(amount, 20));
    CampaignDefined withinBand = defined(campaign(amount, 30));
    try (var harness = harness()) {
      harness.processElement(tooDeep, T0.toEpochMilli());
      harness.processElement(withinBand, T0.toEpochMilli());

      assertThat(harness.extractOutputValues()).containsExactly(withinBand);
      assertThat(reports(harness).get(0).breaches())
          .singleElement()
          .satisfies(
              breach -> {
                assertThat(breach.rule()).isEqualTo(PolicyRule.PRICE_PARITY);
                assertThat(breach.detail())
                    .contains(
                        "25.00 EUR off (25.25% of the 99.00 EUR shelf price of KNIT-MERINO-M)")
                    .contains("parity band of 20%");
              });
    }
  }

  @Test
  void holdsBonusPointsToTheirValueAtThePolicysPointValue() throws Exception {
    CampaignDefined tooRich = defined(campaign(Benefit.bonusPoints(3000), 30));
    CampaignDefined withinBand = defined(campaign(Benefit.bonusPoints(1000), 15));
    try (var harness = harness()) {
      harness.processElement(tooRich, T0.toEpochMilli());
      harness.processElement(withinBand, T0.toEpochMilli());

      assertThat(harness.extractOutputValues()).containsExactly(withinBand);
      assertThat(reports(harness).get(0).breaches())
          .extracting(PolicyBreach::rule)
          .containsExactly(PolicyRule.BENEFIT_ABOVE_MAXIMUM, PolicyRule.PRICE_PARITY);
      assertThat(reports(harness).get(0).breaches().get(0).detail())
          .startsWith("3000 bonus points (at 0.01 EUR a point, 30.3% of the 99.00 EUR");
    }
  }

  @Test
  void refusesBonusPointsWhenThePolicyGivesPointsNoValue() throws Exception {
    CampaignDefined points = defined(campaign(Benefit.bonusPoints(100), 30));
    try (var harness =
        ProcessFunctionTestHarnesses.forProcessFunction(
            new CampaignPolicyCheck(
                new BrandPolicy(30, Set.of(), null), TestEngine.config().catalogue()))) {
      harness.processElement(points, T0.toEpochMilli());

      assertThat(harness.extractOutputValues()).isEmpty();
      assertThat(reports(harness).get(0).breaches())
          .extracting(PolicyBreach::rule)
          .containsExactly(PolicyRule.BENEFIT_ABOVE_MAXIMUM);
    }
  }

  private static OneInputStreamOperatorTestHarness<CampaignDefined, CampaignDefined> harness()
      throws Exception {
    EngineConfig config = TestEngine.config();
    return ProcessFunctionTestHarnesses.forProcessFunction(
        new CampaignPolicyCheck(config.engagement().policy(), config.catalogue()));
  }

  private static List<CampaignReport> reports(
      OneInputStreamOperatorTestHarness<CampaignDefined, CampaignDefined> harness) {
    return harness.getSideOutput(CampaignPolicyCheck.REPORTS).stream()
        .map(StreamRecord::getValue)
        .toList();
  }

  private static CampaignDefined defined(Campaign campaign) {
    return new CampaignDefined("cd-1", T0, campaign);
  }

  private static Campaign campaign(Benefit benefit, int parityBandPercent) {
    return campaign(benefit, "300.00", parityBandPercent);
  }

  private static Campaign campaign(int percentOff, String budget, int parityBandPercent) {
    return campaign(Benefit.percentOff(percentOff), budget, parityBandPercent);
  }

  private static Campaign campaign(Benefit benefit, String budget, int parityBandPercent) {
    return new Campaign(
        "winter",
        "Winter",
        List.of("knitwear"),
        benefit,
        T0,
        T0.plusSeconds(86_400),
        new BigDecimal("500.00"),
        "EUR",
        0.1,
        budget == null ? null : new BigDecimal(budget),
        parityBandPercent);
  }
}
