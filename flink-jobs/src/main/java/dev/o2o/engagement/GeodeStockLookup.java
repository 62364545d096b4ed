package dev.o2o.engagement;

import dev.o2o.config.GeodeSettings;
import dev.o2o.contract.Json;
import dev.o2o.contract.StockLevel;
import dev.o2o.store.GeodeClient;
import dev.o2o.store.Regions;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.geode.cache.Region;

/**
 * Reads availability from the inventory region the inventory job keeps current, in one round trip
 * per question, or per batch of questions. The round trip makes it {@link #isRemote() remote}.
 */
public final class GeodeStockLookup implements StockLookup {
  private static final long serialVersionUID = 1L;

  private final GeodeSettings geode;

  public GeodeStockLookup(GeodeSettings geode) {
    this.geode = geode;
  }

  @Override
  public Set<String> inStock(String storeId, Collection<String> skus) {
    return inStock(Map.of(storeId, skus)).getOrDefault(storeId, Set.of());
  }

  @Override
  public Map<String, Set<String>> inStock(Map<String, ? extends Collection<String>> skusByStore) {
    Region<String, String> inventory =
        GeodeClient.region(
            GeodeClient.connect(geode.locatorHost(), geode.locatorPort()), Regions.INVENTORY);
    Set<String> keys = new HashSet<>();
    skusByStore.forEach(
        (storeId, skus) -> skus.forEach(sku -> keys.add(StockLevel.key(sku, storeId))));
    Map<String, Set<String>> available = new HashMap<>();
    for (String value : inventory.getAll(keys).values()) {
      if (value != null) {
        StockLevel level = Json.decode(value, StockLevel.class);
        if (level.available() > 0) {
          available.computeIfAbsent(level.locationId(), store -> new HashSet<>()).add(level.sku());
        }
      }
    }
    return available;
  }

  @Override
  public boolean isRemote() {
    return true;
  }
}
