package dev.o2o.inventory;

import dev.o2o.contract.OrderLine;
import dev.o2o.contract.ReservationDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Turns an order's lifecycle into stock movements, keyed by order id. A placed order reserves each
 * line where it will be fulfilled: the chosen store for click and collect, a named store for
 * ship-from-store, otherwise the online warehouse. Cancelling releases, and picking up or shipping
 * consumes, what the order holds there. The store the order was sent to may reject it, which
 * releases the holds and reports each line as refused on {@link #REJECTIONS}, so that it can be
 * sourced elsewhere; or report a short pick, which takes the missing units off its stock and the
 * order's hold. An order still open {@code reservationTtl} after it was placed, in event time, is
 * released by a timer. The ledger decides whether a reservation is granted and tracks what each
 * order really holds, so this function only remembers where the order's lines are. Each step acts
 * once: a closed order is remembered for {@link #CLOSED_RETENTION} so that a redelivered event
 * cannot act on it again, and short picks by their event ids.
 */
public final class OrderRouter extends KeyedProcessFunction<String, OrderEvent, StockMovement> {
  static final Duration CLOSED_RETENTION = Duration.ofDays(7);

  public static final OutputTag<ReservationDecision> REJECTIONS =
      new OutputTag<>("order-rejections", TypeInformation.of(ReservationDecision.class));

  static final ValueStateDescriptor<RoutedOrder> ORDER =
      new ValueStateDescriptor<>("order", RoutedOrder.class);

  static final MapStateDescriptor<String, Boolean> SHORT_PICKS =
      new MapStateDescriptor<>("short-picks", String.class, Boolean.class);

  /**
   * Where an order's lines are held, when its holds expire, and whether the order is finished.
   * {@code placedEventId} names the expiry's movements.
   */
  public record RoutedOrder(
      String placedEventId,
      String locationId,
      List<OrderLine> lines,
      Instant expiresAt,
      boolean closed) {
    RoutedOrder close() {
      return new RoutedOrder(placedEventId, locationId, lines, expiresAt, true);
    }
  }

  private final String warehouseId;
  private final Duration reservationTtl;
  private transient ValueState<RoutedOrder> order;
  private transient MapState<String, Boolean> shortPicks;

  public OrderRouter(String warehouseId, Duration reservationTtl) {
    this.warehouseId = warehouseId;
    this.reservationTtl = reservationTtl;
  }

  @Override
  public void open(OpenContext context) {
    order = getRuntimeContext().getState(ORDER);
    shortPicks = getRuntimeContext().getMapState(SHORT_PICKS);
  }

  @Override
  public void processElement(OrderEvent event, Context ctx, Collector<StockMovement> out)
      throws Exception {
    RoutedOrder routed = order.value();
    if (event.step() == OrderEvent.Step.PLACED) {
      if (routed == null) {
        place(event, ctx, out);
      }
      return;
    }
    if (routed == null || routed.closed()) {
      return;
    }
    switch (event.step()) {
      case CANCELLED -> {
        takeBack(
            event.orderId(),
            routed,
            event.eventId(),
            event.occurredAt(),
            StockMovement.Kind.RELEASE,
            out);
        close(routed, event.occurredAt(), ctx);
      }
      case PICKED_UP, SHIPPED -> {
        takeBack(
            event.orderId(),
            routed,
            event.eventId(),
            event.occurredAt(),
            StockMovement.Kind.CONSUME,
            out);
        close(routed, event.occurredAt(), ctx);
      }
      case REJECTED -> {
        if (routed.locationId().equals(event.storeId())) {
          reject(routed, event, ctx, out);
        }
      }
      case SHORT_PICKED -> {
        if (routed.locationId().equals(event.storeId())
            && routed.lines().stream().anyMatch(line -> line.sku().equals(event.sku()))
            && !shortPicks.contains(event.eventId())) {
          shortPicks.put(event.eventId(), true);
          out.collect(
              new StockMovement(
                  event.eventId() + "#" + event.sku(),
                  event.occurredAt(),
                  event.sku(),
                  routed.locationId(),
                  StockMovement.Kind.SHORT_PICK,
                  event.quantity(),
                  event.orderId()));
        }
      }
      default -> throw new IllegalStateException("unexpected step " + event.step());
    }
  }

  private void place(OrderEvent placed, Context ctx, Collector<StockMovement> out)
      throws Exception {
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
    Instant expiresAt = placed.occurredAt().plus(reservationTtl);
    order.update(new RoutedOrder(placed.eventId(), locationId, lines, expiresAt, false));
    ctx.timerService().registerEventTimeTimer(expiresAt.toEpochMilli());
  }

  private void reject(
      RoutedOrder routed, OrderEvent event, Context ctx, Collector<StockMovement> out)
      throws Exception {
    takeBack(
        event.orderId(),
        routed,
        event.eventId(),
        event.occurredAt(),
        StockMovement.Kind.RELEASE,
        out);
    for (OrderLine line : routed.lines()) {
      ctx.output(
          REJECTIONS,
          new ReservationDecision(
              event.eventId() + "#" + line.sku(),
              event.occurredAt(),
              event.orderId(),
              line.sku(),
              routed.locationId(),
              line.quantity(),
              false,
              null,
              null,
              null,
              "rejected by store " + event.storeId() + ": " + event.reason()));
    }
    close(routed, event.occurredAt(), ctx);
  }

  /** One release or consumption per sku: the ledger takes back all the order holds there. */
  private static void takeBack(
      String orderId,
      RoutedOrder routed,
      String movementPrefix,
      Instant at,
      StockMovement.Kind kind,
      Collector<StockMovement> out) {
    routed.lines().stream()
        .map(OrderLine::sku)
        .distinct()
        .forEach(
            sku ->
                out.collect(
                    new StockMovement(
                        movementPrefix + "#" + sku,
                        at,
                        sku,
                        routed.locationId(),
                        kind,
                        0,
                        orderId)));
  }

  private void close(RoutedOrder routed, Instant at, Context ctx) throws Exception {
    order.update(routed.close());
    ctx.timerService().deleteEventTimeTimer(routed.expiresAt().toEpochMilli());
    ctx.timerService().registerEventTimeTimer(at.plus(CLOSED_RETENTION).toEpochMilli());
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<StockMovement> out)
      throws Exception {
    RoutedOrder routed = order.value();
    if (routed == null) {
      return;
    }
    if (routed.closed()) {
      order.clear();
      shortPicks.clear();
      return;
    }
    takeBack(
        ctx.getCurrentKey(),
        routed,
        routed.placedEventId() + "#expired",
        routed.expiresAt(),
        StockMovement.Kind.RELEASE,
        out);
    order.update(routed.close());
    ctx.timerService()
        .registerEventTimeTimer(routed.expiresAt().plus(CLOSED_RETENTION).toEpochMilli());
  }
}
