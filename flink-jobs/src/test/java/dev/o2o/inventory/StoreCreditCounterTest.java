package dev.o2o.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.o2o.contract.StoreCredit;
import dev.o2o.contract.StoreCredit.Role;
import dev.o2o.contract.StoreCreditTotals;
import dev.o2o.contract.StoreCreditTotals.RoleTotal;
import dev.o2o.jobs.TestEngine;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StoreCreditCounterTest {
  private static final Instant T0 = TestEngine.MORNING;
  private static final String BERLIN = "berlin-mitte";

  private KeyedOneInputStreamOperatorTestHarness<String, StoreCredit, StoreCreditTotals> harness;

  @BeforeEach
  void open() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new StoreCreditCounter(), StoreCredit::storeId, Types.STRING);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void addsUpEachRoleWithItsLinesAndUnitsAndListsTheOthersAtZero() throws Exception {
    credit("o-1", BERLIN, Role.PICKUP, 2, "119.80", "EUR", T0);
    credit("o-2", BERLIN, Role.PICKUP, 1, "59.90", "EUR", T0.plusSeconds(60));
    credit("o-2", BERLIN, Role.INFLUENCE, 1, "59.90", "EUR", T0.plusSeconds(60));

    StoreCreditTotals totals = latest();

    assertThat(totals.storeId()).isEqualTo(BERLIN);
    assertThat(totals.roles())
        .extracting(RoleTotal::role, RoleTotal::currency, RoleTotal::lines, RoleTotal::units)
        .containsExactly(
            tuple(Role.PICKUP, "EUR", 2L, 3L),
            tuple(Role.FULFILMENT, "EUR", 0L, 0L),
            tuple(Role.INFLUENCE, "EUR", 1L, 1L),
            tuple(Role.ASSOCIATE, "EUR", 0L, 0L));
    assertThat(totals.roles().get(0).amount()).isEqualByComparingTo("179.70");
    assertThat(totals.roles().get(2).amount()).isEqualByComparingTo("59.90");
    assertThat(totals.roles().get(1).amount()).isZero();
    assertThat(totals.updatedAt()).isEqualTo(T0.plusSeconds(60));
  }

  @Test
  void keepsStoresApart() throws Exception {
    credit("o-1", BERLIN, Role.PICKUP, 1, "59.90", "EUR", T0);
    credit("o-1", "hamburg-jungfernstieg", Role.FULFILMENT, 1, "59.90", "EUR", T0);

    List<StoreCreditTotals> emitted = harness.extractOutputValues();

    assertThat(emitted)
        .extracting(StoreCreditTotals::storeId)
        .containsExactly(BERLIN, "hamburg-jungfernstieg");
    assertThat(emitted.get(1).roles())
        .extracting(RoleTotal::role, RoleTotal::lines)
        .contains(tuple(Role.PICKUP, 0L), tuple(Role.FULFILMENT, 1L));
  }

  @Test
  void keepsTheTwentyNewestCreditsNewestFirstWhateverTheArrivalOrder() throws Exception {
    for (int i = 24; i >= 0; i--) {
      credit("o-" + i, BERLIN, Role.PICKUP, 1, "10.00", "EUR", T0.plusSeconds(i));
    }

    StoreCreditTotals totals = latest();

    assertThat(totals.recent()).hasSize(StoreCreditTotals.RECENT);
    assertThat(totals.recent().get(0).orderId()).isEqualTo("o-24");
    assertThat(totals.recent().get(19).orderId()).isEqualTo("o-5");
    assertThat(totals.roles().get(0).lines()).isEqualTo(25);
    assertThat(totals.roles().get(0).amount()).isEqualByComparingTo("250.00");
  }

  @Test
  void aLateCreditDoesNotMoveTheUpdateTimeBack() throws Exception {
    credit("o-2", BERLIN, Role.PICKUP, 1, "10.00", "EUR", T0.plusSeconds(60));
    credit("o-1", BERLIN, Role.PICKUP, 1, "10.00", "EUR", T0);

    assertThat(latest().updatedAt()).isEqualTo(T0.plusSeconds(60));
  }

  @Test
  void creditsInAnotherCurrencyAreTotalledApart() throws Exception {
    credit("o-1", BERLIN, Role.PICKUP, 1, "59.90", "EUR", T0);
    credit("o-2", BERLIN, Role.PICKUP, 1, "64.00", "CHF", T0);

    assertThat(latest().roles())
        .extracting(RoleTotal::role, RoleTotal::currency, RoleTotal::amount)
        .containsExactly(
            tuple(Role.PICKUP, "CHF", new BigDecimal("64.00")),
            tuple(Role.PICKUP, "EUR", new BigDecimal("59.90")),
            tuple(Role.FULFILMENT, "EUR", BigDecimal.ZERO),
            tuple(Role.INFLUENCE, "EUR", BigDecimal.ZERO),
            tuple(Role.ASSOCIATE, "EUR", BigDecimal.ZERO));
  }

  private StoreCreditTotals latest() {
    List<StoreCreditTotals> emitted = harness.extractOutputValues();
    return emitted.get(emitted.size() - 1);
  }

  private void credit(
      String orderId,
      String storeId,
      Role role,
      int quantity,
      String amount,
      String currency,
      Instant at)
      throws Exception {
    harness.processElement(
        new StoreCredit(
            orderId + ":SHIRT-OXF-WHT-M:" + storeId + ":" + at.toEpochMilli() + ":" + role,
            at,
            orderId,
            "cust-1",
            storeId,
            role,
            null,
            "SHIRT-OXF-WHT-M",
            quantity,
            new BigDecimal(amount),
            currency),
        at.toEpochMilli());
  }
}
