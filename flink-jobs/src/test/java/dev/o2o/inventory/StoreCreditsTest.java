package dev.o2o.inventory;

import static dev.o2o.jobs.BoundedInputs.drain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.o2o.config.EngineConfig;
import dev.o2o.config.StoreConfig;
import dev.o2o.contract.Fulfilment;
import dev.o2o.contract.StoreCredit;
import dev.o2o.contract.StoreCredit.Role;
import dev.o2o.contract.StoreCreditTotals;
import dev.o2o.contract.StoreCreditTotals.RoleTotal;
import dev.o2o.contract.Visit;
import dev.o2o.contract.VisitStatus;
import dev.o2o.jobs.BoundedInputs;
import dev.o2o.jobs.TestEngine;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StoreCreditsTest {
  @RegisterExtension static final MiniClusterExtension CLUSTER = BoundedInputs.miniCluster();

  private static final Instant T0 = TestEngine.MORNING;
  private static final String BERLIN = "berlin-mitte";
  private static final String HAMBURG = "hamburg-jungfernstieg";
  private static final String WAREHOUSE = "online-dc";

  @Test
  void creditsEveryStoreThatEnabledAnOnlineSaleAndTotalsThemPerStore() throws Exception {
    List<Visit> visits =
        List.of(
            visit("v-1", "cust-1", HAMBURG, T0.minus(Duration.ofDays(2)), VisitStatus.OPEN),
            visit("v-1", "cust-1", HAMBURG, T0.minus(Duration.ofDays(2)), VisitStatus.CLOSED),
            visit("v-2", "cust-3", BERLIN, T0.minus(Duration.ofDays(20)), VisitStatus.OPEN),
            visit("v-3", "cust-3", BERLIN, T0.minus(Duration.ofHours(1)), VisitStatus.OPEN),
            visit("v-4", "cust-4", HAMBURG, T0.plus(Duration.ofMinutes(50)), VisitStatus.OPEN));
    FulfilledLine collectedAtBerlin =
        line("o-1", "cust-1", Fulfilment.CLICK_AND_COLLECT, BERLIN, BERLIN, null, null, 2);
    List<FulfilledLine> lines =
        List.of(
            collectedAtBerlin,
            line("o-2", "cust-2", Fulfilment.SHIP, BERLIN, null, "assoc-7", HAMBURG, 1),
            line("o-3", "cust-3", Fulfilment.SHIP, WAREHOUSE, null, null, null, 1),
            line("o-4", "cust-4", Fulfilment.CLICK_AND_COLLECT, BERLIN, HAMBURG, null, null, 1),
            collectedAtBerlin);

    EngineConfig config = TestEngine.config();
    StreamExecutionEnvironment env = BoundedInputs.environment();
    StoreCredits.Outputs out =
        StoreCredits.topology(
            BoundedInputs.paced(env, FulfilledLine.class, FulfilledLine::fulfilledAt, lines, 5),
            BoundedInputs.of(env, Visit.class, Visit::enteredAt, visits),
            config.inventory(),
            config.stores().stream().map(StoreConfig::id).collect(Collectors.toSet()));
    CloseableIterator<StoreCredit> credits = out.credits().collectAsync();
    CloseableIterator<StoreCreditTotals> totals = out.totals().collectAsync();
    env.execute("store-credits-test");

    assertThat(drain(credits))
        .extracting(StoreCredit::orderId, StoreCredit::storeId, StoreCredit::role)
        .containsExactlyInAnyOrder(
            tuple("o-1", BERLIN, Role.PICKUP),
            tuple("o-1", HAMBURG, Role.INFLUENCE),
            tuple("o-2", BERLIN, Role.FULFILMENT),
            tuple("o-2", HAMBURG, Role.ASSOCIATE),
            tuple("o-3", BERLIN, Role.INFLUENCE),
            tuple("o-4", HAMBURG, Role.PICKUP),
            tuple("o-4", BERLIN, Role.FULFILMENT));
    Map<String, StoreCreditTotals> perStore =
        BoundedInputs.latest(
            drain(totals),
            StoreCreditTotals::storeId,
            Comparator.comparingInt(t -> t.recent().size()));
    assertThat(perStore.get(BERLIN).roles())
        .extracting(RoleTotal::role, RoleTotal::lines, RoleTotal::amount)
        .containsExactly(
            tuple(Role.PICKUP, 1L, new BigDecimal("119.80")),
            tuple(Role.FULFILMENT, 2L, new BigDecimal("119.80")),
            tuple(Role.INFLUENCE, 1L, new BigDecimal("59.90")),
            tuple(Role.ASSOCIATE, 0L, BigDecimal.ZERO));
    assertThat(perStore.get(HAMBURG).roles())
        .extracting(RoleTotal::role, RoleTotal::lines)
        .containsExactly(
            tuple(Role.PICKUP, 1L),
            tuple(Role.FULFILMENT, 0L),
            tuple(Role.INFLUENCE, 1L),
            tuple(Role.ASSOCIATE, 1L));
    assertThat(perStore.get(HAMBURG).recent()).hasSize(3);
    assertThat(perStore.get(HAMBURG).updatedAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
  }

  private static Visit visit(
      String visitId, String customerId, String storeId, Instant enteredAt, VisitStatus status) {
    return new Visit(
        visitId, customerId, storeId, enteredAt, enteredAt.plusSeconds(900), status, 4);
  }

  private static FulfilledLine line(
      String orderId,
      String customerId,
      Fulfilment fulfilment,
      String locationId,
      String collectStoreId,
      String associateId,
      String associateStoreId,
      int quantity) {
    return new FulfilledLine(
        orderId,
        customerId,
        T0,
        T0.plus(Duration.ofHours(1)),
        fulfilment,
        locationId,
        collectStoreId,
        associateId,
        associateStoreId,
        "SHIRT-OXF-WHT-M",
        quantity,
        new BigDecimal("59.90"),
        "EUR");
  }
}
