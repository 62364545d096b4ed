package dev.o2o.config;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The skus the brand sells, in one currency, with the pairs that sell well together (a shirt bought
 * online suggests the matching blazer in store).
 */
public record Catalogue(
    String currency, List<CatalogueItem> items, Map<String, List<String>> crossSell)
    implements Serializable {
  public Catalogue {
    items = List.copyOf(items);
    crossSell = Map.copyOf(crossSell);
  }

  public Optional<CatalogueItem> item(String sku) {
    return items.stream().filter(i -> i.sku().equals(sku)).findFirst();
  }

  /** Items by sku, in catalogue order. */
  public Map<String, CatalogueItem> bySku() {
    Map<String, CatalogueItem> map = new LinkedHashMap<>();
    items.forEach(i -> map.put(i.sku(), i));
    return map;
  }

  public List<String> crossSellOf(String sku) {
    return crossSell.getOrDefault(sku, List.of());
  }
}
