package dev.o2o.inventory;

import static dev.o2o.jobs.BoundedInputs.drain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.Fulfilment;
import dev.o2o.contract.OrderCancelled;
import dev.o2o.contract.OrderLine;
import dev.o2o.contract.OrderPlaced;
import dev.o2o.contract.PosReturn;
import dev.o2o.contract.PosSale;
import dev.o2o.contract.ReservationDecision;
import dev.o2o.contract.StockLevel;
import dev.o2o.contract.StockReceived;
import dev.o2o.contract.Visit;
import dev.o2o.contract.VisitStatus;
import dev.o2o.jobs.BoundedInputs;
import dev.o2o.jobs.KnownIds;
import dev.o2o.jobs.TestEngine;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InventoryJobTest {
  @RegisterExtension static final MiniClusterExtension CLUSTER = BoundedInputs.miniCluster();

  private static final Instant T0 = TestEngine.MORNING;
  private static final String[] SKUS = {"BLAZER-NAVY-50", "SHIRT-OXF-WHT-M", "CHINO-BEIGE-32"};
  private static final String[] STORES = {"berlin-mitte", "hamburg-jungfernstieg"};

  private final EngineConfig config = TestEngine.config();
  private final KnownIds known = KnownIds.of(config);

  @Test
  void keepsOneLedgerPerSkuAndLocationCountsRepeatsOnceAndRefusesOversell() throws Exception {
    List<StockMovement> stock = new ArrayList<>();
    List<StockMovement> sales = new ArrayList<>();
    int n = 0;
    for (String store : STORES) {
      for (String sku : SKUS) {
        stock.add(
            InventoryInputs.fromStock(new StockReceived("r-" + ++n, T0, store, sku, 20), known));
        for (int i = 0; i < 3; i++) {
          StockMovement sale = InventoryInputs.fromSales(sale("s-" + ++n, store, sku), known);
          sales.add(sale);
          // Producers retry: every sale arrives twice and must count once.
          sales.add(sale);
        }
        sales.add(
            InventoryInputs.fromSales(
                new PosReturn(
                    "ret-" + ++n, T0, store, "rc-1", sku, 1, new BigDecimal("10.00"), "EUR", null),
                known));
      }
    }
    List<OrderEvent> orders =
        List.of(
            OrderEvent.of(
                new OrderPlaced(
                    "o-1",
                    T0,
                    "order-1",
                    "cust-1",
                    Fulfilment.SHIP,
                    null,
                    "EUR",
                    List.of(new OrderLine("KNIT-MERINO-M", 2, new BigDecimal("99.00"))),
                    null,
                    null,
                    null)),
            OrderEvent.of(new OrderCancelled("o-2", T0.plusSeconds(60), "order-1")));

    StreamExecutionEnvironment env = BoundedInputs.environment();
    InventoryJob.Outputs out =
        InventoryJob.topology(
            BoundedInputs.of(env, StockMovement.class, StockMovement::occurredAt, sales),
            BoundedInputs.of(env, OrderEvent.class, OrderEvent::occurredAt, orders),
            BoundedInputs.of(env, StockMovement.class, StockMovement::occurredAt, stock),
            BoundedInputs.of(
                env,
                Visit.class,
                Visit::enteredAt,
                List.of(new Visit("v-1", "cust-1", "berlin-mitte", T0, T0, VisitStatus.OPEN, 2))),
            config);
    CloseableIterator<StockLevel> levels = out.stockLevels().collectAsync();
    CloseableIterator<ReservationDecision> decisions = out.reservations().collectAsync();
    env.execute("inventory-test");

    Map<String, StockLevel> latest =
        BoundedInputs.latest(
            drain(levels), StockLevel::key, Comparator.comparingLong(StockLevel::version));
    assertThat(latest).hasSize(STORES.length * SKUS.length);
    assertThat(latest.values())
        .allSatisfy(
            level -> {
              assertThat(level.onHand()).isEqualTo(18);
              assertThat(level.available()).isEqualTo(18);
              assertThat(level.version()).isEqualTo(5);
            });
    assertThat(drain(decisions))
        .singleElement()
        .satisfies(
            decision -> {
              assertThat(decision.accepted()).isFalse();
              assertThat(decision.locationId()).isNull();
              assertThat(decision.reason())
                  .isEqualTo("no location that ships has KNIT-MERINO-M in stock");
            });
  }

  private static PosSale sale(String eventId, String store, String sku) {
    return new PosSale(
        eventId, T0, store, "rc-1", sku, 1, new BigDecimal("10.00"), "EUR", null, null);
  }
}
