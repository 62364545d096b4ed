package dev.o2o.config;

import java.io.Serializable;
import java.math.BigDecimal;

/** A sellable sku with its category and its store shelf price. */
public record CatalogueItem(String sku, String name, String category, BigDecimal price)
    implements Serializable {}
