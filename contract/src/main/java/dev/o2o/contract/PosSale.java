package dev.o2o.contract;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One line of a till receipt. The customer is known when they showed their membership; the offer
 * code is set when the customer redeemed an arrival offer with this line.
 */
public record PosSale(
    String eventId,
    Instant occurredAt,
    String storeId,
    String receiptId,
    String sku,
    int quantity,
    BigDecimal unitPrice,
    String currency,
    String customerId,
    String offerCode)
    implements Event {
  public PosSale {
    Require.id(eventId, "eventId");
    Require.present(occurredAt, "occurredAt");
    Require.id(storeId, "storeId");
    Require.id(receiptId, "receiptId");
    Require.id(sku, "sku");
    Require.positive(quantity, "quantity", 10_000);
    Require.price(unitPrice, "unitPrice");
    Require.currency(currency, "currency");
    Require.optionalId(customerId, "customerId");
    Require.optionalId(offerCode, "offerCode");
  }
}
