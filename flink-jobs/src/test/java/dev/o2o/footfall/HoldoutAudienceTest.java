package dev.o2o.footfall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.o2o.contract.Benefit;
import dev.o2o.contract.Campaign;
import dev.o2o.contract.CampaignDefined;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.TouchKind;
import dev.o2o.contract.Visit;
import dev.o2o.contract.VisitStatus;
import dev.o2o.jobs.TestEngine;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HoldoutAudienceTest {
  private static final Instant T0 = TestEngine.MORNING;
  private static final Duration CLICK_WINDOW = Duration.ofDays(7);

  private KeyedBroadcastOperatorTestHarness<
          String, CustomerActivity, CampaignDefined, CampaignDelta>
      harness;
  private int sequence;

  @BeforeEach
  void open() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new HoldoutAudience(
                CLICK_WINDOW, Duration.ofSeconds(5), TestEngine.config().campaigns()),
            CustomerActivity::customerId,
            Types.STRING,
            HoldoutAudience.CAMPAIGNS);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void aMemberJoinsOnceInTheGroupTheDrawGives() throws Exception {
    touch("c-1", "autumn-tailoring", T0);
    touch("c-1", "autumn-tailoring", T0.plusSeconds(60));
    touch("cust-1", "autumn-tailoring", T0);

    assertThat(harness.extractOutputValues())
        .extracting(CampaignDelta::campaignId, CampaignDelta::group, CampaignDelta::visitor)
        .containsExactly(
            tuple("autumn-tailoring", HoldoutGroup.CONTROL, false),
            tuple("autumn-tailoring", HoldoutGroup.EXPOSED, false));
  }

  @Test
  void aTouchOfAnUnknownCampaignOrOutsideItsRunJoinsNothing() throws Exception {
    harness.processBroadcastElement(
        defined(T0.plus(Duration.ofDays(1)), T0.plus(Duration.ofDays(2))), 0);
    touch("cust-1", "short-run", T0);
    touch("cust-1", "never-defined", T0);

    assertThat(harness.extractOutputValues()).isEmpty();
  }

  @Test
  void aVisitWithinTheClickWindowOfJoiningMakesOneVisitor() throws Exception {
    visit("cust-1", "v-0", T0.minusSeconds(60));
    touch("cust-1", "autumn-tailoring", T0);
    visit("cust-1", "v-1", T0.plus(Duration.ofDays(2)));
    visit("cust-1", "v-2", T0.plus(Duration.ofDays(3)));
    visit("cust-1", "v-3", T0.plus(Duration.ofDays(8)));
    harness.watermark(T0.plus(Duration.ofDays(9)).toEpochMilli());

    assertThat(harness.extractOutputValues())
        .extracting(CampaignDelta::visitor, CampaignDelta::at)
        .containsExactly(tuple(false, T0), tuple(true, T0.plus(Duration.ofDays(2))));
  }

  @Test
  void aTouchLateWithinTheWatermarkStillPrecedesTheVisit() throws Exception {
    visit("cust-1", "v-1", T0);
    touch("cust-1", "autumn-tailoring", T0.minusSeconds(30));
    harness.watermark(T0.toEpochMilli());

    assertThat(harness.extractOutputValues())
        .extracting(CampaignDelta::visitor)
        .containsExactly(false, true);
  }

  @Test
  void anArrivalIsJudgedAfterThePatienceWhenTheWatermarkDoesNotCome() throws Exception {
    harness.setProcessingTime(0);
    touch("cust-1", "autumn-tailoring", T0);
    visit("cust-1", "v-1", T0.plusSeconds(60));

    harness.setProcessingTime(Duration.ofSeconds(6).toMillis());

    assertThat(harness.extractOutputValues())
        .extracting(CampaignDelta::visitor)
        .containsExactly(false, true);
    assertThat(harness.numProcessingTimeTimers()).isZero();
  }

  @Test
  void stateAndTimersAreCleanedUpOnceTheCampaignAndWindowHaveEnded() throws Exception {
    harness.processBroadcastElement(
        defined(T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(1))), 0);
    touch("cust-1", "short-run", T0);
    visit("cust-1", "v-1", T0.plusSeconds(600));
    assertThat(keyedStateEntries()).isPositive();

    harness.watermark(T0.plus(CLICK_WINDOW).toEpochMilli());

    assertThat(harness.extractOutputValues()).hasSize(2);
    assertThat(keyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  private int keyedStateEntries() {
    return ((HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend())
        .numKeyValueStateEntries();
  }

  private static CampaignDefined defined(Instant startsAt, Instant endsAt) {
    return new CampaignDefined(
        "cd-1",
        startsAt,
        new Campaign(
            "short-run",
            "Short run",
            List.of("knitwear"),
            Benefit.percentOff(10),
            startsAt,
            endsAt,
            new BigDecimal("100.00"),
            "EUR",
            0.5,
            null,
            null));
  }

  private void touch(String customerId, String campaignId, Instant at) throws Exception {
    harness.processElement(
        CustomerActivity.of(
            new OnlineTouch(
                "t-" + ++sequence, at, customerId, TouchKind.IMPRESSION, campaignId, null)),
        at.toEpochMilli());
  }

  private void visit(String customerId, String visitId, Instant at) throws Exception {
    harness.processElement(
        CustomerActivity.of(
            new Visit(visitId, customerId, "berlin-mitte", at, at, VisitStatus.OPEN, 2)),
        at.toEpochMilli());
  }
}
