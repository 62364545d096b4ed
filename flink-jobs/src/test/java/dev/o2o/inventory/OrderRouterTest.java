package dev.o2o.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.o2o.contract.Fulfilment;
import dev.o2o.contract.OrderLine;
import dev.o2o.inventory.OrderEvent.Step;
import dev.o2o.inventory.StockMovement.Kind;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrderRouterTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static final Duration TTL = Duration.ofMinutes(30);
  private static final List<OrderLine> LINES =
      List.of(
          new OrderLine("BLAZER-NAVY-50", 1, new BigDecimal("229.00")),
          new OrderLine("SHIRT-OXF-WHT-M", 2, new BigDecimal("59.90")),
          new OrderLine("BLAZER-NAVY-50", 1, new BigDecimal("219.00")));

  private KeyedOneInputStreamOperatorTestHarness<String, OrderEvent, StockMovement> harness;

  @BeforeEach
  void open() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new OrderRouter(TTL), OrderEvent::orderId, Types.STRING);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void asksTheLedgerOfEachSkuToSourceTheOrdersUnitsOfIt() throws Exception {
    harness.processElement(placed(Fulfilment.CLICK_AND_COLLECT, "berlin-mitte"), 0);

    assertThat(harness.extractOutputValues())
        .extracting(
            StockMovement::kind,
            StockMovement::sku,
            StockMovement::locationId,
            StockMovement::quantity,
            m -> m.order().storeId(),
            m -> m.order().fulfilment())
        .containsExactly(
            tuple(
                Kind.RESERVE,
                "BLAZER-NAVY-50",
                null,
                2,
                "berlin-mitte",
                Fulfilment.CLICK_AND_COLLECT),
            tuple(
                Kind.RESERVE,
                "SHIRT-OXF-WHT-M",
                null,
                2,
                "berlin-mitte",
                Fulfilment.CLICK_AND_COLLECT));
  }

  @Test
  void linesOfOneSkuAreHeldTogetherAtTheirAveragePrice() throws Exception {
    harness.processElement(placed(Fulfilment.SHIP, null), 0);

    StockMovement blazers = harness.extractOutputValues().get(0);
    assertThat(blazers.quantity()).isEqualTo(2);
    assertThat(blazers.order().unitPrice()).isEqualByComparingTo("224.00");
    assertThat(blazers.order().customerId()).isEqualTo("cust-1");
    assertThat(blazers.order().currency()).isEqualTo("EUR");
  }

  @Test
  void cancellingReleasesWhatTheOrderHoldsOfEachSku() throws Exception {
    harness.processElement(placed(Fulfilment.CLICK_AND_COLLECT, "berlin-mitte"), 0);
    harness.processElement(closing("e-2", Step.CANCELLED), 0);

    assertThat(harness.extractOutputValues().subList(2, 4))
        .extracting(StockMovement::kind, StockMovement::sku, m -> m.order().orderId())
        .containsExactly(
            tuple(Kind.RELEASE, "BLAZER-NAVY-50", "order-1"),
            tuple(Kind.RELEASE, "SHIRT-OXF-WHT-M", "order-1"));
  }

  @Test
  void pickingUpConsumesAndALaterCancelDoesNothing() throws Exception {
    harness.processElement(placed(Fulfilment.CLICK_AND_COLLECT, "berlin-mitte"), 0);
    harness.processElement(closing("e-2", Step.PICKED_UP), 0);
    harness.processElement(closing("e-3", Step.CANCELLED), 0);

    assertThat(harness.extractOutputValues())
        .extracting(StockMovement::kind)
        .containsExactly(Kind.RESERVE, Kind.RESERVE, Kind.CONSUME, Kind.CONSUME);
  }

  @Test
  void aRedeliveredPlacedOrderReservesOnce() throws Exception {
    harness.processElement(placed(Fulfilment.CLICK_AND_COLLECT, "berlin-mitte"), 0);
    harness.processElement(placed(Fulfilment.CLICK_AND_COLLECT, "berlin-mitte"), 0);

    assertThat(harness.extractOutputValues()).hasSize(2);
  }

  @Test
  void forgetsAClosedOrderAfterItsRetention() throws Exception {
    harness.processElement(placed(Fulfilment.SHIP, null), 0);
    harness.processElement(closing("e-2", Step.SHIPPED), 0);
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);

    harness.processWatermark(
        T0.plus(OrderRouter.CLOSED_RETENTION).plus(Duration.ofSeconds(1)).toEpochMilli());

    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void aRejectionAsksTheLedgersToSourceAgainWithoutTheStore() throws Exception {
    harness.processElement(placed(Fulfilment.CLICK_AND_COLLECT, "berlin-mitte"), 0);
    harness.processElement(rejected("e-2", "berlin-mitte"), 0);
    harness.processElement(rejected("e-3", "berlin-mitte"), 0);
    harness.processElement(closing("e-4", Step.CANCELLED), 0);

    List<StockMovement> out = harness.extractOutputValues();
    assertThat(out.subList(2, 4))
        .extracting(
            StockMovement::kind,
            StockMovement::locationId,
            StockMovement::reason,
            m -> m.order().excluded())
        .containsOnly(tuple(Kind.REJECT, "berlin-mitte", "no staff", List.of("berlin-mitte")));
    assertThat(out).hasSize(8);
    assertThat(out.get(7).order().excluded()).containsExactly("berlin-mitte");
  }

  @Test
  void aShortPickTakesTheMissingUnitsOnceAndKeepsTheOrderOpen() throws Exception {
    harness.processElement(placed(Fulfilment.CLICK_AND_COLLECT, "berlin-mitte"), 0);
    OrderEvent shortPick =
        new OrderEvent(
            "e-2",
            T0,
            "order-1",
            Step.SHORT_PICKED,
            null,
            null,
            "berlin-mitte",
            null,
            null,
            null,
            null,
            List.of(),
            "SHIRT-OXF-WHT-M",
            1,
            null);
    harness.processElement(shortPick, 0);
    harness.processElement(shortPick, 0);
    harness.processElement(closing("e-3", Step.PICKED_UP), 0);

    assertThat(harness.extractOutputValues())
        .extracting(
            StockMovement::kind,
            StockMovement::sku,
            StockMovement::locationId,
            StockMovement::quantity)
        .containsExactly(
            tuple(Kind.RESERVE, "BLAZER-NAVY-50", null, 2),
            tuple(Kind.RESERVE, "SHIRT-OXF-WHT-M", null, 2),
            tuple(Kind.SHORT_PICK, "SHIRT-OXF-WHT-M", "berlin-mitte", 1),
            tuple(Kind.CONSUME, "BLAZER-NAVY-50", null, 0),
            tuple(Kind.CONSUME, "SHIRT-OXF-WHT-M", null, 0));
  }

  @Test
  void releasesAnOrderStillOpenWhenItsReservationsExpireAndThenForgetsIt() throws Exception {
    harness.processElement(placed(Fulfilment.CLICK_AND_COLLECT, "berlin-mitte"), 0);
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);

    harness.processWatermark(T0.plus(TTL).toEpochMilli());

    assertThat(harness.extractOutputValues().subList(2, 4))
        .extracting(StockMovement::kind, StockMovement::occurredAt, StockMovement::movementId)
        .containsExactly(
            tuple(Kind.RELEASE, T0.plus(TTL), "e-1#expired#BLAZER-NAVY-50"),
            tuple(Kind.RELEASE, T0.plus(TTL), "e-1#expired#SHIRT-OXF-WHT-M"));
    harness.processElement(closing("e-2", Step.PICKED_UP), 0);
    assertThat(harness.extractOutputValues()).hasSize(4);

    harness.processWatermark(T0.plus(TTL).plus(OrderRouter.CLOSED_RETENTION).toEpochMilli());
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void closingAnOrderCancelsItsExpiry() throws Exception {
    harness.processElement(placed(Fulfilment.CLICK_AND_COLLECT, "berlin-mitte"), 0);
    harness.processElement(closing("e-2", Step.CANCELLED), 0);

    harness.processWatermark(T0.plus(TTL).toEpochMilli());

    assertThat(harness.extractOutputValues()).hasSize(4);
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);
  }

  private static OrderEvent rejected(String eventId, String storeId) {
    return new OrderEvent(
        eventId,
        T0,
        "order-1",
        Step.REJECTED,
        null,
        null,
        storeId,
        null,
        null,
        null,
        null,
        List.of(),
        null,
        0,
        "no staff");
  }

  private static OrderEvent placed(Fulfilment fulfilment, String storeId) {
    return new OrderEvent(
        "e-1",
        T0,
        "order-1",
        Step.PLACED,
        "cust-1",
        fulfilment,
        storeId,
        null,
        null,
        null,
        "EUR",
        LINES,
        null,
        0,
        null);
  }

  private static OrderEvent closing(String eventId, Step step) {
    return new OrderEvent(
        eventId, T0, "order-1", step, null, null, null, null, null, null, null, List.of(), null, 0,
        null);
  }
}
