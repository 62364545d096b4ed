package dev.o2o.engagement;

import dev.o2o.config.GeodeSettings;
import dev.o2o.contract.Json;
import dev.o2o.contract.StockLevel;
import dev.o2o.store.GeodeClient;
import dev.o2o.store.Regions;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.geode.cache.Region;

/**
 * Reads availability from the inventory region the inventory job keeps current, in one round trip
 * per offer decision. The round trip makes it {@link #isRemote() remote}.
 */
public final class GeodeStockLookup implements StockLookup {
  private static final long serialVersionUID = 1L;

  private final GeodeSettings geode;

  public GeodeStockLookup(GeodeSettings geode) {
    this.geode = geode;
  }

  @Override
  public Set<String> inStock(String storeId, Collection<String> skus) {
    Region<String, String> inventory =
        GeodeClient.region(
            GeodeClient.connect(geode.locatorHost(), geode.locatorPort()), Regions.INVENTORY);
    Set<String> keys =
        skus.stream().map(sku -> StockLevel.key(sku, storeId)).collect(Collectors.toSet());
    Set<String> available = new HashSet<>();
    for (Map.Entry<String, String> entry : inventory.getAll(keys).entrySet()) {
      if (entry.getValue() != null) {
        StockLevel level = Json.decode(entry.getValue(), StockLevel.class);
        if (level.available() > 0) {
          available.add(level.sku());
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
