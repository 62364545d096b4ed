package dev.o2o.engagement;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Availability the tests set by hand, in place of the inventory region. */
final class StockInMemory implements StockLookup {
  private final Map<String, Set<String>> skusByStore = new HashMap<>();

  StockInMemory with(String storeId, String... skus) {
    skusByStore.computeIfAbsent(storeId, s -> new HashSet<>()).addAll(Set.of(skus));
    return this;
  }

  @Override
  public Set<String> inStock(String storeId, Collection<String> skus) {
    Set<String> available = skusByStore.getOrDefault(storeId, Set.of());
    return skus.stream().filter(available::contains).collect(Collectors.toSet());
  }
}
