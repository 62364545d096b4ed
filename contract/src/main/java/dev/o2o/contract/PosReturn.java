package dev.o2o.contract;

import java.math.BigDecimal;
import java.time.Instant;

/** One line of a return at a till; the goods go back on the store's shelf. */
public record PosReturn(
    String eventId,
    Instant occurredAt,
    String storeId,
    String receiptId,
    String sku,
    int quantity,
    BigDecimal unitPrice,
    String currency,
    String customerId)
    implements Event {
  public PosReturn {
    Require.id(eventId, "eventId");
    Require.present(occurredAt, "occurredAt");
    Require.id(storeId, "storeId");
    Require.id(receiptId, "receiptId");
    Require.id(sku, "sku");
    Require.positive(quantity, "quantity", 10_000);
    Require.price(unitPrice, "unitPrice");
    Require.currency(currency, "currency");
    Require.optionalId(customerId, "customerId");
  }
}
