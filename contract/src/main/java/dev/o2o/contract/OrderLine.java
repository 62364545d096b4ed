package dev.o2o.contract;

import java.math.BigDecimal;

/** One sku of an online order. */
public record OrderLine(String sku, int quantity, BigDecimal unitPrice) {
  public OrderLine {
    Require.id(sku, "lines[].sku");
    Require.positive(quantity, "lines[].quantity", 10_000);
    Require.price(unitPrice, "lines[].unitPrice");
  }
}
