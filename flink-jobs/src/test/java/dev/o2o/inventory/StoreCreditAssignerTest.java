package dev.o2o.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.o2o.config.EngineConfig;
import dev.o2o.config.StoreConfig;
import dev.o2o.contract.Fulfilment;
import dev.o2o.contract.StoreCredit;
import dev.o2o.contract.StoreCredit.Role;
import dev.o2o.contract.Visit;
import dev.o2o.contract.VisitStatus;
import dev.o2o.jobs.TestEngine;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StoreCreditAssignerTest {
  private static final Instant PLACED = TestEngine.MORNING;
  private static final Instant FULFILLED = PLACED.plus(Duration.ofMinutes(20));
  private static final String BERLIN = "berlin-mitte";
  private static final String HAMBURG = "hamburg-jungfernstieg";
  private static final String WAREHOUSE = "online-dc";

  private KeyedTwoInputStreamOperatorTestHarness<String, FulfilledLine, Visit, StoreCredit> harness;
  private int visitSequence;

  @BeforeEach
  void open() throws Exception {
    harness = assigner(null);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void creditsThePickupStoreAsSoonAsTheLineIsCollected() throws Exception {
    fulfil(collected("o-1", BERLIN, BERLIN, 2));

    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(
            credit -> {
              assertThat(credit.eventId())
                  .isEqualTo(
                      "o-1:SHIRT-OXF-WHT-M:berlin-mitte:" + FULFILLED.toEpochMilli() + ":pickup");
              assertThat(credit.storeId()).isEqualTo(BERLIN);
              assertThat(credit.role()).isEqualTo(Role.PICKUP);
              assertThat(credit.occurredAt()).isEqualTo(FULFILLED);
              assertThat(credit.orderId()).isEqualTo("o-1");
              assertThat(credit.customerId()).isEqualTo("cust-1");
              assertThat(credit.quantity()).isEqualTo(2);
              assertThat(credit.amount()).isEqualByComparingTo("119.80");
              assertThat(credit.currency()).isEqualTo("EUR");
              assertThat(credit.associateId()).isNull();
            });
  }

  @Test
  void creditsTheStoreThatSentTheUnitsToTheCollectStore() throws Exception {
    fulfil(collected("o-1", HAMBURG, BERLIN, 1));

    assertThat(harness.extractOutputValues())
        .extracting(StoreCredit::storeId, StoreCredit::role)
        .containsExactlyInAnyOrder(tuple(BERLIN, Role.PICKUP), tuple(HAMBURG, Role.FULFILMENT));
  }

  @Test
  void aRedirectedCollectCreditsTheStoreWhereTheCustomerCollected() throws Exception {
    fulfil(collected("o-1", HAMBURG, HAMBURG, 1));

    assertThat(harness.extractOutputValues())
        .extracting(StoreCredit::storeId, StoreCredit::role)
        .containsExactly(tuple(HAMBURG, Role.PICKUP));
  }

  @Test
  void creditsTheStoreThatShippedTheLine() throws Exception {
    fulfil(shipped("o-1", HAMBURG));

    assertThat(harness.extractOutputValues())
        .extracting(StoreCredit::storeId, StoreCredit::role)
        .containsExactly(tuple(HAMBURG, Role.FULFILMENT));
  }

  @Test
  void aWarehouseShipmentCreditsNoStoreForFulfilment() throws Exception {
    fulfil(shipped("o-1", WAREHOUSE));
    harness.processBothWatermarks(new Watermark(FULFILLED.toEpochMilli()));

    assertThat(harness.extractOutputValues()).isEmpty();
  }

  @Test
  void creditsTheAssociateAndTheirStoreOnAnAssistedOrder() throws Exception {
    fulfil(
        new FulfilledLine(
            "o-1",
            "cust-1",
            PLACED,
            FULFILLED,
            Fulfilment.SHIP,
            WAREHOUSE,
            null,
            "assoc-7",
            HAMBURG,
            "BLAZER-NAVY-50",
            1,
            new BigDecimal("229.00"),
            "EUR"));

    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(
            credit -> {
              assertThat(credit.role()).isEqualTo(Role.ASSOCIATE);
              assertThat(credit.storeId()).isEqualTo(HAMBURG);
              assertThat(credit.associateId()).isEqualTo("assoc-7");
              assertThat(credit.amount()).isEqualByComparingTo("229.00");
            });
  }

  @Test
  void creditsTheMostRecentlyVisitedStoreOnceTheWatermarkPassesTheFulfilment() throws Exception {
    visit(HAMBURG, PLACED.minus(Duration.ofDays(3)));
    visit(BERLIN, PLACED.minus(Duration.ofDays(1)));
    fulfil(shipped("o-1", WAREHOUSE));
    harness.processBothWatermarks(new Watermark(FULFILLED.toEpochMilli() - 1));
    assertThat(harness.extractOutputValues()).isEmpty();

    harness.processBothWatermarks(new Watermark(FULFILLED.toEpochMilli()));

    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(
            credit -> {
              assertThat(credit.role()).isEqualTo(Role.INFLUENCE);
              assertThat(credit.storeId()).isEqualTo(BERLIN);
              assertThat(credit.eventId()).endsWith(":influence");
              assertThat(credit.amount()).isEqualByComparingTo("59.90");
            });
  }

  @Test
  void aVisitArrivingAfterTheLineButWithinTheWatermarkBoundStillInfluences() throws Exception {
    fulfil(shipped("o-1", WAREHOUSE));
    harness.processBothWatermarks(new Watermark(FULFILLED.toEpochMilli() - 1000));
    visit(HAMBURG, PLACED.minus(Duration.ofHours(2)));
    harness.processBothWatermarks(new Watermark(FULFILLED.toEpochMilli()));

    assertThat(harness.extractOutputValues())
        .extracting(StoreCredit::storeId, StoreCredit::role)
        .containsExactly(tuple(HAMBURG, Role.INFLUENCE));
  }

  @Test
  void visitsOutsideTheWindowBeforeOrderingDoNotInfluence() throws Exception {
    visit(HAMBURG, PLACED.minus(Duration.ofDays(14)).minusSeconds(1));
    visit(BERLIN, PLACED.plusSeconds(1));
    fulfil(shipped("o-1", WAREHOUSE));
    harness.processBothWatermarks(new Watermark(FULFILLED.toEpochMilli()));

    assertThat(harness.extractOutputValues()).isEmpty();
  }

  @Test
  void aVisitAtTheStartOfTheWindowStillInfluences() throws Exception {
    visit(HAMBURG, PLACED.minus(Duration.ofDays(14)));
    fulfil(shipped("o-1", WAREHOUSE));
    harness.processBothWatermarks(new Watermark(FULFILLED.toEpochMilli()));

    assertThat(harness.extractOutputValues())
        .extracting(StoreCredit::storeId, StoreCredit::role)
        .containsExactly(tuple(HAMBURG, Role.INFLUENCE));
  }

  @Test
  void withoutAVisitOnlyTheFulfilmentRolesAreCredited() throws Exception {
    fulfil(collected("o-1", BERLIN, BERLIN, 1));
    harness.processBothWatermarks(
        new Watermark(FULFILLED.plus(Duration.ofDays(30)).toEpochMilli()));

    assertThat(harness.extractOutputValues())
        .extracting(StoreCredit::role)
        .containsExactly(Role.PICKUP);
  }

  @Test
  void theVisitToCollectTheOrderDoesNotInfluenceIt() throws Exception {
    visit(BERLIN, FULFILLED.minusSeconds(120));
    fulfil(collected("o-1", BERLIN, BERLIN, 1));
    harness.processBothWatermarks(new Watermark(FULFILLED.toEpochMilli()));

    assertThat(harness.extractOutputValues())
        .extracting(StoreCredit::role)
        .containsExactly(Role.PICKUP);
  }

  @Test
  void anOpenAndClosedVisitCountsOnceAndEachLineGetsOneInfluenceCredit() throws Exception {
    Instant entered = PLACED.minus(Duration.ofDays(2));
    harness.processElement2(
        visitOf("v-1", BERLIN, entered, VisitStatus.OPEN), entered.toEpochMilli());
    harness.processElement2(
        visitOf("v-1", BERLIN, entered, VisitStatus.CLOSED), entered.toEpochMilli());
    fulfil(shipped("o-1", WAREHOUSE));
    fulfil(shipped("o-2", WAREHOUSE));
    harness.processBothWatermarks(new Watermark(FULFILLED.toEpochMilli()));

    assertThat(harness.extractOutputValues())
        .extracting(StoreCredit::orderId, StoreCredit::storeId, StoreCredit::role)
        .containsExactlyInAnyOrder(
            tuple("o-1", BERLIN, Role.INFLUENCE), tuple("o-2", BERLIN, Role.INFLUENCE));
  }

  @Test
  void aRepeatedLineIsCreditedOnce() throws Exception {
    visit(HAMBURG, PLACED.minus(Duration.ofDays(1)));
    fulfil(collected("o-1", BERLIN, BERLIN, 1));
    fulfil(collected("o-1", BERLIN, BERLIN, 1));
    harness.processBothWatermarks(new Watermark(FULFILLED.toEpochMilli()));
    fulfil(collected("o-1", BERLIN, BERLIN, 1));

    assertThat(harness.extractOutputValues())
        .extracting(StoreCredit::role)
        .containsExactlyInAnyOrder(Role.PICKUP, Role.INFLUENCE);
  }

  @Test
  void aLineArrivingBehindTheWatermarkIsDecidedAtOnce() throws Exception {
    visit(HAMBURG, PLACED.minus(Duration.ofDays(1)));
    harness.processBothWatermarks(
        new Watermark(FULFILLED.plus(Duration.ofHours(1)).toEpochMilli()));
    fulfil(shipped("o-1", WAREHOUSE));

    assertThat(harness.extractOutputValues())
        .extracting(StoreCredit::storeId, StoreCredit::role)
        .containsExactly(tuple(HAMBURG, Role.INFLUENCE));
  }

  @Test
  void visitsInStoresThatAreNotConfiguredAreIgnored() throws Exception {
    visit("atlantis", PLACED.minus(Duration.ofDays(1)));
    fulfil(shipped("o-1", WAREHOUSE));
    harness.processBothWatermarks(new Watermark(FULFILLED.toEpochMilli()));

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
  }

  @Test
  void visitsLinesAndTheirTimersAreDroppedOnceNoLongerNeeded() throws Exception {
    visit(HAMBURG, PLACED.minus(Duration.ofDays(1)));
    fulfil(collected("o-1", BERLIN, BERLIN, 1));
    assertThat(harness.numEventTimeTimers()).isEqualTo(2);

    harness.processBothWatermarks(new Watermark(FULFILLED.toEpochMilli()));
    assertThat(harness.numEventTimeTimers()).isEqualTo(2);

    harness.processBothWatermarks(new Watermark(PLACED.plus(Duration.ofDays(14)).toEpochMilli()));

    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void aVisitTooOldToInfluenceAnyOrderIsNotKept() throws Exception {
    harness.processBothWatermarks(new Watermark(PLACED.toEpochMilli()));
    visit(HAMBURG, PLACED.minus(Duration.ofDays(15)));

    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void decidesTheInfluencingStoreAfterARestoreFromTheVisitsItKept() throws Exception {
    beforeTheCheckpoint();
    harness.snapshot(1, 1);
    harness.getOutput().clear();
    afterTheCheckpoint();
    List<StoreCredit> uninterrupted = harness.extractOutputValues();
    harness.close();

    harness = assigner(null);
    visitSequence = 0;
    beforeTheCheckpoint();
    OperatorSubtaskState checkpoint = harness.snapshot(1, 1);
    harness.close();
    harness = assigner(checkpoint);
    afterTheCheckpoint();

    assertThat(harness.extractOutputValues()).isEqualTo(uninterrupted);
    assertThat(uninterrupted)
        .extracting(StoreCredit::storeId, StoreCredit::role)
        .containsExactly(tuple(HAMBURG, Role.INFLUENCE));
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  /** Visits to two stores, the later one before the order, and a shipped line still undecided. */
  private void beforeTheCheckpoint() throws Exception {
    visit(BERLIN, PLACED.minus(Duration.ofHours(30)));
    visit(HAMBURG, PLACED.minus(Duration.ofHours(2)));
    fulfil(shipped("o-1", WAREHOUSE));
  }

  private void afterTheCheckpoint() throws Exception {
    fulfil(shipped("o-1", WAREHOUSE));
    harness.processBothWatermarks(new Watermark(FULFILLED.toEpochMilli()));
    harness.processBothWatermarks(
        new Watermark(FULFILLED.plus(Duration.ofDays(30)).toEpochMilli()));
  }

  private KeyedTwoInputStreamOperatorTestHarness<String, FulfilledLine, Visit, StoreCredit>
      assigner(OperatorSubtaskState restoreFrom) throws Exception {
    EngineConfig config = TestEngine.config();
    Set<String> storeIds =
        config.stores().stream().map(StoreConfig::id).collect(Collectors.toSet());
    StoreCreditAssigner assigner = new StoreCreditAssigner(config.inventory(), storeIds);
    if (restoreFrom == null) {
      return ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
          assigner, FulfilledLine::customerId, Visit::customerId, Types.STRING);
    }
    KeyedTwoInputStreamOperatorTestHarness<String, FulfilledLine, Visit, StoreCredit> restored =
        new KeyedTwoInputStreamOperatorTestHarness<>(
            new KeyedCoProcessOperator<>(assigner),
            FulfilledLine::customerId,
            Visit::customerId,
            Types.STRING);
    restored.setup();
    restored.initializeState(restoreFrom);
    restored.open();
    return restored;
  }

  private void fulfil(FulfilledLine line) throws Exception {
    harness.processElement1(line, line.fulfilledAt().toEpochMilli());
  }

  private void visit(String storeId, Instant enteredAt) throws Exception {
    harness.processElement2(
        visitOf("v-" + ++visitSequence, storeId, enteredAt, VisitStatus.OPEN),
        enteredAt.toEpochMilli());
  }

  private static Visit visitOf(
      String visitId, String storeId, Instant enteredAt, VisitStatus status) {
    return new Visit(visitId, "cust-1", storeId, enteredAt, enteredAt.plusSeconds(600), status, 3);
  }

  private static FulfilledLine collected(
      String orderId, String locationId, String collectStoreId, int quantity) {
    return new FulfilledLine(
        orderId,
        "cust-1",
        PLACED,
        FULFILLED,
        Fulfilment.CLICK_AND_COLLECT,
        locationId,
        collectStoreId,
        null,
        null,
        "SHIRT-OXF-WHT-M",
        quantity,
        new BigDecimal("59.90"),
        "EUR");
  }

  private static FulfilledLine shipped(String orderId, String locationId) {
    return new FulfilledLine(
        orderId,
        "cust-1",
        PLACED,
        FULFILLED,
        Fulfilment.SHIP,
        locationId,
        null,
        null,
        null,
        "SHIRT-OXF-WHT-M",
        1,
        new BigDecimal("59.90"),
        "EUR");
  }
}
