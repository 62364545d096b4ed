package dev.o2o.jobs;

import dev.o2o.config.Beacon;
import dev.o2o.config.CatalogueItem;
import dev.o2o.config.EngineConfig;
import dev.o2o.config.StoreConfig;
import dev.o2o.contract.InvalidEventException;
import java.io.Serializable;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The stores, beacons, warehouse, skus and categories the configuration defines, small enough to
 * travel with a job's functions. Events are valid on their own when they arrive; checked against
 * these, an event about something nobody configured becomes a dead letter with the reason instead
 * of opening state nobody reads.
 */
public record KnownIds(
    Map<String, Set<String>> beaconsByStore,
    String warehouseId,
    Set<String> skus,
    Set<String> categories)
    implements Serializable {

  public KnownIds {
    beaconsByStore = Map.copyOf(beaconsByStore);
    skus = Set.copyOf(skus);
    categories = Set.copyOf(categories);
  }

  public static KnownIds of(EngineConfig config) {
    return new KnownIds(
        config.stores().stream()
            .collect(
                Collectors.toMap(
                    StoreConfig::id,
                    store -> store.beacons().stream().map(Beacon::id).collect(Collectors.toSet()))),
        config.warehouse().id(),
        config.catalogue().items().stream().map(CatalogueItem::sku).collect(Collectors.toSet()),
        config.catalogue().items().stream()
            .map(CatalogueItem::category)
            .collect(Collectors.toSet()));
  }

  public void requireStore(String storeId) {
    if (!beaconsByStore.containsKey(storeId)) {
      throw new InvalidEventException("storeId '" + storeId + "' is not a configured store");
    }
  }

  /** A stock location: a store or the online warehouse. */
  public void requireLocation(String locationId) {
    if (!warehouseId.equals(locationId) && !beaconsByStore.containsKey(locationId)) {
      throw new InvalidEventException(
          "locationId '" + locationId + "' is neither a configured store nor the warehouse");
    }
  }

  public void requireBeacon(String storeId, String beaconId) {
    requireStore(storeId);
    if (!beaconsByStore.get(storeId).contains(beaconId)) {
      throw new InvalidEventException(
          "beaconId '" + beaconId + "' is not a beacon of store " + storeId);
    }
  }

  public void requireSku(String sku) {
    if (!skus.contains(sku)) {
      throw new InvalidEventException("sku '" + sku + "' is not in the catalogue");
    }
  }

  public void requireCategory(String category) {
    if (!categories.contains(category)) {
      throw new InvalidEventException("category '" + category + "' is not in the catalogue");
    }
  }
}
