package dev.o2o.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.Coordinates;
import dev.o2o.contract.Fulfilment;
import dev.o2o.contract.ReservationDecision;
import dev.o2o.contract.Sourcing;
import dev.o2o.contract.StockAlert;
import dev.o2o.contract.StockLevel;
import dev.o2o.inventory.StockMovement.Kind;
import dev.o2o.jobs.TestEngine;
import dev.o2o.sourcing.Sourcer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StockLedgerTest {
  private static final String SKU = "BLAZER-NAVY-50";
  private static final String STORE = "berlin-mitte";
  private static final String NEARBY = "berlin-kudamm";
  private static final String FAR = "hamburg-jungfernstieg";
  private static final String WAREHOUSE = "online-dc";
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static final Duration RETENTION = Duration.ofSeconds(5);
  private static final Coordinates BERLIN = new Coordinates(52.52, 13.40);

  private KeyedOneInputStreamOperatorTestHarness<String, StockMovement, StockLevel> harness;
  private int sequence;

  @BeforeEach
  void open() throws Exception {
    EngineConfig config = TestEngine.config();
    Sourcer sourcer = Sourcer.of(config);
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new StockLedger(sourcer, RETENTION), StockMovement::sku, Types.STRING);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void receiptsAndSalesMoveOnHandAndAvailable() throws Exception {
    stock(Kind.RECEIPT, STORE, 10);
    stock(Kind.SALE, STORE, 3);

    StockLevel level = lastLevel();
    assertThat(level.onHand()).isEqualTo(7);
    assertThat(level.available()).isEqualTo(7);
    assertThat(level.version()).isEqualTo(2);
    assertThat(level.key()).isEqualTo(SKU + "@" + STORE);
  }

  @Test
  void tillSalesAreNeverRefusedAndGoingBelowZeroRaisesADiscrepancyOnce() throws Exception {
    stock(Kind.RECEIPT, STORE, 1);
    stock(Kind.SALE, STORE, 3);
    stock(Kind.SALE, STORE, 1);

    assertThat(lastLevel().onHand()).isEqualTo(-3);
    assertThat(lastLevel().available()).isZero();
    assertThat(alerts())
        .filteredOn(alert -> alert.kind() == StockAlert.Kind.BELOW_ZERO)
        .singleElement()
        .satisfies(
            alert -> {
              assertThat(alert.locationId()).isEqualTo(STORE);
              assertThat(alert.onHand()).isEqualTo(-2);
            });
  }

  @Test
  void grantsClickAndCollectAtTheChosenStore() throws Exception {
    stock(Kind.RECEIPT, STORE, 5);
    order(Kind.RESERVE, 2, "order-1", collectAt(STORE));

    assertThat(decisions())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.accepted()).isTrue();
              assertThat(d.locationId()).isEqualTo(STORE);
              assertThat(d.sourcing()).isEqualTo(Sourcing.CHOSEN_STORE);
            });
    assertThat(lastLevel().reserved()).isEqualTo(2);
    assertThat(lastLevel().available()).isEqualTo(3);
  }

  @Test
  void refusesWhenNoLocationCanSupplyTheLineAndSaysWhy() throws Exception {
    stock(Kind.RECEIPT, STORE, 2);
    order(Kind.RESERVE, 5, "order-1", collectAt(STORE));

    ReservationDecision decision = decisions().get(0);
    assertThat(decision.accepted()).isFalse();
    assertThat(decision.locationId()).isNull();
    assertThat(decision.reason())
        .isEqualTo("no location can supply 5 of BLAZER-NAVY-50 for collection at berlin-mitte");
    assertThat(lastLevel().reserved()).isZero();
  }

  @Test
  void collectsAtTheNearestStoreWithinTheRadiusWhenTheChosenOneLacksStock() throws Exception {
    stock(Kind.RECEIPT, NEARBY, 3);
    stock(Kind.RECEIPT, WAREHOUSE, 9);
    order(Kind.RESERVE, 2, "order-1", collectAt(STORE));

    assertThat(decisions())
        .extracting(
            ReservationDecision::locationId,
            ReservationDecision::sourcing,
            ReservationDecision::transferTo)
        .containsExactly(tuple(NEARBY, Sourcing.NEAREST_STORE, null));
    assertThat(decisions().get(0).distanceKm()).isBetween(5.0, 7.0);
  }

  @Test
  void transfersToTheChosenStoreWhenNoStoreNearbyHasIt() throws Exception {
    stock(Kind.RECEIPT, FAR, 3);
    stock(Kind.RECEIPT, WAREHOUSE, 9);
    order(Kind.RESERVE, 2, "order-1", collectAt(STORE));

    assertThat(decisions())
        .extracting(
            ReservationDecision::locationId,
            ReservationDecision::sourcing,
            ReservationDecision::transferTo)
        .containsExactly(tuple(WAREHOUSE, Sourcing.TRANSFER, STORE));
  }

  @Test
  void twoOrdersRacingForTheLastUnitOneGetsItAndTheOtherIsSourcedElsewhere() throws Exception {
    stock(Kind.RECEIPT, STORE, 1);
    stock(Kind.RECEIPT, WAREHOUSE, 1);
    order(Kind.RESERVE, 1, "order-1", collectAt(STORE));
    order(Kind.RESERVE, 1, "order-2", collectAt(STORE));
    order(Kind.RESERVE, 1, "order-3", collectAt(STORE));

    assertThat(decisions())
        .extracting(
            ReservationDecision::orderId,
            ReservationDecision::accepted,
            ReservationDecision::locationId,
            ReservationDecision::sourcing)
        .containsExactly(
            tuple("order-1", true, STORE, Sourcing.CHOSEN_STORE),
            tuple("order-2", true, WAREHOUSE, Sourcing.TRANSFER),
            tuple("order-3", false, null, null));
  }

  @Test
  void shipsFromTheNearestLocationWithAllOfTheLine() throws Exception {
    stock(Kind.RECEIPT, WAREHOUSE, 1);
    stock(Kind.RECEIPT, FAR, 4);
    stock(Kind.RECEIPT, STORE, 4);
    order(Kind.RESERVE, 3, "order-1", shipTo(BERLIN));

    assertThat(decisions())
        .extracting(ReservationDecision::locationId, ReservationDecision::quantity)
        .containsExactly(tuple(STORE, 3));
  }

  @Test
  void splitsAShippedLineAcrossTheNearestLocationsUpToTheCap() throws Exception {
    stock(Kind.RECEIPT, WAREHOUSE, 1);
    stock(Kind.RECEIPT, STORE, 2);
    stock(Kind.RECEIPT, FAR, 2);
    stock(Kind.RECEIPT, NEARBY, 9);
    order(Kind.RESERVE, 3, "order-1", shipTo(null));
    order(Kind.RESERVE, 3, "order-2", shipTo(null));

    assertThat(decisions())
        .extracting(
            ReservationDecision::orderId,
            ReservationDecision::accepted,
            ReservationDecision::locationId,
            ReservationDecision::quantity)
        .containsExactly(
            tuple("order-1", true, WAREHOUSE, 1),
            tuple("order-1", true, STORE, 2),
            tuple("order-2", false, null, 3));
    assertThat(decisions().get(2).reason())
        .isEqualTo(
            "only 2 of 3 BLAZER-NAVY-50 in stock across the 1 nearest locations that ship (split"
                + " cap 2)");
  }

  @Test
  void aStoreRejectionReleasesItsHoldAndSourcesTheUnitsElsewhere() throws Exception {
    stock(Kind.RECEIPT, STORE, 2);
    stock(Kind.RECEIPT, FAR, 2);
    order(Kind.RESERVE, 2, "order-1", shipTo(BERLIN));
    harness.processElement(
        new StockMovement(
            "rej-1",
            T0.plusSeconds(60),
            SKU,
            STORE,
            Kind.REJECT,
            0,
            shipTo(BERLIN).excluding(List.of(STORE)),
            "no staff"),
        0);

    assertThat(decisions())
        .extracting(
            ReservationDecision::accepted,
            ReservationDecision::locationId,
            ReservationDecision::quantity)
        .containsExactly(tuple(true, STORE, 2), tuple(true, FAR, 2));
    assertThat(levelOf(STORE).reserved()).isZero();
    assertThat(levelOf(FAR).reserved()).isEqualTo(2);

    order(Kind.CONSUME, 0, "order-1", shipTo(BERLIN));
    assertThat(levelOf(FAR).onHand()).isZero();
    assertThat(levelOf(STORE).onHand()).isEqualTo(2);
  }

  @Test
  void releaseGivesBackOnlyWhatTheOrderHeld() throws Exception {
    stock(Kind.RECEIPT, STORE, 5);
    order(Kind.RESERVE, 2, "order-1", collectAt(STORE));
    order(Kind.RESERVE, 9, "order-2", collectAt(STORE));
    order(Kind.RELEASE, 0, "order-2", collectAt(STORE));
    order(Kind.RELEASE, 0, "order-1", collectAt(STORE));

    assertThat(lastLevel().reserved()).isZero();
    assertThat(lastLevel().available()).isEqualTo(5);
    assertThat(levels()).hasSize(3);
  }

  @Test
  void consumingTakesTheHeldUnitsOffOnHandAndReportsThemFulfilled() throws Exception {
    stock(Kind.RECEIPT, WAREHOUSE, 5);
    order(Kind.RESERVE, 2, "order-1", collectAt(STORE));
    order(Kind.CONSUME, 0, "order-1", collectAt(STORE));

    assertThat(lastLevel().onHand()).isEqualTo(3);
    assertThat(lastLevel().reserved()).isZero();
    assertThat(lastLevel().available()).isEqualTo(3);
    assertThat(sideOutput(StockLedger.FULFILLED))
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.locationId()).isEqualTo(WAREHOUSE);
              assertThat(line.collectStoreId()).isEqualTo(STORE);
              assertThat(line.quantity()).isEqualTo(2);
              assertThat(line.customerId()).isEqualTo("cust-1");
              assertThat(line.unitPrice()).isEqualByComparingTo("229.00");
            });
    // The order's hold is gone; the sku's stock remains.
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
  }

  @Test
  void countReplacesOnHandButKeepsReservations() throws Exception {
    stock(Kind.RECEIPT, STORE, 5);
    order(Kind.RESERVE, 2, "order-1", collectAt(STORE));
    stock(Kind.COUNT, STORE, 4);

    assertThat(lastLevel().onHand()).isEqualTo(4);
    assertThat(lastLevel().available()).isEqualTo(2);
  }

  @Test
  void aCountArrivingAfterALaterSaleKeepsTheSale() throws Exception {
    stock(Kind.RECEIPT, STORE, 10);
    harness.processElement(at(Kind.SALE, 2, T0.plusSeconds(30)), 0);
    harness.processElement(at(Kind.COUNT, 7, T0.plusSeconds(20)), 0);

    assertThat(lastLevel().onHand()).isEqualTo(5);
    assertThat(lastLevel().available()).isEqualTo(5);
    assertThat(lastLevel().version()).isEqualTo(3);
  }

  @Test
  void aSaleArrivingAfterALaterCountIsAlreadyInTheCount() throws Exception {
    stock(Kind.RECEIPT, STORE, 10);
    harness.processElement(at(Kind.COUNT, 7, T0.plusSeconds(30)), 0);
    harness.processElement(at(Kind.SALE, 2, T0.plusSeconds(20)), 0);
    harness.processElement(at(Kind.SALE, 1, T0.plusSeconds(40)), 0);

    assertThat(levels()).extracting(StockLevel::onHand).containsExactly(10L, 7L, 7L, 6L);
  }

  @Test
  void aConsumptionTakesTheHeldUnitsAtItsEventTime() throws Exception {
    stock(Kind.RECEIPT, STORE, 10);
    order(Kind.RESERVE, 3, "order-1", collectAt(STORE));
    harness.processElement(at(Kind.COUNT, 8, T0.plusSeconds(60)), 0);
    harness.processElement(
        new StockMovement(
            "m-late", T0.plusSeconds(50), SKU, null, Kind.CONSUME, 0, collectAt(STORE), null),
        0);

    assertThat(lastLevel().onHand()).isEqualTo(8);
    assertThat(lastLevel().reserved()).isZero();
  }

  @Test
  void onHandAfterAnInsertIsWhatReplayingTheWholeJournalGives() {
    Random random = new Random(7);
    for (int round = 0; round < 2_000; round++) {
      long base = random.nextInt(20) - 5;
      List<StockLedger.Entry> entries = new ArrayList<>();
      int size = random.nextInt(12);
      for (int i = 0; i < size; i++) {
        entries.add(randomEntry(random, i));
      }
      entries.sort(StockLedger.Entry.ORDER);
      long before = replay(base, entries);
      StockLedger.Entry latestCount =
          entries.stream().filter(StockLedger.Entry::absolute).reduce((a, b) -> b).orElse(null);
      StockLedger.Entry inserted = randomEntry(random, size);
      int position = -Collections.binarySearch(entries, inserted, StockLedger.Entry.ORDER) - 1;
      entries.add(position, inserted);

      assertThat(SkuStock.onHandAfterInsert(entries, position, before, latestCount))
          .as("round %d: %s from %d", round, entries, base)
          .isEqualTo(replay(base, entries));
    }
  }

  private static StockLedger.Entry randomEntry(Random random, int index) {
    boolean absolute = random.nextInt(4) == 0;
    return new StockLedger.Entry(
        random.nextInt(10),
        "m-" + index,
        absolute,
        absolute ? random.nextInt(30) : random.nextInt(11) - 5);
  }

  /** On hand after every entry applied in order: a count sets it, anything else adds to it. */
  private static long replay(long base, List<StockLedger.Entry> entries) {
    long onHand = base;
    for (StockLedger.Entry entry : entries) {
      onHand = entry.absolute() ? entry.quantity() : onHand + entry.quantity();
    }
    return onHand;
  }

  @Test
  void foldsTheJournalOnceTheWatermarkPassedItAndKeepsOnlyTheLevel() throws Exception {
    stock(Kind.RECEIPT, STORE, 10);
    stock(Kind.SALE, STORE, 1);
    stock(Kind.COUNT, STORE, 4);
    stock(Kind.SALE, STORE, 1);
    assertThat(harness.numEventTimeTimers()).isPositive();

    harness.processWatermark(T0.plusSeconds(sequence).plus(RETENTION).toEpochMilli() + 1000);

    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    assertThat(lastLevel().onHand()).isEqualTo(3);

    harness.processElement(at(Kind.SALE, 1, T0), 0);
    assertThat(lastLevel().onHand()).isEqualTo(2);
  }

  @Test
  void aSkuHasOneFoldTimerAtItsEarliestEntryWhateverTheSecondsAndLocations() throws Exception {
    for (int i = 0; i < 4; i++) {
      stock(Kind.RECEIPT, STORE, 10);
      stock(Kind.SALE, NEARBY, 1);
      stock(Kind.SALE, WAREHOUSE, 1);
    }
    assertThat(harness.numEventTimeTimers()).as("twelve seconds of movements").isEqualTo(1);

    // A movement earlier than every other one brings the timer forward instead of adding one.
    harness.processElement(at(Kind.SALE, 2, T0.minusSeconds(30)), 0);
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    harness.processWatermark(T0.minusSeconds(30).plus(RETENTION).toEpochMilli() + 1000);
    assertThat(harness.numEventTimeTimers()).as("the next entry's timer").isEqualTo(1);

    // The watermark passes half of the movements: they fold, and the rest keep one timer.
    harness.processWatermark(T0.plusSeconds(6).plus(RETENTION).toEpochMilli() + 1000);
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    harness.processElement(at(Kind.COUNT, 100, T0.plusSeconds(1)), 0);
    assertThat(lastLevel().onHand())
        .as("a late count goes before the receipts still in the journal, which add to it")
        .isEqualTo(120);

    harness.processWatermark(T0.plusSeconds(sequence).plus(RETENTION).toEpochMilli() + 1000);
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(levelOf(STORE).onHand()).isEqualTo(120);
    assertThat(levelOf(NEARBY).onHand()).isEqualTo(-4);
  }

  @Test
  void transfersMoveOnHandOutOfOneLocationAndIntoAnother() throws Exception {
    stock(Kind.RECEIPT, STORE, 10);
    stock(Kind.TRANSFER_OUT, STORE, 4);
    stock(Kind.TRANSFER_IN, FAR, 4);

    assertThat(levelOf(STORE).onHand()).isEqualTo(6);
    assertThat(levelOf(FAR).onHand()).isEqualTo(4);
  }

  @Test
  void safetyStockIsKeptBackFromAvailableAndTheLatestSettingWins() throws Exception {
    stock(Kind.RECEIPT, STORE, 10);
    order(Kind.RESERVE, 3, "order-1", collectAt(STORE));
    harness.processElement(at(Kind.SAFETY, 2, T0.plusSeconds(60)), 0);
    harness.processElement(at(Kind.SAFETY, 9, T0.plusSeconds(30)), 0);

    assertThat(lastLevel().safetyStock()).isEqualTo(2);
    assertThat(lastLevel().available()).isEqualTo(5);

    order(Kind.RESERVE, 6, "order-2", collectAt(STORE));
    assertThat(decisions().get(1).accepted()).isFalse();

    harness.processElement(at(Kind.SAFETY, 20, T0.plusSeconds(90)), 0);
    assertThat(lastLevel().available()).isZero();
    assertThat(lastLevel().availableInStore()).isEqualTo(7);
  }

  @Test
  void eachChannelSellsOnlyWhereTheLocationServesIt() throws Exception {
    stock(Kind.RECEIPT, NEARBY, 5);
    stock(Kind.RECEIPT, WAREHOUSE, 5);
    stock(Kind.RECEIPT, STORE, 5);
    order(Kind.RESERVE, 1, "order-1", collectAt(STORE));

    assertThat(List.of(levelOf(NEARBY), levelOf(WAREHOUSE), levelOf(STORE)))
        .extracting(
            StockLevel::availableToShip,
            StockLevel::availableToCollect,
            StockLevel::availableInStore)
        .containsExactly(tuple(0L, 5L, 5L), tuple(5L, 0L, 0L), tuple(4L, 4L, 4L));
  }

  @Test
  void raisesLowStockWhenAvailableFallsToTheThresholdAndRestockedWhenItRisesAgain()
      throws Exception {
    stock(Kind.RECEIPT, NEARBY, 3);
    stock(Kind.SALE, NEARBY, 1);
    stock(Kind.SALE, NEARBY, 1);
    stock(Kind.SALE, NEARBY, 1);
    stock(Kind.RECEIPT, NEARBY, 1);
    stock(Kind.RECEIPT, NEARBY, 4);

    assertThat(alerts())
        .extracting(StockAlert::kind, StockAlert::available, StockAlert::threshold)
        .containsExactly(
            tuple(StockAlert.Kind.LOW_STOCK, 1L, 1L), tuple(StockAlert.Kind.RESTOCKED, 5L, 1L));
  }

  @Test
  void aShortPickTakesTheMissingUnitsOffOnHandAndSourcesThemElsewhere() throws Exception {
    stock(Kind.RECEIPT, STORE, 10);
    stock(Kind.RECEIPT, WAREHOUSE, 10);
    order(Kind.RESERVE, 3, "order-1", collectAt(STORE));
    harness.processElement(
        new StockMovement(
            "sp-1",
            T0.plusSeconds(60),
            SKU,
            STORE,
            Kind.SHORT_PICK,
            2,
            collectAt(STORE).excluding(List.of(STORE)),
            "short-picked"),
        0);

    assertThat(levelOf(STORE).onHand()).isEqualTo(8);
    assertThat(levelOf(STORE).reserved()).isEqualTo(1);
    assertThat(levelOf(WAREHOUSE).reserved()).isEqualTo(2);
    assertThat(decisions().get(1).sourcing()).isEqualTo(Sourcing.TRANSFER);

    order(Kind.CONSUME, 0, "order-1", collectAt(STORE));
    assertThat(levelOf(STORE).onHand()).isEqualTo(7);
    assertThat(levelOf(STORE).reserved()).isZero();
    assertThat(levelOf(WAREHOUSE).onHand()).isEqualTo(8);
  }

  @Test
  void unitsSourcedAgainWhereTheOrderAlreadyHoldsSomeAreConsumedTogether() throws Exception {
    stock(Kind.RECEIPT, STORE, 3);
    stock(Kind.RECEIPT, FAR, 2);
    order(Kind.RESERVE, 4, "order-1", shipTo(BERLIN));
    assertThat(levelOf(FAR).reserved()).isEqualTo(1);
    harness.processElement(
        new StockMovement(
            "sp-1",
            T0.plusSeconds(60),
            SKU,
            STORE,
            Kind.SHORT_PICK,
            1,
            shipTo(BERLIN).excluding(List.of(STORE)),
            "short-picked"),
        0);
    assertThat(levelOf(FAR).reserved()).isEqualTo(2);

    order(Kind.CONSUME, 0, "order-1", shipTo(BERLIN));

    assertThat(levelOf(FAR).onHand()).isZero();
    assertThat(levelOf(FAR).reserved()).isZero();
    assertThat(levelOf(STORE).onHand()).isZero();
    assertThat(sideOutput(StockLedger.FULFILLED))
        .extracting(FulfilledLine::locationId, FulfilledLine::quantity)
        .containsExactlyInAnyOrder(tuple(STORE, 2), tuple(FAR, 2));
  }

  private static OrderLineRef collectAt(String storeId) {
    return ref("order-1", Fulfilment.CLICK_AND_COLLECT, storeId, null);
  }

  private static OrderLineRef shipTo(Coordinates point) {
    return ref("order-1", Fulfilment.SHIP, null, point);
  }

  private static OrderLineRef ref(
      String orderId, Fulfilment fulfilment, String storeId, Coordinates shipTo) {
    return new OrderLineRef(
        orderId,
        "cust-1",
        T0,
        fulfilment,
        storeId,
        shipTo,
        null,
        null,
        new BigDecimal("229.00"),
        "EUR",
        List.of());
  }

  private StockMovement at(Kind kind, int quantity, Instant occurredAt) {
    sequence++;
    return StockMovement.of("m-" + sequence, occurredAt, SKU, STORE, kind, quantity);
  }

  private void stock(Kind kind, String location, int quantity) throws Exception {
    sequence++;
    harness.processElement(
        StockMovement.of("m-" + sequence, T0.plusSeconds(sequence), SKU, location, kind, quantity),
        0);
  }

  private void order(Kind kind, int quantity, String orderId, OrderLineRef line) throws Exception {
    sequence++;
    OrderLineRef forOrder =
        new OrderLineRef(
            orderId,
            line.customerId(),
            line.placedAt(),
            line.fulfilment(),
            line.storeId(),
            line.shipTo(),
            line.associateId(),
            line.associateStoreId(),
            line.unitPrice(),
            line.currency(),
            line.excluded());
    harness.processElement(
        new StockMovement(
            "m-" + sequence, T0.plusSeconds(sequence), SKU, null, kind, quantity, forOrder, null),
        0);
  }

  private List<StockLevel> levels() {
    return harness.extractOutputValues();
  }

  private StockLevel lastLevel() {
    List<StockLevel> levels = levels();
    return levels.get(levels.size() - 1);
  }

  private StockLevel levelOf(String location) {
    return levels().stream()
        .filter(level -> level.locationId().equals(location))
        .reduce((first, second) -> second)
        .orElseThrow();
  }

  private List<ReservationDecision> decisions() {
    return sideOutput(StockLedger.DECISIONS);
  }

  private List<StockAlert> alerts() {
    return sideOutput(StockLedger.ALERTS);
  }

  private <T> List<T> sideOutput(OutputTag<T> tag) {
    var records = harness.getSideOutput(tag);
    return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
  }
}
