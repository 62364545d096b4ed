package dev.o2o.engagement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.o2o.contract.BeaconSighting;
import dev.o2o.contract.Visit;
import dev.o2o.contract.VisitStatus;
import dev.o2o.jobs.TestEngine;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VisitDetectorTest {
  private static final Instant T0 = TestEngine.MORNING;
  private static final Duration EXIT_AFTER = Duration.ofMinutes(5);

  private KeyedOneInputStreamOperatorTestHarness<String, BeaconSighting, Visit> harness;
  private int sequence;

  @BeforeEach
  void open() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new VisitDetector(TestEngine.config().engagement()),
            BeaconSighting::customerId,
            Types.STRING);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void opensAVisitAfterEnoughSightingsInOneStore() throws Exception {
    see("berlin-mitte", "bm-entrance", T0, -60);
    assertThat(harness.extractOutputValues()).isEmpty();

    see("berlin-mitte", "bm-floor", T0.plusSeconds(10), -60);

    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(
            visit -> {
              assertThat(visit.status()).isEqualTo(VisitStatus.OPEN);
              assertThat(visit.storeId()).isEqualTo("berlin-mitte");
              assertThat(visit.enteredAt()).isEqualTo(T0);
              assertThat(visit.sightings()).isEqualTo(2);
              assertThat(visit.visitId())
                  .isEqualTo(VisitDetector.visitId("cust-1", "berlin-mitte", T0));
            });
  }

  @Test
  void ignoresSightingsWeakerThanTheMinimum() throws Exception {
    see("berlin-mitte", "bm-entrance", T0, -95);
    see("berlin-mitte", "bm-entrance", T0.plusSeconds(5), -95);

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void closesAfterTheCustomerWasUnseenLongEnoughAndClearsStateAndTimers() throws Exception {
    see("berlin-mitte", "bm-entrance", T0, -60);
    see("berlin-mitte", "bm-floor", T0.plusSeconds(60), -60);

    harness.processWatermark(T0.plusSeconds(60).plus(EXIT_AFTER).toEpochMilli());

    assertThat(harness.extractOutputValues())
        .extracting(Visit::status)
        .containsExactly(VisitStatus.OPEN, VisitStatus.CLOSED);
    Visit closed = harness.extractOutputValues().get(1);
    assertThat(closed.lastSeenAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(closed.dwellSeconds()).isEqualTo(60);
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void repeatedSightingsKeepOneVisitOpen() throws Exception {
    for (int i = 0; i < 10; i++) {
      see("berlin-mitte", "bm-floor", T0.plusSeconds(30L * i), -60);
    }
    harness.processWatermark(T0.plusSeconds(200).toEpochMilli());

    assertThat(harness.extractOutputValues())
        .singleElement()
        .extracting(Visit::status)
        .isEqualTo(VisitStatus.OPEN);
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);
  }

  @Test
  void appearingInAnotherStoreClosesTheOldVisitFirst() throws Exception {
    see("berlin-mitte", "bm-entrance", T0, -60);
    see("berlin-mitte", "bm-floor", T0.plusSeconds(10), -60);
    see("hamburg-jungfernstieg", "hh-entrance", T0.plusSeconds(3600), -60);
    see("hamburg-jungfernstieg", "hh-entrance", T0.plusSeconds(3610), -60);

    assertThat(harness.extractOutputValues())
        .extracting(Visit::storeId, Visit::status)
        .containsExactly(
            tuple("berlin-mitte", VisitStatus.OPEN),
            tuple("berlin-mitte", VisitStatus.CLOSED),
            tuple("hamburg-jungfernstieg", VisitStatus.OPEN));
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);
  }

  @Test
  void aLateSightingAfterTheVisitClosedDoesNotOpenASecondOne() throws Exception {
    see("berlin-mitte", "bm-entrance", T0, -60);
    see("berlin-mitte", "bm-floor", T0.plusSeconds(10), -60);
    harness.processWatermark(T0.plus(Duration.ofMinutes(10)).toEpochMilli());

    see("berlin-mitte", "bm-floor", T0.plusSeconds(20), -60);
    see("berlin-mitte", "bm-floor", T0.plusSeconds(30), -60);

    assertThat(harness.extractOutputValues())
        .extracting(Visit::status)
        .containsExactly(VisitStatus.OPEN, VisitStatus.CLOSED);
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void aReplayYieldsTheSameVisitId() throws Exception {
    see("berlin-mitte", "bm-entrance", T0, -60);
    see("berlin-mitte", "bm-floor", T0.plusSeconds(10), -60);
    String first = harness.extractOutputValues().get(0).visitId();

    try (KeyedOneInputStreamOperatorTestHarness<String, BeaconSighting, Visit> replay =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new VisitDetector(TestEngine.config().engagement()),
            BeaconSighting::customerId,
            Types.STRING)) {
      replay.processElement(sighting("berlin-mitte", "bm-entrance", T0, -60), T0.toEpochMilli());
      replay.processElement(
          sighting("berlin-mitte", "bm-floor", T0.plusSeconds(10), -60), T0.toEpochMilli());
      assertThat(replay.extractOutputValues().get(0).visitId()).isEqualTo(first);
    }
  }

  private void see(String storeId, String beaconId, Instant at, int rssi) throws Exception {
    harness.processElement(sighting(storeId, beaconId, at, rssi), at.toEpochMilli());
  }

  private BeaconSighting sighting(String storeId, String beaconId, Instant at, int rssi) {
    sequence++;
    return new BeaconSighting("s-" + sequence, at, storeId, beaconId, "cust-1", rssi);
  }
}
