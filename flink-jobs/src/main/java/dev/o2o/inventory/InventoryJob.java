package dev.o2o.inventory;

import dev.o2o.config.EngineConfig;
import dev.o2o.config.InventorySettings;
import dev.o2o.config.StoreConfig;
import dev.o2o.contract.ReservationDecision;
import dev.o2o.contract.StockAlert;
import dev.o2o.contract.StockLevel;
import dev.o2o.contract.StoreCredit;
import dev.o2o.contract.StoreCreditTotals;
import dev.o2o.contract.Visit;
import dev.o2o.jobs.DropRepeats;
import dev.o2o.jobs.StringKeys;
import dev.o2o.sourcing.Sourcer;
import java.time.Duration;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Unified inventory: one ledger per sku across every location, fed by store tills, deliveries,
 * transfers, counts, safety stock and online orders, so that stores and the online shop promise
 * from the same numbers, and an order line is sourced and held in one step. On hand follows event
 * time; reservations are decided in arrival order (see {@link StockLedger}).
 */
public final class InventoryJob {
  /** How long a movement id is remembered, so that a redelivered event is applied once. */
  static final Duration MOVEMENT_ID_RETENTION = Duration.ofDays(7);

  /** The ledger's operator name; Flink's task for it starts with this name, as its UI shows. */
  public static final String LEDGER_NAME = "Stock ledger per sku";

  private InventoryJob() {}

  /**
   * The job's outputs: every new stock level; every reservation granted or refused, with where and
   * why; stock alerts; the order lines fulfilled; the store credits they earned, and each store's
   * credit totals.
   */
  public record Outputs(
      DataStream<StockLevel> stockLevels,
      DataStream<ReservationDecision> reservations,
      DataStream<StockAlert> alerts,
      DataStream<FulfilledLine> fulfilled,
      DataStream<StoreCredit> credits,
      DataStream<StoreCreditTotals> creditTotals) {}

  /**
   * @param visits the customers' store visits, as the engagement job writes them, for crediting the
   *     store that influenced an online order
   */
  public static Outputs topology(
      DataStream<StockMovement> sales,
      DataStream<OrderEvent> orders,
      DataStream<StockMovement> stock,
      DataStream<Visit> visits,
      EngineConfig config) {
    InventorySettings settings = config.inventory();
    Sourcer sourcer = Sourcer.of(config);

    SingleOutputStreamOperator<StockMovement> orderMovements =
        orders
            .keyBy(OrderEvent::orderId, StringKeys.TYPE)
            .process(new OrderRouter(settings.reservationTtl()))
            .uid("inventory-order-router")
            .name("Route orders to the ledgers of their skus");

    // The router applies each order step once itself. Its movements bypass the dedupe so that an
    // order's reservation and its release travel one channel and reach the ledger in that order.
    SingleOutputStreamOperator<StockLevel> levels =
        DropRepeats.apply(
                sales.union(stock),
                StockMovement::movementId,
                MOVEMENT_ID_RETENTION,
                config.engine().stateBackend())
            .uid("inventory-drop-repeats")
            .name("Drop repeated movements")
            .union(orderMovements)
            .keyBy(StockMovement::sku, StringKeys.TYPE)
            .process(new StockLedger(sourcer, config.engine().maxOutOfOrderness()))
            .uid("inventory-stock-ledger")
            .name(LEDGER_NAME);

    DataStream<FulfilledLine> fulfilled = levels.getSideOutput(StockLedger.FULFILLED);
    StoreCredits.Outputs credits =
        StoreCredits.topology(
            fulfilled,
            visits,
            settings,
            config.stores().stream().map(StoreConfig::id).collect(Collectors.toSet()));

    return new Outputs(
        levels,
        levels.getSideOutput(StockLedger.DECISIONS),
        levels.getSideOutput(StockLedger.ALERTS),
        fulfilled,
        credits.credits(),
        credits.totals());
  }
}
