package dev.o2o.store.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.o2o.config.EngineConfig;
import dev.o2o.config.StoreConfig;
import dev.o2o.contract.Json;
import dev.o2o.contract.StoreCreditTotals;
import dev.o2o.store.GeodeClient;
import dev.o2o.store.Regions;
import org.apache.geode.cache.client.ClientCache;

/**
 * Answers {@code /api/stores/{storeId}/credits}: the online sales credited to one store, for its
 * store manager. The stored {@link StoreCreditTotals} is returned as written, after the store's
 * name; a configured store without credits yet gets every role at zero in the catalogue currency,
 * and a store the configuration does not know is not found.
 */
final class StoreCreditView {
  private static final ObjectMapper JSON = Json.mapper();

  private final EngineConfig config;
  private final ClientCache cache;

  StoreCreditView(EngineConfig config, ClientCache cache) {
    this.config = config;
    this.cache = cache;
  }

  ObjectNode credits(String storeId) {
    StoreConfig store =
        config
            .store(storeId)
            .orElseThrow(() -> ApiException.notFound("store '" + storeId + "' is not configured"));
    String stored = GeodeClient.region(cache, Regions.STORE_CREDITS).get(storeId);
    JsonNode totals =
        stored != null
            ? LatestView.parse(stored)
            : JSON.valueToTree(StoreCreditTotals.none(storeId, config.catalogue().currency()));
    if (!totals.isObject()) {
      throw new IllegalStateException("stored credits of store '" + storeId + "' are not JSON");
    }
    ObjectNode result = JSON.createObjectNode();
    result.put("storeId", store.id());
    result.put("name", store.name());
    result.setAll((ObjectNode) totals);
    return result;
  }
}
