package dev.o2o.inventory;

import dev.o2o.contract.Event;
import dev.o2o.contract.Fulfilment;
import dev.o2o.contract.OrderCancelled;
import dev.o2o.contract.OrderLine;
import dev.o2o.contract.OrderPickedUp;
import dev.o2o.contract.OrderPlaced;
import dev.o2o.contract.OrderShipped;
import java.time.Instant;
import java.util.List;

/**
 * An online order's lifecycle step, as one concrete record so Flink serializes it without a
 * fallback. Only a placed order carries its fulfilment, store and lines.
 */
public record OrderEvent(
    String eventId,
    Instant occurredAt,
    String orderId,
    Step step,
    Fulfilment fulfilment,
    String storeId,
    List<OrderLine> lines) {

  /** Where the order is in its life. */
  public enum Step {
    PLACED,
    CANCELLED,
    PICKED_UP,
    SHIPPED
  }

  public static OrderEvent of(Event event) {
    if (event instanceof OrderPlaced placed) {
      return new OrderEvent(
          placed.eventId(),
          placed.occurredAt(),
          placed.orderId(),
          Step.PLACED,
          placed.fulfilment(),
          placed.storeId(),
          placed.lines());
    } else if (event instanceof OrderCancelled cancelled) {
      return closing(
          cancelled.eventId(), cancelled.occurredAt(), cancelled.orderId(), Step.CANCELLED);
    } else if (event instanceof OrderPickedUp pickedUp) {
      return closing(pickedUp.eventId(), pickedUp.occurredAt(), pickedUp.orderId(), Step.PICKED_UP);
    } else if (event instanceof OrderShipped shipped) {
      return closing(shipped.eventId(), shipped.occurredAt(), shipped.orderId(), Step.SHIPPED);
    }
    throw new IllegalArgumentException("not an order event: " + event.type());
  }

  private static OrderEvent closing(String eventId, Instant occurredAt, String orderId, Step step) {
    return new OrderEvent(eventId, occurredAt, orderId, step, null, null, List.of());
  }
}
