package dev.o2o.engagement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.o2o.contract.Benefit;
import dev.o2o.contract.Campaign;
import dev.o2o.contract.CampaignBudget;
import dev.o2o.contract.CampaignDefined;
import dev.o2o.contract.Redemption;
import dev.o2o.contract.Redemption.Outcome;
import dev.o2o.contract.Redemption.Refusal;
import dev.o2o.jobs.TestEngine;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CampaignBudgetKeeperTest {
  private static final Instant T0 = TestEngine.MORNING;
  private static final Instant ENDS = T0.plus(Duration.ofDays(7));

  private KeyedTwoInputStreamOperatorTestHarness<
          String, CampaignDefined, Redemption, CampaignBudget>
      harness;
  private int sequence;

  @BeforeEach
  void open() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
            new CampaignBudgetKeeper(TestEngine.config()),
            defined -> defined.campaign().campaignId(),
            Redemption::campaignId,
            Types.STRING);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void commitsTheShelfPriceTimesPercentOffOfEachAcceptedRedemption() throws Exception {
    define("50.00");
    redeem("r-1", "KNIT-MERINO-M", T0.plusSeconds(60));
    redeem("r-2", "BELT-LEATHER-90", T0.plusSeconds(120));

    assertThat(statuses())
        .extracting(CampaignBudget::committed, CampaignBudget::redemptions)
        .containsExactly(
            tuple(BigDecimal.ZERO, 0L),
            tuple(new BigDecimal("29.70"), 1L),
            tuple(new BigDecimal("44.40"), 2L));
    assertThat(last().remaining()).isEqualByComparingTo("5.60");
    assertThat(last().exhausted()).isFalse();
  }

  @Test
  void commitsWhatTheRedeemedOfferGaveForEachKindOfBenefit() throws Exception {
    define("500.00");
    redeem("r-1", "KNIT-MERINO-M", T0.plusSeconds(60), Benefit.percentOff(10));
    redeem(
        "r-2",
        "BELT-LEATHER-90",
        T0.plusSeconds(120),
        Benefit.amountOff(new BigDecimal("15.00"), "EUR"));
    redeem(
        "r-3",
        "BELT-LEATHER-90",
        T0.plusSeconds(180),
        Benefit.amountOff(new BigDecimal("60.00"), "EUR"));
    redeem("r-4", "KNIT-MERINO-M", T0.plusSeconds(240), Benefit.bonusPoints(800));

    // 10% of 99.00, then 15.00, then no more than the belt's 49.00, then 800 points at 0.01.
    assertThat(statuses())
        .extracting(CampaignBudget::committed)
        .containsExactly(
            BigDecimal.ZERO,
            new BigDecimal("9.90"),
            new BigDecimal("24.90"),
            new BigDecimal("73.90"),
            new BigDecimal("81.90"));
  }

  @Test
  void theCampaignIsExhaustedOnceCommittedReachesTheBudget() throws Exception {
    define("59.40");
    redeem("r-1", "KNIT-MERINO-M", T0.plusSeconds(60));
    assertThat(last().exhausted()).isFalse();
    redeem("r-2", "KNIT-MERINO-M", T0.plusSeconds(120));

    assertThat(last().exhausted()).isTrue();
    assertThat(last().committed()).isEqualByComparingTo("59.40");
    assertThat(last().remaining()).isEqualByComparingTo("0");
  }

  @Test
  void raisingTheBudgetLiftsTheExhaustionAndKeepsWhatWasCommitted() throws Exception {
    define("20.00");
    redeem("r-1", "KNIT-MERINO-M", T0.plusSeconds(60));
    assertThat(last().exhausted()).isTrue();

    define("100.00");

    assertThat(last().exhausted()).isFalse();
    assertThat(last().committed()).isEqualByComparingTo("29.70");
    assertThat(last().budget()).isEqualByComparingTo("100.00");
  }

  @Test
  void aRedemptionDeliveredTwiceAndRefusalsCommitNothing() throws Exception {
    define("500.00");
    redeem("r-1", "KNIT-MERINO-M", T0.plusSeconds(60));
    redeem("r-1", "KNIT-MERINO-M", T0.plusSeconds(60));
    harness.processElement2(
        new Redemption(
            "r-2",
            "ABCDEFGH",
            "offer-2",
            "knit-week",
            "cust-2",
            "berlin-mitte",
            "s-r-2",
            "rc-2",
            "KNIT-MERINO-M",
            Outcome.REFUSED,
            Refusal.ALREADY_REDEEMED,
            T0.plusSeconds(90),
            null),
        T0.plusSeconds(90).toEpochMilli());

    assertThat(statuses()).hasSize(2);
    assertThat(last().committed()).isEqualByComparingTo("29.70");
  }

  @Test
  void aConfiguredCampaignCountsWithoutBeingDefinedOnTheTopic() throws Exception {
    harness.processElement2(accepted("r-1", "autumn-tailoring", "BLAZER-NAVY-50", T0), 0);

    assertThat(last().campaignId()).isEqualTo("autumn-tailoring");
    assertThat(last().committed()).isEqualByComparingTo("22.90");
    assertThat(last().budget()).isEqualByComparingTo("4000.00");
  }

  @Test
  void forgetsCountedRedemptionsAfterTheirOffersAndTheCampaignAfterItEnds() throws Exception {
    define("500.00");
    redeem("r-1", "KNIT-MERINO-M", T0.plusSeconds(60));
    int campaignEntries = 2;
    harness.processBothWatermarks(
        new Watermark(T0.plusSeconds(60).plus(Duration.ofHours(2)).plusSeconds(1).toEpochMilli()));
    assertThat(harness.numKeyedStateEntries()).isEqualTo(campaignEntries);
    redeem("r-1", "KNIT-MERINO-M", T0.plusSeconds(60));
    assertThat(last().committed())
        .as("the id is forgotten once the redeemer could no longer repeat the redemption")
        .isEqualByComparingTo("59.40");

    harness.processBothWatermarks(
        new Watermark(ENDS.plus(Duration.ofHours(2)).plusSeconds(1).toEpochMilli()));
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  private void define(String budget) throws Exception {
    Campaign knit =
        new Campaign(
            "knit-week",
            "Knit week",
            List.of("knitwear", "accessories"),
            Benefit.percentOff(30),
            T0.minus(Duration.ofDays(1)),
            ENDS,
            new BigDecimal("500.00"),
            "EUR",
            0.1,
            new BigDecimal(budget),
            30);
    harness.processElement1(new CampaignDefined("cd-" + ++sequence, T0, knit), T0.toEpochMilli());
  }

  private void redeem(String id, String sku, Instant at) throws Exception {
    harness.processElement2(accepted(id, "knit-week", sku, at), at.toEpochMilli());
  }

  private void redeem(String id, String sku, Instant at, Benefit benefit) throws Exception {
    harness.processElement2(accepted(id, "knit-week", sku, at, benefit), at.toEpochMilli());
  }

  private static Redemption accepted(String id, String campaignId, String sku, Instant at) {
    return accepted(id, campaignId, sku, at, null);
  }

  private static Redemption accepted(
      String id, String campaignId, String sku, Instant at, Benefit benefit) {
    return new Redemption(
        id,
        "ABCDEFGH",
        "offer-" + id,
        campaignId,
        "cust-1",
        "berlin-mitte",
        "s-" + id,
        "rc-" + id,
        sku,
        Outcome.ACCEPTED,
        null,
        at,
        benefit);
  }

  private List<CampaignBudget> statuses() {
    return harness.extractOutputValues();
  }

  private CampaignBudget last() {
    List<CampaignBudget> all = statuses();
    return all.get(all.size() - 1);
  }
}
