package dev.o2o.engagement;

import java.io.Serializable;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Live stock as the offer selector sees it. An offer must never point a customer at something the
 * store cannot hand over, so candidates are checked against the inventory view right before one is
 * chosen.
 */
public interface StockLookup extends Serializable {
  /** The skus among {@code skus} that the store has available now. */
  Set<String> inStock(String storeId, Collection<String> skus);

  /**
   * The questions of several arrivals at once: for each store, the skus among its {@code skus} it
   * has available now. A remote lookup answers them in one round trip.
   */
  default Map<String, Set<String>> inStock(Map<String, ? extends Collection<String>> skusByStore) {
    Map<String, Set<String>> available = new HashMap<>();
    skusByStore.forEach((storeId, skus) -> available.put(storeId, inStock(storeId, skus)));
    return available;
  }

  /**
   * Whether {@link #inStock} waits for another process to answer. The offer selector then asks from
   * a thread of its own, so that its task goes on with other customers meanwhile.
   */
  default boolean isRemote() {
    return false;
  }
}
