package dev.o2o.engagement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.o2o.contract.BeaconSighting;
import dev.o2o.contract.Visit;
import dev.o2o.contract.Visit.ZoneDwell;
import dev.o2o.contract.VisitStatus;
import dev.o2o.jobs.TestEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VisitDetectorTest {
  private static final Instant T0 = TestEngine.MORNING;
  private static final Duration EXIT_AFTER = Duration.ofMinutes(5);
  private static final Duration ENTRY_WINDOW = Duration.ofMinutes(1);

  private KeyedOneInputStreamOperatorTestHarness<String, BeaconSighting, Visit> harness;
  private int sequence;

  @BeforeEach
  void open() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new VisitDetector(TestEngine.config()), BeaconSighting::customerId, Types.STRING);
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
              assertThat(visit.zone()).isEqualTo("floor");
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

    Instant closeAt = T0.plusSeconds(60).plus(EXIT_AFTER);
    harness.processWatermark(closeAt.toEpochMilli());

    assertThat(harness.extractOutputValues())
        .extracting(Visit::status)
        .containsExactly(VisitStatus.OPEN, VisitStatus.CLOSED);
    Visit closed = harness.extractOutputValues().get(1);
    assertThat(closed.lastSeenAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(closed.dwellSeconds()).isEqualTo(60);
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);

    harness.processWatermark(closeAt.plus(EXIT_AFTER).toEpochMilli());

    assertThat(harness.extractOutputValues()).hasSize(2);
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
    harness.processWatermark(T0.plus(Duration.ofMinutes(20)).toEpochMilli());

    assertThat(harness.extractOutputValues())
        .extracting(Visit::status)
        .containsExactly(VisitStatus.OPEN, VisitStatus.CLOSED);
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void opensOnlyWhenEnoughSightingsFallWithinTheEntryWindow() throws Exception {
    see("berlin-mitte", "bm-entrance", T0, -60);
    see("berlin-mitte", "bm-entrance", T0.plus(ENTRY_WINDOW).plusSeconds(1), -60);
    assertThat(harness.extractOutputValues()).isEmpty();

    see("berlin-mitte", "bm-floor", T0.plus(ENTRY_WINDOW).plusSeconds(11), -60);

    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(
            visit -> {
              assertThat(visit.status()).isEqualTo(VisitStatus.OPEN);
              assertThat(visit.enteredAt()).isEqualTo(T0.plus(ENTRY_WINDOW).plusSeconds(1));
              assertThat(visit.sightings()).isEqualTo(2);
            });
  }

  @Test
  void aRepeatedSightingDoesNotCountTowardEntry() throws Exception {
    BeaconSighting first = sighting("berlin-mitte", "bm-entrance", T0, -60);
    harness.processElement(first, T0.toEpochMilli());
    harness.processElement(first, T0.toEpochMilli());
    harness.processElement(first, T0.toEpochMilli());

    assertThat(harness.extractOutputValues()).isEmpty();

    see("berlin-mitte", "bm-entrance", T0.plusSeconds(5), -60);

    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(
            visit -> {
              assertThat(visit.enteredAt()).isEqualTo(T0);
              assertThat(visit.sightings()).isEqualTo(2);
            });
  }

  @Test
  void aRepeatedSightingInsideAnOpenVisitChangesNothing() throws Exception {
    see("berlin-mitte", "bm-entrance", T0, -60);
    see("berlin-mitte", "bm-entrance", T0.plusSeconds(5), -60);
    BeaconSighting moved = sighting("berlin-mitte", "bm-floor", T0.plusSeconds(30), -60);
    harness.processElement(moved, moved.occurredAt().toEpochMilli());
    harness.processElement(moved, moved.occurredAt().toEpochMilli());

    harness.processWatermark(T0.plusSeconds(30).plus(EXIT_AFTER).toEpochMilli());

    assertThat(harness.extractOutputValues())
        .extracting(Visit::status, Visit::sightings)
        .containsExactly(
            tuple(VisitStatus.OPEN, 2L),
            tuple(VisitStatus.ZONE_CHANGED, 3L),
            tuple(VisitStatus.CLOSED, 3L));
  }

  @Test
  void movingBetweenZonesEmitsZoneChangesWithTheTimeSpentInEachZone() throws Exception {
    see("berlin-mitte", "bm-entrance", T0, -60);
    see("berlin-mitte", "bm-entrance", T0.plusSeconds(10), -60);
    see("berlin-mitte", "bm-floor", T0.plusSeconds(40), -60);
    see("berlin-mitte", "bm-floor", T0.plusSeconds(100), -60);
    see("berlin-mitte", "bm-entrance", T0.plusSeconds(130), -60);
    harness.processWatermark(T0.plusSeconds(130).plus(EXIT_AFTER).toEpochMilli());

    List<Visit> visits = harness.extractOutputValues();
    assertThat(visits)
        .extracting(Visit::status, Visit::zone)
        .containsExactly(
            tuple(VisitStatus.OPEN, "entrance"),
            tuple(VisitStatus.ZONE_CHANGED, "floor"),
            tuple(VisitStatus.ZONE_CHANGED, "entrance"),
            tuple(VisitStatus.CLOSED, "entrance"));
    assertThat(visits).extracting(Visit::visitId).containsOnly(visits.get(0).visitId());
    assertThat(visits.get(1).zones())
        .containsExactly(
            new ZoneDwell("entrance", T0, 40), new ZoneDwell("floor", T0.plusSeconds(40), 0));
    Visit closed = visits.get(3);
    assertThat(closed.zones())
        .containsExactly(
            new ZoneDwell("entrance", T0, 40), new ZoneDwell("floor", T0.plusSeconds(40), 90));
    assertThat(closed.zones().stream().mapToLong(ZoneDwell::dwellSeconds).sum())
        .isEqualTo(closed.dwellSeconds())
        .isEqualTo(130);
  }

  @Test
  void aVisitOpenedAcrossZonesCountsTheTimeBeforeItOpened() throws Exception {
    see("berlin-mitte", "bm-entrance", T0, -60);
    see("berlin-mitte", "bm-floor", T0.plusSeconds(25), -60);

    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(
            visit -> {
              assertThat(visit.status()).isEqualTo(VisitStatus.OPEN);
              assertThat(visit.zone()).isEqualTo("floor");
              assertThat(visit.zones())
                  .containsExactly(
                      new ZoneDwell("entrance", T0, 25),
                      new ZoneDwell("floor", T0.plusSeconds(25), 0));
            });
  }

  @Test
  void staysInOneZoneWithoutUpdatesBetweenOpeningAndClosing() throws Exception {
    for (int i = 0; i < 6; i++) {
      see("berlin-mitte", "bm-floor", T0.plusSeconds(20L * i), -60);
    }
    harness.processWatermark(T0.plusSeconds(100).plus(EXIT_AFTER).toEpochMilli());

    assertThat(harness.extractOutputValues())
        .extracting(Visit::status)
        .containsExactly(VisitStatus.OPEN, VisitStatus.CLOSED);
    assertThat(harness.extractOutputValues().get(1).zones())
        .containsExactly(new ZoneDwell("floor", T0, 100));
  }

  @Test
  void aLateSightingInsideAnOpenVisitCountsWithoutMovingTheCustomer() throws Exception {
    see("berlin-mitte", "bm-entrance", T0, -60);
    see("berlin-mitte", "bm-floor", T0.plusSeconds(60), -60);
    see("berlin-mitte", "bm-entrance", T0.plusSeconds(30), -60);
    harness.processWatermark(T0.plusSeconds(60).plus(EXIT_AFTER).toEpochMilli());

    assertThat(harness.extractOutputValues())
        .extracting(Visit::status)
        .containsExactly(VisitStatus.OPEN, VisitStatus.CLOSED);
    Visit closed = harness.extractOutputValues().get(1);
    assertThat(closed.sightings()).isEqualTo(3);
    assertThat(closed.lastSeenAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(closed.zone()).isEqualTo("floor");
  }

  @Test
  void aSightingThatWouldHaveKeptAClosedVisitOpenIsDroppedWhenItArrivesAfterTheClose()
      throws Exception {
    see("berlin-mitte", "bm-entrance", T0, -60);
    see("berlin-mitte", "bm-floor", T0.plusSeconds(10), -60);
    Instant closeAt = T0.plusSeconds(10).plus(EXIT_AFTER);
    harness.processWatermark(closeAt.plusSeconds(60).toEpochMilli());

    see("berlin-mitte", "bm-floor", closeAt.minusSeconds(30), -60);
    see("berlin-mitte", "bm-floor", closeAt.minusSeconds(20), -60);

    assertThat(harness.extractOutputValues())
        .extracting(Visit::status)
        .containsExactly(VisitStatus.OPEN, VisitStatus.CLOSED);

    harness.processWatermark(closeAt.plus(EXIT_AFTER).toEpochMilli());

    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void aCustomerBackAfterBeingUnseenLongEnoughStartsANewVisit() throws Exception {
    see("berlin-mitte", "bm-entrance", T0, -60);
    see("berlin-mitte", "bm-floor", T0.plusSeconds(10), -60);
    Instant closeAt = T0.plusSeconds(10).plus(EXIT_AFTER);
    harness.processWatermark(closeAt.toEpochMilli());

    see("berlin-mitte", "bm-entrance", closeAt.plusSeconds(5), -60);
    see("berlin-mitte", "bm-entrance", closeAt.plusSeconds(10), -60);

    List<Visit> visits = harness.extractOutputValues();
    assertThat(visits)
        .extracting(Visit::status)
        .containsExactly(VisitStatus.OPEN, VisitStatus.CLOSED, VisitStatus.OPEN);
    assertThat(visits.get(2).visitId()).isNotEqualTo(visits.get(0).visitId());
    assertThat(visits.get(2).enteredAt()).isEqualTo(closeAt.plusSeconds(5));
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);
  }

  @Test
  void forgetsACustomerWhoNeverStayedLongEnoughToOpenAVisit() throws Exception {
    see("berlin-mitte", "bm-entrance", T0, -60);
    harness.processWatermark(T0.plus(EXIT_AFTER).toEpochMilli());

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void ignoresSightingsOfBeaconsTheStoreDoesNotHave() throws Exception {
    see("berlin-mitte", "hh-entrance", T0, -60);
    see("berlin-mitte", "hh-entrance", T0.plusSeconds(5), -60);

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void aReplayYieldsTheSameVisitId() throws Exception {
    see("berlin-mitte", "bm-entrance", T0, -60);
    see("berlin-mitte", "bm-floor", T0.plusSeconds(10), -60);
    String first = harness.extractOutputValues().get(0).visitId();

    try (KeyedOneInputStreamOperatorTestHarness<String, BeaconSighting, Visit> replay =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new VisitDetector(TestEngine.config()), BeaconSighting::customerId, Types.STRING)) {
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
