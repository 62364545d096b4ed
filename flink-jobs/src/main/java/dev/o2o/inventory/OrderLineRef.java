package dev.o2o.inventory;

import dev.o2o.contract.Coordinates;
import dev.o2o.contract.Fulfilment;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * What the ledger needs to know of an online order to source, hold and credit its units of one sku:
 * how the order is fulfilled and where (the chosen or preferred store, the ship-to point), who
 * placed it, the sku's unit price in the order, and the stores that refused the order (rejected it,
 * or could not pick it), which are never chosen for it again. An order's lines of the same sku are
 * held together.
 */
public record OrderLineRef(
    String orderId,
    String customerId,
    Instant placedAt,
    Fulfilment fulfilment,
    String storeId,
    Coordinates shipTo,
    String associateId,
    String associateStoreId,
    BigDecimal unitPrice,
    String currency,
    List<String> excluded) {

  OrderLineRef pricedAt(BigDecimal price) {
    return new OrderLineRef(
        orderId,
        customerId,
        placedAt,
        fulfilment,
        storeId,
        shipTo,
        associateId,
        associateStoreId,
        price,
        currency,
        excluded);
  }

  OrderLineRef excluding(List<String> stores) {
    return new OrderLineRef(
        orderId,
        customerId,
        placedAt,
        fulfilment,
        storeId,
        shipTo,
        associateId,
        associateStoreId,
        unitPrice,
        currency,
        List.copyOf(stores));
  }
}
