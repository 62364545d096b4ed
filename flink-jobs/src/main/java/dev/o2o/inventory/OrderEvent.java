package dev.o2o.inventory;

import dev.o2o.contract.Coordinates;
import dev.o2o.contract.Event;
import dev.o2o.contract.Fulfilment;
import dev.o2o.contract.OrderCancelled;
import dev.o2o.contract.OrderLine;
import dev.o2o.contract.OrderPickedUp;
import dev.o2o.contract.OrderPlaced;
import dev.o2o.contract.OrderRejected;
import dev.o2o.contract.OrderShipped;
import dev.o2o.contract.OrderShortPicked;
import java.time.Instant;
import java.util.List;

/**
 * An online order's lifecycle step, as one concrete record so Flink serializes it without a
 * fallback. A placed order carries its customer, fulfilment, store, ship-to point, associate,
 * currency and lines; a rejection its store and reason; a short pick its store, the sku and the
 * missing units.
 */
public record OrderEvent(
    String eventId,
    Instant occurredAt,
    String orderId,
    Step step,
    String customerId,
    Fulfilment fulfilment,
    String storeId,
    Coordinates shipTo,
    String associateId,
    String associateStoreId,
    String currency,
    List<OrderLine> lines,
    String sku,
    int quantity,
    String reason) {

  /** Where the order is in its life. */
  public enum Step {
    PLACED,
    CANCELLED,
    PICKED_UP,
    SHIPPED,
    REJECTED,
    SHORT_PICKED
  }

  public static OrderEvent of(Event event) {
    if (event instanceof OrderPlaced placed) {
      return new OrderEvent(
          placed.eventId(),
          placed.occurredAt(),
          placed.orderId(),
          Step.PLACED,
          placed.customerId(),
          placed.fulfilment(),
          placed.storeId(),
          placed.shipTo(),
          placed.associateId(),
          placed.associateStoreId(),
          placed.currency(),
          placed.lines(),
          null,
          0,
          null);
    } else if (event instanceof OrderCancelled cancelled) {
      return step(cancelled, cancelled.orderId(), Step.CANCELLED, null);
    } else if (event instanceof OrderPickedUp pickedUp) {
      return step(pickedUp, pickedUp.orderId(), Step.PICKED_UP, pickedUp.storeId());
    } else if (event instanceof OrderShipped shipped) {
      return step(shipped, shipped.orderId(), Step.SHIPPED, null);
    } else if (event instanceof OrderRejected rejected) {
      return new OrderEvent(
          rejected.eventId(),
          rejected.occurredAt(),
          rejected.orderId(),
          Step.REJECTED,
          null,
          null,
          rejected.storeId(),
          null,
          null,
          null,
          null,
          List.of(),
          null,
          0,
          rejected.reason());
    } else if (event instanceof OrderShortPicked shortPicked) {
      return new OrderEvent(
          shortPicked.eventId(),
          shortPicked.occurredAt(),
          shortPicked.orderId(),
          Step.SHORT_PICKED,
          null,
          null,
          shortPicked.storeId(),
          null,
          null,
          null,
          null,
          List.of(),
          shortPicked.sku(),
          shortPicked.missingQuantity(),
          null);
    }
    throw new IllegalArgumentException("not an order event: " + event.type());
  }

  private static OrderEvent step(Event event, String orderId, Step step, String storeId) {
    return new OrderEvent(
        event.eventId(),
        event.occurredAt(),
        orderId,
        step,
        null,
        null,
        storeId,
        null,
        null,
        null,
        null,
        List.of(),
        null,
        0,
        null);
  }
}
