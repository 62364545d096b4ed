package dev.o2o.footfall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.o2o.contract.FootfallMinute;
import dev.o2o.contract.PurchaseChannel;
import dev.o2o.contract.Visit;
import dev.o2o.contract.VisitStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VisitFootfallTest {
  private static final Instant MINUTE = Instant.parse("2026-11-23T10:00:00Z");
  private static final Duration RETURNING_WITHIN = Duration.ofDays(90);
  private static final String STORE = "berlin-mitte";

  private KeyedOneInputStreamOperatorTestHarness<String, CustomerActivity, MinuteDelta> harness;

  @BeforeEach
  void open() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new VisitFootfall(RETURNING_WITHIN), CustomerActivity::customerId, Types.STRING);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void countsAVisitOnceWhenItBeginsAndOnceWhenItClosesInTheBucketOfItsDwell() throws Exception {
    Instant entered = MINUTE.plusSeconds(10);
    Instant left = entered.plus(Duration.ofMinutes(20));
    see(visit("v-1", entered, entered, VisitStatus.OPEN));
    see(visit("v-1", entered, entered.plusSeconds(60), VisitStatus.ZONE_CHANGED));
    see(visit("v-1", entered, entered, VisitStatus.OPEN));
    see(visit("v-1", entered, left, VisitStatus.CLOSED));
    see(visit("v-1", entered, left, VisitStatus.CLOSED));

    assertThat(harness.extractOutputValues())
        .containsExactly(
            new MinuteDelta("visit:v-1#begun", FootfallMinute.visitBegun(STORE, MINUTE, false)),
            new MinuteDelta(
                "visit:v-1#closed",
                FootfallMinute.visitClosed(
                    STORE, MINUTE.plus(Duration.ofMinutes(20)), Duration.ofMinutes(20), false)));
    assertThat(harness.extractOutputValues().get(1).change().dwell15To30Min()).isOne();
  }

  @Test
  void aVisitFirstSeenClosedBothBeginsAndCloses() throws Exception {
    see(visit("v-1", MINUTE, MINUTE.plusSeconds(90), VisitStatus.CLOSED));

    assertThat(harness.extractOutputValues())
        .extracting(MinuteDelta::id)
        .containsExactly("visit:v-1#begun", "visit:v-1#closed");
  }

  @Test
  void aMemberWithAnEarlierVisitToAnyStoreWithinTheLookbackIsReturning() throws Exception {
    Instant earlier = MINUTE.minus(Duration.ofDays(30));
    see(new Visit("v-0", "cust-1", "hamburg-jungfernstieg", earlier, earlier, VisitStatus.OPEN, 2));
    see(visit("v-1", MINUTE, MINUTE, VisitStatus.OPEN));

    assertThat(harness.extractOutputValues())
        .extracting(
            delta -> delta.change().newVisitors(), delta -> delta.change().returningVisitors())
        .containsExactly(tuple(1L, 0L), tuple(0L, 1L));
  }

  @Test
  void aMemberWhoseEarlierVisitIsBeyondTheLookbackIsNew() throws Exception {
    Instant longAgo = MINUTE.minus(RETURNING_WITHIN).minusSeconds(1);
    see(visit("v-0", longAgo, longAgo, VisitStatus.OPEN));
    see(visit("v-1", MINUTE, MINUTE, VisitStatus.OPEN));

    assertThat(harness.extractOutputValues().get(1).change().newVisitors()).isOne();
  }

  @Test
  void anEarlierVisitArrivingLateMakesTheNextVisitReturning() throws Exception {
    see(visit("v-2", MINUTE, MINUTE, VisitStatus.OPEN));
    see(visit("v-3", MINUTE.plusSeconds(600), MINUTE.plusSeconds(600), VisitStatus.OPEN));
    Instant earlier = MINUTE.minus(Duration.ofDays(3));
    see(visit("v-1", earlier, earlier, VisitStatus.OPEN));

    assertThat(harness.extractOutputValues())
        .containsExactly(
            new MinuteDelta("visit:v-2#begun", FootfallMinute.visitBegun(STORE, MINUTE, false)),
            new MinuteDelta(
                "visit:v-3#begun", FootfallMinute.visitBegun(STORE, MINUTE.plusSeconds(600), true)),
            new MinuteDelta(
                "visit:v-1#begun",
                FootfallMinute.visitBegun(STORE, earlier.truncatedTo(ChronoUnit.MINUTES), false)),
            new MinuteDelta("visit:v-2#returned", FootfallMinute.visitorReturned(STORE, MINUTE)));
  }

  @Test
  void aTillSaleDuringTheVisitConvertsItWhenItCloses() throws Exception {
    see(visit("v-1", MINUTE, MINUTE, VisitStatus.OPEN));
    buy("s-1", STORE, MINUTE.plusSeconds(120));
    buy("s-1", STORE, MINUTE.plusSeconds(120));
    see(visit("v-1", MINUTE, MINUTE.plusSeconds(300), VisitStatus.CLOSED));

    assertThat(harness.extractOutputValues())
        .last()
        .isEqualTo(
            new MinuteDelta(
                "visit:v-1#closed",
                FootfallMinute.visitClosed(
                    STORE, MINUTE.plusSeconds(300), Duration.ofMinutes(5), true)));
  }

  @Test
  void aSaleInAnotherStoreOrAfterTheVisitDoesNotConvertIt() throws Exception {
    see(visit("v-1", MINUTE, MINUTE, VisitStatus.OPEN));
    buy("s-1", "hamburg-jungfernstieg", MINUTE.plusSeconds(120));
    buy("s-2", STORE, MINUTE.plusSeconds(400));
    see(visit("v-1", MINUTE, MINUTE.plusSeconds(300), VisitStatus.CLOSED));

    assertThat(harness.extractOutputValues())
        .last()
        .satisfies(delta -> assertThat(delta.change().convertedVisits()).isZero());
  }

  @Test
  void aSaleArrivingAfterTheVisitClosedConvertsItInItsClosingMinuteOnce() throws Exception {
    see(visit("v-1", MINUTE, MINUTE.plusSeconds(300), VisitStatus.CLOSED));
    buy("s-1", STORE, MINUTE.plusSeconds(120));
    buy("s-2", STORE, MINUTE.plusSeconds(130));

    assertThat(harness.extractOutputValues())
        .extracting(MinuteDelta::id)
        .containsExactly("visit:v-1#begun", "visit:v-1#closed", "visit:v-1#converted");
    assertThat(harness.extractOutputValues().get(2).change())
        .isEqualTo(FootfallMinute.visitConverted(STORE, MINUTE.plusSeconds(300)));
  }

  @Test
  void forgetsVisitsAfterTheLookbackAndSalesAfterADayAndThenHoldsNoState() throws Exception {
    see(visit("v-1", MINUTE, MINUTE.plusSeconds(300), VisitStatus.CLOSED));
    buy("s-1", STORE, MINUTE.plusSeconds(120));
    assertThat(harness.numKeyedStateEntries()).isEqualTo(2);

    harness.processWatermark(
        MINUTE.plusSeconds(120).plus(VisitFootfall.PURCHASE_MEMORY).toEpochMilli());
    assertThat(harness.numKeyedStateEntries()).isOne();

    harness.processWatermark(MINUTE.plus(RETURNING_WITHIN).toEpochMilli());
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();

    see(visit("v-1", MINUTE, MINUTE.plusSeconds(300), VisitStatus.CLOSED));
    assertThat(harness.extractOutputValues()).hasSize(3);
  }

  private void see(Visit visit) throws Exception {
    harness.processElement(CustomerActivity.of(visit), visit.enteredAt().toEpochMilli());
  }

  private void buy(String eventId, String storeId, Instant at) throws Exception {
    harness.processElement(
        CustomerActivity.of(
            new Purchase(
                eventId,
                "cust-1",
                PurchaseChannel.STORE,
                storeId,
                at,
                new BigDecimal("20.00"),
                "EUR")),
        at.toEpochMilli());
  }

  private static Visit visit(
      String visitId, Instant entered, Instant lastSeen, VisitStatus status) {
    return new Visit(visitId, "cust-1", STORE, entered, lastSeen, status, 2);
  }
}
