package dev.o2o.inventory;

import dev.o2o.contract.OrderLine;
import dev.o2o.jobs.Utf8StringSerializer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.BooleanSerializer;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns an order's lifecycle into stock movements, one per sku of the order, keyed by order id. A
 * placed order asks the ledger of each of its skus to source and hold the units; cancelling
 * releases, and picking up or shipping consumes, whatever the order holds. A store may reject the
 * order, or report a short pick: the store is then excluded from the order for good, and the
 * ledgers source again what it held. An order still open {@code reservationTtl} after it was
 * placed, in event time, is released by a timer. The ledgers know where the units are held, so this
 * function only remembers the order. Each step acts once: a closed order is remembered for {@link
 * #CLOSED_RETENTION} so that a redelivered event cannot act on it again, and short picks by their
 * event ids.
 */
public final class OrderRouter extends KeyedProcessFunction<String, OrderEvent, StockMovement> {
  static final Duration CLOSED_RETENTION = Duration.ofDays(7);

  static final ValueStateDescriptor<RoutedOrder> ORDER =
      new ValueStateDescriptor<>("order", RoutedOrder.class);

  static final MapStateDescriptor<String, Boolean> SHORT_PICKS =
      new MapStateDescriptor<>(
          "short-picks", Utf8StringSerializer.INSTANCE, BooleanSerializer.INSTANCE);

  /** The units and unit price of one sku of an order, its lines of that sku taken together. */
  public record SkuQuantity(String sku, int quantity, BigDecimal unitPrice) {}

  /**
   * An order as routed: its details, the units per sku, when its holds expire, and whether it is
   * finished. {@code placedEventId} names the expiry's movements.
   */
  public record RoutedOrder(
      String placedEventId,
      OrderLineRef order,
      List<SkuQuantity> skus,
      Instant expiresAt,
      boolean closed) {
    RoutedOrder close() {
      return new RoutedOrder(placedEventId, order, skus, expiresAt, true);
    }

    /** The order with the store excluded from it, if it was not already. */
    RoutedOrder excluding(String storeId) {
      if (order.excluded().contains(storeId)) {
        return this;
      }
      List<String> excluded = new ArrayList<>(order.excluded());
      excluded.add(storeId);
      return new RoutedOrder(placedEventId, order.excluding(excluded), skus, expiresAt, closed);
    }
  }

  private final Duration reservationTtl;
  private transient ValueState<RoutedOrder> order;
  private transient MapState<String, Boolean> shortPicks;

  public OrderRouter(Duration reservationTtl) {
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
        everySku(routed, event.eventId(), event.occurredAt(), StockMovement.Kind.RELEASE, out);
        close(routed, event.occurredAt(), ctx);
      }
      case PICKED_UP, SHIPPED -> {
        everySku(routed, event.eventId(), event.occurredAt(), StockMovement.Kind.CONSUME, out);
        close(routed, event.occurredAt(), ctx);
      }
      case REJECTED -> {
        // Forwarded even from a store already excluded: the ledgers act only where it holds units.
        RoutedOrder without = routed.excluding(event.storeId());
        order.update(without);
        for (SkuQuantity sku : without.skus()) {
          out.collect(
              new StockMovement(
                  event.eventId() + "#" + sku.sku(),
                  event.occurredAt(),
                  sku.sku(),
                  event.storeId(),
                  StockMovement.Kind.REJECT,
                  0,
                  lineOf(without, sku),
                  event.reason()));
        }
      }
      case SHORT_PICKED -> {
        SkuQuantity sku =
            routed.skus().stream()
                .filter(s -> s.sku().equals(event.sku()))
                .findFirst()
                .orElse(null);
        if (sku != null && !shortPicks.contains(event.eventId())) {
          shortPicks.put(event.eventId(), true);
          RoutedOrder without = routed.excluding(event.storeId());
          order.update(without);
          out.collect(
              new StockMovement(
                  event.eventId() + "#" + sku.sku(),
                  event.occurredAt(),
                  sku.sku(),
                  event.storeId(),
                  StockMovement.Kind.SHORT_PICK,
                  event.quantity(),
                  lineOf(without, sku),
                  "short-picked"));
        }
      }
      default -> throw new IllegalStateException("unexpected step " + event.step());
    }
  }

  private void place(OrderEvent placed, Context ctx, Collector<StockMovement> out)
      throws Exception {
    OrderLineRef details =
        new OrderLineRef(
            placed.orderId(),
            placed.customerId(),
            placed.occurredAt(),
            placed.fulfilment(),
            placed.storeId(),
            placed.shipTo(),
            placed.associateId(),
            placed.associateStoreId(),
            null,
            placed.currency(),
            List.of());
    Instant expiresAt = placed.occurredAt().plus(reservationTtl);
    RoutedOrder routed =
        new RoutedOrder(placed.eventId(), details, bySku(placed.lines()), expiresAt, false);
    for (SkuQuantity sku : routed.skus()) {
      out.collect(
          new StockMovement(
              placed.eventId() + "#" + sku.sku(),
              placed.occurredAt(),
              sku.sku(),
              null,
              StockMovement.Kind.RESERVE,
              sku.quantity(),
              lineOf(routed, sku),
              null));
    }
    order.update(routed);
    ctx.timerService().registerEventTimeTimer(expiresAt.toEpochMilli());
  }

  /**
   * The order's lines taken together per sku, in the order the skus first appear; several lines of
   * one sku at different prices share their average price.
   */
  static List<SkuQuantity> bySku(List<OrderLine> lines) {
    Map<String, int[]> quantities = new LinkedHashMap<>();
    Map<String, BigDecimal> amounts = new LinkedHashMap<>();
    for (OrderLine line : lines) {
      quantities.computeIfAbsent(line.sku(), s -> new int[1])[0] += line.quantity();
      amounts.merge(
          line.sku(),
          line.unitPrice().multiply(BigDecimal.valueOf(line.quantity())),
          BigDecimal::add);
    }
    List<SkuQuantity> skus = new ArrayList<>();
    quantities.forEach(
        (sku, quantity) -> {
          BigDecimal amount = amounts.get(sku);
          BigDecimal unitPrice =
              amount.divide(BigDecimal.valueOf(quantity[0]), RoundingMode.HALF_EVEN);
          BigDecimal exact = unitPrice.multiply(BigDecimal.valueOf(quantity[0]));
          if (exact.compareTo(amount) != 0) {
            unitPrice = amount.divide(BigDecimal.valueOf(quantity[0]), 6, RoundingMode.HALF_EVEN);
          }
          skus.add(new SkuQuantity(sku, quantity[0], unitPrice));
        });
    return skus;
  }

  private static OrderLineRef lineOf(RoutedOrder routed, SkuQuantity sku) {
    return routed.order().pricedAt(sku.unitPrice());
  }

  /** One release or consumption per sku: the ledger takes back all the order holds of it. */
  private static void everySku(
      RoutedOrder routed,
      String movementPrefix,
      Instant at,
      StockMovement.Kind kind,
      Collector<StockMovement> out) {
    for (SkuQuantity sku : routed.skus()) {
      out.collect(
          new StockMovement(
              movementPrefix + "#" + sku.sku(),
              at,
              sku.sku(),
              null,
              kind,
              0,
              lineOf(routed, sku),
              null));
    }
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
    everySku(
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
