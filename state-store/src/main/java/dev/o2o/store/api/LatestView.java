package dev.o2o.store.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.o2o.config.CatalogueItem;
import dev.o2o.config.EngineConfig;
import dev.o2o.config.GeoPoint;
import dev.o2o.config.StockLocation;
import dev.o2o.config.StoreConfig;
import dev.o2o.contract.Campaign;
import dev.o2o.contract.FootfallMinute;
import dev.o2o.contract.Json;
import dev.o2o.contract.StockLevel;
import dev.o2o.store.GeodeClient;
import dev.o2o.store.Regions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.geode.cache.Region;
import org.apache.geode.cache.client.ClientCache;

/**
 * The read side of the HTTP API: each method answers one endpoint from the Geode regions with at
 * most one batch read per region, and returns the stored contract JSON unchanged inside a small
 * envelope. Ids the configuration does not know are {@link ApiException#notFound not found}.
 */
final class LatestView {
  private static final ObjectMapper JSON = Json.mapper();

  private final EngineConfig config;
  private final ClientCache cache;
  private final Clock clock;

  LatestView(EngineConfig config, ClientCache cache, Clock clock) {
    this.config = config;
    this.cache = cache;
    this.clock = clock;
  }

  /** Stock of one sku at every store and the warehouse, with totals. */
  ObjectNode availability(String sku) {
    CatalogueItem item = item(sku);
    List<String> locations = new ArrayList<>();
    config.stores().forEach(store -> locations.add(store.id()));
    locations.add(config.warehouse().id());
    List<String> keys = locations.stream().map(location -> StockLevel.key(sku, location)).toList();
    Map<String, String> stored = region(Regions.INVENTORY).getAll(keys);

    ArrayNode levels = JSON.createArrayNode();
    long onHand = 0;
    long reserved = 0;
    long available = 0;
    long availableInStores = 0;
    for (String location : locations) {
      JsonNode level = stockOrZero(stored.get(StockLevel.key(sku, location)), sku, location);
      levels.add(level);
      onHand += level.path("onHand").asLong();
      reserved += level.path("reserved").asLong();
      available += level.path("available").asLong();
      if (!location.equals(config.warehouse().id())) {
        availableInStores += level.path("available").asLong();
      }
    }
    ObjectNode totals = JSON.createObjectNode();
    totals.put("onHand", onHand);
    totals.put("reserved", reserved);
    totals.put("available", available);
    totals.put("availableInStores", availableInStores);
    totals.put("availableInWarehouse", available - availableInStores);

    ObjectNode result = JSON.createObjectNode();
    result.put("sku", sku);
    result.put("name", item.name());
    result.put("category", item.category());
    result.set("locations", levels);
    result.set("totals", totals);
    return result;
  }

  /**
   * The stores nearest to a point that can hand over {@code quantity} units of the sku now (at
   * least that many available to promise), closest first, with their distance.
   */
  ObjectNode nearestWithStock(String sku, GeoPoint from, int quantity, int limit, String channel) {
    String figure = channel.equals("in-store") ? "availableInStore" : "availableToCollect";
    item(sku);
    List<StoreConfig> stores = config.stores();
    Map<String, String> stored =
        region(Regions.INVENTORY)
            .getAll(stores.stream().map(store -> StockLevel.key(sku, store.id())).toList());
    ArrayNode nearest = JSON.createArrayNode();
    stores.stream()
        .filter(store -> available(stored.get(StockLevel.key(sku, store.id())), figure) >= quantity)
        .sorted(Comparator.comparingDouble(store -> store.location().distanceKm(from)))
        .limit(limit)
        .forEach(
            store -> {
              ObjectNode entry = JSON.createObjectNode();
              entry.put("storeId", store.id());
              entry.put("name", store.name());
              entry.put("distanceKm", Math.round(store.location().distanceKm(from) * 10) / 10.0);
              entry.put(
                  "available", available(stored.get(StockLevel.key(sku, store.id())), figure));
              nearest.add(entry);
            });
    ObjectNode result = JSON.createObjectNode();
    result.put("sku", sku);
    result.put("quantity", quantity);
    result.put("channel", channel);
    result.set("from", JSON.valueToTree(from));
    result.set("stores", nearest);
    return result;
  }

  private static long available(String stored, String figure) {
    return stored == null ? 0 : parse(stored).path(figure).asLong();
  }

  /**
   * The stock alerts still standing, at one location or everywhere, newest first: each sku and
   * location's latest alert, unless it says the location was restocked.
   */
  ObjectNode alerts(Optional<String> location) {
    List<String> locations = config.stockLocations().stream().map(StockLocation::id).toList();
    if (location.isPresent() && !locations.contains(location.get())) {
      throw ApiException.notFound("no location '" + location.get() + "' is configured");
    }
    List<String> keys = new ArrayList<>();
    for (CatalogueItem item : config.catalogue().items()) {
      for (String at : location.map(List::of).orElse(locations)) {
        keys.add(StockLevel.key(item.sku(), at));
      }
    }
    List<JsonNode> standing = new ArrayList<>();
    region(Regions.STOCK_ALERTS)
        .getAll(keys)
        .values()
        .forEach(
            stored -> {
              if (stored != null) {
                JsonNode alert = parse(stored);
                if (!alert.path("kind").asText().equals("restocked")) {
                  standing.add(alert);
                }
              }
            });
    standing.sort(
        Comparator.comparing((JsonNode alert) -> alert.path("occurredAt").asText()).reversed());
    ObjectNode result = JSON.createObjectNode();
    location.ifPresent(at -> result.put("locationId", at));
    result.putArray("alerts").addAll(standing);
    return result;
  }

  /** Stock of every catalogue sku in one store. */
  ObjectNode storeStock(String storeId) {
    StoreConfig store = store(storeId);
    List<String> skus = config.catalogue().items().stream().map(CatalogueItem::sku).toList();
    List<String> keys = skus.stream().map(sku -> StockLevel.key(sku, storeId)).toList();
    Map<String, String> stored = region(Regions.INVENTORY).getAll(keys);

    ArrayNode items = JSON.createArrayNode();
    long available = 0;
    for (String sku : skus) {
      JsonNode level = stockOrZero(stored.get(StockLevel.key(sku, storeId)), sku, storeId);
      items.add(level);
      available += level.path("available").asLong();
    }
    ObjectNode result = JSON.createObjectNode();
    result.put("storeId", store.id());
    result.put("name", store.name());
    result.set("items", items);
    result.put("totalAvailable", available);
    return result;
  }

  /**
   * Every footfall figure per minute of the last {@code minutes} minutes, per store, with each
   * store's totals over the window.
   */
  ObjectNode footfall(Optional<String> storeId, int minutes) {
    List<StoreConfig> stores = storeId.map(id -> List.of(store(id))).orElse(config.stores());
    FootfallWindow window;
    try {
      window = FootfallWindow.endingAt(clock.instant(), minutes);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    List<String> keys = new ArrayList<>();
    stores.forEach(store -> keys.addAll(window.keys(store.id())));
    Map<String, String> stored = region(Regions.FOOTFALL).getAll(keys);

    ArrayNode perStore = JSON.createArrayNode();
    for (StoreConfig store : stores) {
      ArrayNode series = JSON.createArrayNode();
      FootfallMinute total = FootfallMinute.none(store.id(), window.first());
      for (String key : window.keys(store.id())) {
        String value = stored.get(key);
        if (value != null) {
          FootfallMinute minute = FootfallFigures.read(value);
          series.add(FootfallFigures.minute(minute));
          total = total.plus(minute);
        }
      }
      ObjectNode entry = JSON.createObjectNode();
      entry.put("storeId", store.id());
      entry.put("name", store.name());
      FootfallFigures.put(entry, total);
      entry.set("minutes", series);
      perStore.add(entry);
    }
    ObjectNode result = JSON.createObjectNode();
    result.put("from", window.first().toString());
    result.put("to", window.last().toString());
    result.put("minutes", window.minutes());
    result.set("stores", perStore);
    return result;
  }

  /**
   * Every configured campaign with its stats, then any campaign that has stats but is not in the
   * file (defined at runtime through the campaign topic).
   */
  ObjectNode campaigns() {
    Region<String, String> statsRegion = region(Regions.CAMPAIGNS);
    Set<String> ids = new TreeSet<>(statsRegion.keySetOnServer());
    config.campaigns().forEach(campaign -> ids.add(campaign.campaignId()));
    Map<String, String> stats = statsRegion.getAll(ids);

    ArrayNode list = JSON.createArrayNode();
    for (Campaign campaign : config.campaigns()) {
      ObjectNode entry = JSON.valueToTree(campaign);
      entry.put("configured", true);
      withStats(entry, stats.get(campaign.campaignId()));
      list.add(entry);
      ids.remove(campaign.campaignId());
    }
    for (String runtimeOnly : ids) {
      ObjectNode entry = JSON.createObjectNode();
      entry.put("campaignId", runtimeOnly);
      entry.put("configured", false);
      withStats(entry, stats.get(runtimeOnly));
      list.add(entry);
    }
    ObjectNode result = JSON.createObjectNode();
    result.set("campaigns", list);
    return result;
  }

  /** The configured stores and warehouse, for clients that label what the other endpoints say. */
  ObjectNode locations() {
    ArrayNode stores = JSON.createArrayNode();
    for (StoreConfig store : config.stores()) {
      ObjectNode entry = JSON.createObjectNode();
      entry.put("storeId", store.id());
      entry.put("name", store.name());
      entry.put("timeZone", store.timeZone().getId());
      entry.put("latitude", store.location().latitude());
      entry.put("longitude", store.location().longitude());
      stores.add(entry);
    }
    ObjectNode warehouse = JSON.createObjectNode();
    warehouse.put("locationId", config.warehouse().id());
    warehouse.put("name", config.warehouse().name());
    ObjectNode result = JSON.createObjectNode();
    result.set("stores", stores);
    result.set("warehouse", warehouse);
    return result;
  }

  private void withStats(ObjectNode entry, String stats) {
    JsonNode node = stats == null ? NullNode.getInstance() : parse(stats);
    entry.put("attributedVisits", node.path("attributedVisits").asLong(0));
    entry.set("stats", node);
  }

  private StoreConfig store(String storeId) {
    return config
        .store(storeId)
        .orElseThrow(() -> ApiException.notFound("store '" + storeId + "' is not configured"));
  }

  private Region<String, String> region(String name) {
    return GeodeClient.region(cache, name);
  }

  private CatalogueItem item(String sku) {
    return config
        .catalogue()
        .item(sku)
        .orElseThrow(() -> ApiException.notFound("sku '" + sku + "' is not in the catalogue"));
  }

  private static JsonNode stockOrZero(String stored, String sku, String location) {
    return stored != null
        ? parse(stored)
        : JSON.valueToTree(new StockLevel(sku, location, 0, 0, 0, 0, 0, 0, 0, 0, null));
  }

  /** The stored JSON as a tree; a value that is not JSON is passed on as a string. */
  static JsonNode parse(String stored) {
    try {
      return JSON.readTree(stored);
    } catch (JsonProcessingException e) {
      return TextNode.valueOf(stored);
    }
  }
}
