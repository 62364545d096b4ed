package dev.o2o.inventory;

import dev.o2o.contract.ReservationDecision;
import dev.o2o.contract.StockLevel;
import java.time.Instant;
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
 * The stock ledger of one sku at one location (keyed {@code sku@location}). It applies each
 * movement it receives (repeats are dropped before it, see {@link InventoryJob}), emits the new
 * {@link StockLevel} after every change, and decides reservations: a reservation is granted only
 * from what is available, otherwise refused with the reason. Till sales are never refused, since
 * the goods have already left; on hand may go negative until the next count. What each order holds
 * is kept here, so a release or consumption takes back exactly what was granted.
 */
public final class StockLedger extends KeyedProcessFunction<String, StockMovement, StockLevel> {
  public static final OutputTag<ReservationDecision> DECISIONS =
      new OutputTag<>("reservation-decisions", TypeInformation.of(ReservationDecision.class));

  static final ValueStateDescriptor<StockLevel> LEVEL =
      new ValueStateDescriptor<>("level", StockLevel.class);

  static final MapStateDescriptor<String, Long> HELD_BY_ORDER =
      new MapStateDescriptor<>("held-by-order", String.class, Long.class);

  private transient ValueState<StockLevel> level;
  private transient MapState<String, Long> heldByOrder;

  @Override
  public void open(OpenContext context) {
    level = getRuntimeContext().getState(LEVEL);
    heldByOrder = getRuntimeContext().getMapState(HELD_BY_ORDER);
  }

  @Override
  public void processElement(StockMovement movement, Context ctx, Collector<StockLevel> out)
      throws Exception {
    StockLevel current = level.value();
    if (current == null) {
      current =
          new StockLevel(
              movement.sku(), movement.locationId(), 0, 0, 0, 0, 0, movement.occurredAt());
    }
    StockLevel next =
        switch (movement.kind()) {
          case SALE ->
              change(current, current.onHand() - movement.quantity(), current.reserved(), movement);
          case RETURN, RECEIPT ->
              change(current, current.onHand() + movement.quantity(), current.reserved(), movement);
          case COUNT -> change(current, movement.quantity(), current.reserved(), movement);
          case RESERVE -> reserve(current, movement, ctx);
          case RELEASE -> takeBack(current, movement, false);
          case CONSUME -> takeBack(current, movement, true);
        };
    if (next != null) {
      level.update(next);
      out.collect(next);
    }
  }

  private StockLevel reserve(StockLevel current, StockMovement movement, Context ctx)
      throws Exception {
    int requested = movement.quantity();
    if (requested > current.available()) {
      ctx.output(
          DECISIONS,
          decision(
              movement,
              false,
              "insufficient stock at "
                  + movement.locationId()
                  + ": available "
                  + current.available()
                  + ", requested "
                  + requested));
      return null;
    }
    Long held = heldByOrder.get(movement.orderId());
    heldByOrder.put(movement.orderId(), (held == null ? 0 : held) + requested);
    ctx.output(DECISIONS, decision(movement, true, null));
    return change(current, current.onHand(), current.reserved() + requested, movement);
  }

  private StockLevel takeBack(StockLevel current, StockMovement movement, boolean consumed)
      throws Exception {
    Long held = heldByOrder.get(movement.orderId());
    if (held == null) {
      return null;
    }
    heldByOrder.remove(movement.orderId());
    long onHand = consumed ? current.onHand() - held : current.onHand();
    return change(current, onHand, current.reserved() - held, movement);
  }

  private static StockLevel change(
      StockLevel current, long onHand, long reserved, StockMovement movement) {
    long available = Math.max(0, onHand - reserved - current.safetyStock());
    Instant updatedAt =
        movement.occurredAt().isAfter(current.updatedAt())
            ? movement.occurredAt()
            : current.updatedAt();
    return new StockLevel(
        current.sku(),
        current.locationId(),
        onHand,
        reserved,
        current.safetyStock(),
        available,
        current.version() + 1,
        updatedAt);
  }

  private static ReservationDecision decision(
      StockMovement movement, boolean accepted, String reason) {
    return new ReservationDecision(
        movement.movementId(),
        movement.occurredAt(),
        movement.orderId(),
        movement.sku(),
        movement.locationId(),
        movement.quantity(),
        accepted,
        reason);
  }
}
