package dev.o2o.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.contract.ReservationDecision;
import dev.o2o.contract.StockLevel;
import dev.o2o.inventory.StockMovement.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StockLedgerTest {
  private static final String SKU = "BLAZER-NAVY-50";
  private static final String STORE = "berlin-mitte";
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static final Duration RETENTION = Duration.ofSeconds(5);

  private KeyedOneInputStreamOperatorTestHarness<String, StockMovement, StockLevel> harness;
  private int sequence;

  @BeforeEach
  void open() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new StockLedger(RETENTION), StockMovement::ledgerKey, Types.STRING);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void receiptsAndSalesMoveOnHandAndAvailable() throws Exception {
    apply(Kind.RECEIPT, 10, null);
    apply(Kind.SALE, 3, null);

    StockLevel level = lastLevel();
    assertThat(level.onHand()).isEqualTo(7);
    assertThat(level.available()).isEqualTo(7);
    assertThat(level.version()).isEqualTo(2);
    assertThat(level.key()).isEqualTo(SKU + "@" + STORE);
  }

  @Test
  void tillSalesAreNeverRefusedAndMayDriveOnHandNegative() throws Exception {
    apply(Kind.RECEIPT, 1, null);
    apply(Kind.SALE, 3, null);

    assertThat(lastLevel().onHand()).isEqualTo(-2);
    assertThat(lastLevel().available()).isZero();
  }

  @Test
  void refusesAReservationLargerThanAvailableWithTheReason() throws Exception {
    apply(Kind.RECEIPT, 2, null);
    apply(Kind.RESERVE, 5, "order-1");

    ReservationDecision decision = decisions().get(0);
    assertThat(decision.accepted()).isFalse();
    assertThat(decision.reason())
        .isEqualTo("insufficient stock at berlin-mitte: available 2, requested 5");
    assertThat(lastLevel().reserved()).isZero();
  }

  @Test
  void grantsAReservationFromAvailableStock() throws Exception {
    apply(Kind.RECEIPT, 5, null);
    apply(Kind.RESERVE, 2, "order-1");

    assertThat(decisions()).singleElement().satisfies(d -> assertThat(d.accepted()).isTrue());
    assertThat(lastLevel().reserved()).isEqualTo(2);
    assertThat(lastLevel().available()).isEqualTo(3);
  }

  @Test
  void releaseGivesBackOnlyWhatTheOrderHeld() throws Exception {
    apply(Kind.RECEIPT, 5, null);
    apply(Kind.RESERVE, 2, "order-1");
    apply(Kind.RESERVE, 9, "order-2");
    apply(Kind.RELEASE, 0, "order-2");
    apply(Kind.RELEASE, 0, "order-1");

    assertThat(lastLevel().reserved()).isZero();
    assertThat(lastLevel().available()).isEqualTo(5);
    assertThat(levels()).hasSize(3);
  }

  @Test
  void consumingTakesTheHeldUnitsOffOnHandAndReserved() throws Exception {
    apply(Kind.RECEIPT, 5, null);
    apply(Kind.RESERVE, 2, "order-1");
    apply(Kind.CONSUME, 0, "order-1");

    assertThat(lastLevel().onHand()).isEqualTo(3);
    assertThat(lastLevel().reserved()).isZero();
    assertThat(lastLevel().available()).isEqualTo(3);
  }

  @Test
  void countReplacesOnHandButKeepsReservations() throws Exception {
    apply(Kind.RECEIPT, 5, null);
    apply(Kind.RESERVE, 2, "order-1");
    apply(Kind.COUNT, 4, null);

    assertThat(lastLevel().onHand()).isEqualTo(4);
    assertThat(lastLevel().available()).isEqualTo(2);
  }

  @Test
  void aCountArrivingAfterALaterSaleKeepsTheSale() throws Exception {
    apply(Kind.RECEIPT, 10, null);
    harness.processElement(at(Kind.SALE, 2, null, T0.plusSeconds(30)), 0);
    harness.processElement(at(Kind.COUNT, 7, null, T0.plusSeconds(20)), 0);

    assertThat(lastLevel().onHand()).isEqualTo(5);
    assertThat(lastLevel().available()).isEqualTo(5);
    assertThat(lastLevel().version()).isEqualTo(3);
  }

  @Test
  void aSaleArrivingAfterALaterCountIsAlreadyInTheCount() throws Exception {
    apply(Kind.RECEIPT, 10, null);
    harness.processElement(at(Kind.COUNT, 7, null, T0.plusSeconds(30)), 0);
    harness.processElement(at(Kind.SALE, 2, null, T0.plusSeconds(20)), 0);
    harness.processElement(at(Kind.SALE, 1, null, T0.plusSeconds(40)), 0);

    assertThat(levels()).extracting(StockLevel::onHand).containsExactly(10L, 7L, 7L, 6L);
  }

  @Test
  void aConsumptionTakesTheHeldUnitsAtItsEventTime() throws Exception {
    apply(Kind.RECEIPT, 10, null);
    apply(Kind.RESERVE, 3, "order-1");
    harness.processElement(at(Kind.COUNT, 8, null, T0.plusSeconds(60)), 0);
    harness.processElement(at(Kind.CONSUME, 0, "order-1", T0.plusSeconds(50)), 0);

    assertThat(lastLevel().onHand()).isEqualTo(8);
    assertThat(lastLevel().reserved()).isZero();
  }

  @Test
  void foldsTheJournalOnceTheWatermarkPassedItAndKeepsOnlyTheLevel() throws Exception {
    apply(Kind.RECEIPT, 10, null);
    apply(Kind.SALE, 1, null);
    apply(Kind.COUNT, 4, null);
    apply(Kind.SALE, 1, null);
    assertThat(harness.numEventTimeTimers()).isPositive();

    harness.processWatermark(T0.plusSeconds(sequence).plus(RETENTION).toEpochMilli() + 1000);

    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    assertThat(lastLevel().onHand()).isEqualTo(3);

    harness.processElement(at(Kind.SALE, 1, null, T0), 0);
    assertThat(lastLevel().onHand()).isEqualTo(2);
  }

  @Test
  void transfersMoveOnHandOutOfOneLocationAndIntoAnother() throws Exception {
    apply(Kind.RECEIPT, 10, null);
    apply(Kind.TRANSFER_OUT, 4, null);
    apply(Kind.TRANSFER_IN, 1, null);

    assertThat(lastLevel().onHand()).isEqualTo(7);
  }

  @Test
  void safetyStockIsKeptBackFromAvailableAndTheLatestSettingWins() throws Exception {
    apply(Kind.RECEIPT, 10, null);
    apply(Kind.RESERVE, 3, "order-1");
    harness.processElement(at(Kind.SAFETY, 2, null, T0.plusSeconds(60)), 0);
    harness.processElement(at(Kind.SAFETY, 9, null, T0.plusSeconds(30)), 0);

    assertThat(lastLevel().safetyStock()).isEqualTo(2);
    assertThat(lastLevel().available()).isEqualTo(5);

    apply(Kind.RESERVE, 6, "order-2");
    assertThat(decisions().get(1).accepted()).isFalse();
    assertThat(decisions().get(1).reason())
        .isEqualTo("insufficient stock at berlin-mitte: available 5, requested 6");

    harness.processElement(at(Kind.SAFETY, 20, null, T0.plusSeconds(90)), 0);
    assertThat(lastLevel().available()).isZero();
  }

  @Test
  void aShortPickTakesTheMissingUnitsOffOnHandAndTheOrdersHold() throws Exception {
    apply(Kind.RECEIPT, 10, null);
    apply(Kind.RESERVE, 3, "order-1");
    apply(Kind.SHORT_PICK, 2, "order-1");

    assertThat(lastLevel().onHand()).isEqualTo(8);
    assertThat(lastLevel().reserved()).isEqualTo(1);

    apply(Kind.CONSUME, 0, "order-1");
    assertThat(lastLevel().onHand()).isEqualTo(7);
    assertThat(lastLevel().reserved()).isZero();
    assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
  }

  private StockMovement at(Kind kind, int quantity, String orderId, Instant occurredAt) {
    sequence++;
    return new StockMovement("m-" + sequence, occurredAt, SKU, STORE, kind, quantity, orderId);
  }

  private void apply(Kind kind, int quantity, String orderId) throws Exception {
    harness.processElement(movement(kind, quantity, orderId), 0);
  }

  private StockMovement movement(Kind kind, int quantity, String orderId) {
    sequence++;
    return new StockMovement(
        "m-" + sequence, T0.plusSeconds(sequence), SKU, STORE, kind, quantity, orderId);
  }

  private List<StockLevel> levels() {
    return harness.extractOutputValues();
  }

  private StockLevel lastLevel() {
    List<StockLevel> levels = levels();
    return levels.get(levels.size() - 1);
  }

  private List<ReservationDecision> decisions() {
    return harness.getSideOutput(StockLedger.DECISIONS).stream()
        .map(StreamRecord::getValue)
        .toList();
  }
}
