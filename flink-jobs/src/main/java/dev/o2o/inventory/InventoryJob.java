package dev.o2o.inventory;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.ReservationDecision;
import dev.o2o.contract.StockLevel;
import dev.o2o.jobs.DropRepeats;
import java.time.Duration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Unified inventory: one ledger per sku and location, fed by store tills, deliveries, transfers,
 * counts, safety stock and online orders, so that stores and the online shop promise from the same
 * numbers. On hand follows event time; reservations are decided in arrival order (see {@link
 * StockLedger}).
 */
public final class InventoryJob {
  /** How long a movement id is remembered, so that a redelivered event is applied once. */
  static final Duration MOVEMENT_ID_RETENTION = Duration.ofDays(7);

  private InventoryJob() {}

  /**
   * The job's outputs: every new stock level, and every reservation granted or refused, including
   * the lines a store rejected.
   */
  public record Outputs(
      DataStream<StockLevel> stockLevels, DataStream<ReservationDecision> reservations) {}

  public static Outputs topology(
      DataStream<StockMovement> sales,
      DataStream<OrderEvent> orders,
      DataStream<StockMovement> stock,
      EngineConfig config) {
    SingleOutputStreamOperator<StockMovement> orderMovements =
        orders
            .keyBy(OrderEvent::orderId)
            .process(new OrderRouter(config.warehouse().id(), config.inventory().reservationTtl()))
            .uid("inventory-order-router")
            .name("Route orders to stock locations");

    // The router applies each order step once itself. Its movements bypass the dedupe so that an
    // order's reservation and its release travel one channel and reach the ledger in that order.
    SingleOutputStreamOperator<StockLevel> levels =
        sales
            .union(stock)
            .keyBy(StockMovement::movementId)
            .process(new DropRepeats<>(StockMovement.class, MOVEMENT_ID_RETENTION))
            .uid("inventory-drop-repeats")
            .name("Drop repeated movements")
            .union(orderMovements)
            .keyBy(StockMovement::ledgerKey)
            .process(new StockLedger(config.engine().maxOutOfOrderness()))
            .uid("inventory-stock-ledger")
            .name("Stock ledger per sku and location");

    return new Outputs(
        levels,
        levels
            .getSideOutput(StockLedger.DECISIONS)
            .union(orderMovements.getSideOutput(OrderRouter.REJECTIONS)));
  }
}
