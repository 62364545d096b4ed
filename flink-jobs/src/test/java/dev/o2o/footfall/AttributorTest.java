package dev.o2o.footfall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.contract.AttributedVisit;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.TouchKind;
import dev.o2o.contract.Visit;
import dev.o2o.contract.VisitStatus;
import dev.o2o.jobs.TestEngine;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AttributorTest {
  private static final Instant T0 = TestEngine.MORNING;

  private KeyedTwoInputStreamOperatorTestHarness<String, OnlineTouch, Visit, AttributedVisit>
      harness;
  private int sequence;

  @BeforeEach
  void open() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
            new Attributor(TestEngine.config().attribution()),
            OnlineTouch::customerId,
            Visit::customerId,
            Types.STRING);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void creditsTheLatestClickWithinTheClickWindow() throws Exception {
    touch("autumn-tailoring", TouchKind.CLICK, T0.minus(Duration.ofDays(3)));
    touch("knit-season", TouchKind.COUPON_CLAIM, T0.minus(Duration.ofDays(2)));
    visit("v-1", T0);

    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(
            credited -> {
              assertThat(credited.campaignId()).isEqualTo("knit-season");
              assertThat(credited.touchKind()).isEqualTo(TouchKind.COUPON_CLAIM);
              assertThat(credited.visitId()).isEqualTo("v-1");
              assertThat(credited.visitedAt()).isEqualTo(T0);
            });
  }

  @Test
  void aClickWinsOverALaterView() throws Exception {
    touch("autumn-tailoring", TouchKind.CLICK, T0.minus(Duration.ofDays(2)));
    touch("knit-season", TouchKind.IMPRESSION, T0.minus(Duration.ofHours(1)));
    visit("v-1", T0);

    assertThat(harness.extractOutputValues())
        .extracting(AttributedVisit::campaignId)
        .containsExactly("autumn-tailoring");
  }

  @Test
  void aViewCountsOnlyWithinTheViewWindow() throws Exception {
    touch("knit-season", TouchKind.IMPRESSION, T0.minus(Duration.ofDays(2)));
    visit("v-1", T0);
    touch("knit-season", TouchKind.IMPRESSION, T0.minus(Duration.ofHours(2)));
    visit("v-2", T0);

    assertThat(harness.extractOutputValues())
        .extracting(AttributedVisit::visitId)
        .containsExactly("v-2");
  }

  @Test
  void ignoresTouchesAfterTheVisit() throws Exception {
    touch("knit-season", TouchKind.CLICK, T0.plusSeconds(60));
    visit("v-1", T0);

    assertThat(harness.extractOutputValues()).isEmpty();
  }

  @Test
  void attributesEachVisitOnce() throws Exception {
    touch("autumn-tailoring", TouchKind.CLICK, T0.minus(Duration.ofHours(1)));
    visit("v-1", T0);
    visit("v-1", T0);

    assertThat(harness.extractOutputValues()).hasSize(1);
  }

  @Test
  void expiredTouchesAreDroppedWithTheirTimers() throws Exception {
    touch("autumn-tailoring", TouchKind.CLICK, T0);
    touch("knit-season", TouchKind.IMPRESSION, T0);
    assertThat(harness.numEventTimeTimers()).isEqualTo(2);

    harness.processBothWatermarks(new Watermark(T0.plus(Duration.ofDays(7)).toEpochMilli()));

    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  private void touch(String campaignId, TouchKind kind, Instant at) throws Exception {
    harness.processElement1(
        new OnlineTouch("t-" + ++sequence, at, "cust-1", kind, campaignId, null),
        at.toEpochMilli());
  }

  private void visit(String visitId, Instant at) throws Exception {
    harness.processElement2(
        new Visit(visitId, "cust-1", "berlin-mitte", at, at.plusSeconds(10), VisitStatus.OPEN, 2),
        at.toEpochMilli());
  }
}
