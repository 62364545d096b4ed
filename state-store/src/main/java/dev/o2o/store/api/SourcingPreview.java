package dev.o2o.store.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.o2o.config.EngineConfig;
import dev.o2o.config.StockLocation;
import dev.o2o.contract.Coordinates;
import dev.o2o.contract.Fulfilment;
import dev.o2o.contract.Json;
import dev.o2o.contract.StockLevel;
import dev.o2o.sourcing.Sourcer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.geode.cache.Region;

/**
 * Answers "where would this basket come from, right now?" for the online shop's checkout and a
 * store associate: it runs the inventory job's own {@link Sourcer} over the availability served
 * from Geode, line by line, each line taking its units out of what the next lines see. It reserves
 * nothing; the job decides when the order is placed.
 */
final class SourcingPreview {
  private static final ObjectMapper JSON = Json.mapper();

  /** One line of the basket. */
  record Line(String sku, int quantity) {}

  private final EngineConfig config;
  private final Sourcer sourcer;
  private final List<String> locations;

  SourcingPreview(EngineConfig config) {
    this.config = config;
    this.sourcer = Sourcer.of(config);
    this.locations = config.stockLocations().stream().map(StockLocation::id).toList();
  }

  ObjectNode preview(
      Region<String, String> inventory,
      Fulfilment fulfilment,
      String storeId,
      Coordinates shipTo,
      List<Line> basket) {
    if (fulfilment == Fulfilment.CLICK_AND_COLLECT && storeId == null) {
      throw ApiException.badRequest("store is required for click and collect");
    }
    if (storeId != null && config.store(storeId).isEmpty()) {
      throw ApiException.notFound("no store '" + storeId + "' is configured");
    }
    Map<String, Map<String, Long>> available = new HashMap<>();
    ArrayNode lines = JSON.createArrayNode();
    boolean complete = true;
    for (Line line : basket) {
      if (config.catalogue().item(line.sku()).isEmpty()) {
        throw ApiException.notFound("no sku '" + line.sku() + "' in the catalogue");
      }
      Map<String, Long> units =
          available.computeIfAbsent(line.sku(), sku -> availableAt(inventory, sku));
      Sourcer.Plan plan =
          sourcer.source(
              new Sourcer.Request(
                  fulfilment, storeId, shipTo, line.sku(), line.quantity(), Set.of()),
              location -> units.getOrDefault(location, 0L));
      ObjectNode entry = JSON.createObjectNode();
      entry.put("sku", line.sku());
      entry.put("quantity", line.quantity());
      entry.put("sourced", plan.accepted());
      ArrayNode allocations = entry.putArray("allocations");
      for (Sourcer.Allocation allocation : plan.allocations()) {
        units.merge(allocation.locationId(), (long) -allocation.quantity(), Long::sum);
        ObjectNode from = allocations.addObject();
        from.put("locationId", allocation.locationId());
        from.put("quantity", allocation.quantity());
        from.put("sourcing", allocation.sourcing().toString());
        if (allocation.transferTo() != null) {
          from.put("transferTo", allocation.transferTo());
        }
        from.put("distanceKm", Math.round(allocation.distanceKm() * 10) / 10.0);
      }
      if (!plan.accepted()) {
        entry.put("reason", plan.refusal());
        complete = false;
      }
      lines.add(entry);
    }
    ObjectNode result = JSON.createObjectNode();
    result.put("fulfilment", fulfilment.toString());
    if (storeId != null) {
      result.put("storeId", storeId);
    }
    if (shipTo != null) {
      result.set("shipTo", JSON.valueToTree(shipTo));
    }
    result.put("complete", complete);
    result.set("lines", lines);
    return result;
  }

  private Map<String, Long> availableAt(Region<String, String> inventory, String sku) {
    Map<String, String> stored =
        inventory.getAll(
            locations.stream().map(location -> StockLevel.key(sku, location)).toList());
    Map<String, Long> units = new HashMap<>();
    for (String location : locations) {
      String level = stored.get(StockLevel.key(sku, location));
      if (level != null) {
        JsonNode parsed = LatestView.parse(level);
        units.put(location, parsed.path("available").asLong());
      }
    }
    return units;
  }
}
