package dev.o2o.engagement;

import java.io.Serializable;
import java.util.Collection;
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
   * Whether {@link #inStock} waits for another process to answer. The offer selector then asks from
   * threads of its own, so that its task goes on with other customers meanwhile.
   */
  default boolean isRemote() {
    return false;
  }
}
