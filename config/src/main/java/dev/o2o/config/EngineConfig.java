package dev.o2o.config;

import dev.o2o.contract.Campaign;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The whole configuration of one engine, read once from the YAML file at start-up and immutable
 * afterwards. The same file drives the embedded default and the distributed deployment; {@code
 * profile} names which of its profiles was applied. It is not serializable on purpose: Flink
 * functions take only the parts they use (the settings records), never the whole file.
 */
public record EngineConfig(
    String source,
    String profile,
    EngineSettings engine,
    KafkaSettings kafka,
    MqttSettings mqtt,
    GeodeSettings geode,
    HttpSettings http,
    List<StoreConfig> stores,
    Warehouse warehouse,
    Catalogue catalogue,
    List<Campaign> campaigns,
    EngagementSettings engagement,
    AttributionSettings attribution,
    SimulatorSettings simulator,
    InventorySettings inventory,
    FootfallSettings footfall,
    GatewaySettings gateway) {
  public EngineConfig {
    stores = List.copyOf(stores);
    campaigns = List.copyOf(campaigns);
  }

  /** Every place that holds stock: the stores in configured order, then the warehouse. */
  public List<StockLocation> stockLocations() {
    List<StockLocation> locations = new ArrayList<>();
    stores.forEach(store -> locations.add(store.stockLocation()));
    locations.add(warehouse.stockLocation());
    return List.copyOf(locations);
  }

  /** The same configuration with another catalogue. */
  public EngineConfig withCatalogue(Catalogue replacement) {
    return new EngineConfig(
        source,
        profile,
        engine,
        kafka,
        mqtt,
        geode,
        http,
        stores,
        warehouse,
        replacement,
        campaigns,
        engagement,
        attribution,
        simulator,
        inventory,
        footfall,
        gateway);
  }

  public Optional<StoreConfig> store(String storeId) {
    return stores.stream().filter(s -> s.id().equals(storeId)).findFirst();
  }
}
