package dev.o2o.contract;

import java.time.Instant;
import java.util.List;

/**
 * The online shop accepted an order. For click and collect, {@code storeId} is the store the
 * customer chose; for shipping it may name a preferred store, or be absent, and {@code shipTo} may
 * say where the parcel goes, so that the nearest location ships it. An order placed by a store
 * associate with the customer (an assisted order, such as an endless-aisle order on the shop floor)
 * names the associate and their store, which are credited with it.
 */
public record OrderPlaced(
    String eventId,
    Instant occurredAt,
    String orderId,
    String customerId,
    Fulfilment fulfilment,
    String storeId,
    String currency,
    List<OrderLine> lines,
    Coordinates shipTo,
    String associateId,
    String associateStoreId)
    implements Event {
  public OrderPlaced {
    Require.id(eventId, "eventId");
    Require.present(occurredAt, "occurredAt");
    Require.id(orderId, "orderId");
    Require.id(customerId, "customerId");
    Require.present(fulfilment, "fulfilment");
    if (fulfilment == Fulfilment.CLICK_AND_COLLECT) {
      Require.id(storeId, "storeId");
    } else {
      Require.optionalId(storeId, "storeId");
    }
    Require.currency(currency, "currency");
    Require.present(lines, "lines");
    if (lines.isEmpty() || lines.size() > 200) {
      throw new InvalidEventException("lines must hold 1 to 200 lines but held " + lines.size());
    }
    lines = List.copyOf(lines);
    Require.optionalId(associateId, "associateId");
    if (associateId != null) {
      Require.id(associateStoreId, "associateStoreId");
    } else if (associateStoreId != null) {
      throw new InvalidEventException("associateStoreId needs an associateId");
    }
  }
}
