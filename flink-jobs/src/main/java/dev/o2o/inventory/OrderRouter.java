package dev.o2o.inventory;

import dev.o2o.contract.OrderLine;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns an order's lifecycle into stock movements, keyed by order id. A placed order reserves each
 * line where it will be fulfilled: the chosen store for click and collect, a named store for
 * ship-from-store, otherwise the online warehouse. Cancelling releases, and picking up or shipping
 * consumes, what the order holds there. The ledger decides whether a reservation is granted and
 * tracks what each order really holds, so this function only remembers where the order's lines are.
 * A closed order is remembered for {@link #CLOSED_RETENTION} so that a redelivered event cannot act
 * on it again.
 */
public final class OrderRouter extends KeyedProcessFunction<String, OrderEvent, StockMovement> {
  static final Duration CLOSED_RETENTION = Duration.ofDays(7);

  static final ValueStateDescriptor<RoutedOrder> ORDER =
      new ValueStateDescriptor<>("order", RoutedOrder.class);

  /** Where an order's lines are held, and whether the order is finished. */
  public record RoutedOrder(String locationId, List<OrderLine> lines, boolean closed) {}

  private final String warehouseId;
  private transient ValueState<RoutedOrder> order;

  public OrderRouter(String warehouseId) {
    this.warehouseId = warehouseId;
  }

  @Override
  public void open(OpenContext context) {
    order = getRuntimeContext().getState(ORDER);
  }

  @Override
  public void processElement(OrderEvent event, Context ctx, Collector<StockMovement> out)
      throws Exception {
    RoutedOrder routed = order.value();
    if (event.step() == OrderEvent.Step.PLACED) {
      if (routed == null) {
        place(event, out);
      }
      return;
    }
    if (routed == null || routed.closed()) {
      return;
    }
    StockMovement.Kind kind =
        event.step() == OrderEvent.Step.CANCELLED
            ? StockMovement.Kind.RELEASE
            : StockMovement.Kind.CONSUME;
    routed.lines().stream()
        .map(OrderLine::sku)
        .distinct()
        .forEach(
            sku ->
                out.collect(
                    new StockMovement(
                        event.eventId() + "#" + sku,
                        event.occurredAt(),
                        sku,
                        routed.locationId(),
                        kind,
                        0,
                        event.orderId())));
    order.update(new RoutedOrder(routed.locationId(), routed.lines(), true));
    ctx.timerService()
        .registerEventTimeTimer(event.occurredAt().plus(CLOSED_RETENTION).toEpochMilli());
  }

  private void place(OrderEvent placed, Collector<StockMovement> out) throws Exception {
    String locationId = placed.storeId() != null ? placed.storeId() : warehouseId;
    List<OrderLine> lines = placed.lines();
    for (int i = 0; i < lines.size(); i++) {
      OrderLine line = lines.get(i);
      out.collect(
          new StockMovement(
              placed.eventId() + "#" + i,
              placed.occurredAt(),
              line.sku(),
              locationId,
              StockMovement.Kind.RESERVE,
              line.quantity(),
              placed.orderId()));
    }
    order.update(new RoutedOrder(locationId, lines, false));
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<StockMovement> out) {
    order.clear();
  }
}
