package dev.o2o.gateway;

import dev.o2o.config.Beacon;
import dev.o2o.config.CatalogueItem;
import dev.o2o.config.EngineConfig;
import dev.o2o.config.StoreConfig;
import dev.o2o.contract.BeaconSighting;
import dev.o2o.contract.DoorCount;
import dev.o2o.contract.Event;
import dev.o2o.contract.InvalidEventException;
import dev.o2o.contract.PosReturn;
import dev.o2o.contract.PosSale;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a decoded store event against what the engine knows before it is forwarded: a store speaks
 * only for itself, only configured stores, catalogued skus and a store's own beacons are accepted,
 * and the event time is plausible. Records already check their own fields; this adds the checks
 * that need the configuration and the clock. A failure is an {@link InvalidEventException} whose
 * message is the reason written to the dead letter.
 */
public final class EventValidator {
  private final Map<String, Set<String>> beaconsByStore;
  private final Set<String> skus;
  private final Duration maxClockSkew;
  private final Clock clock;

  public EventValidator(EngineConfig config, Clock clock) {
    this.beaconsByStore =
        config.stores().stream()
            .collect(
                Collectors.toUnmodifiableMap(
                    StoreConfig::id,
                    s ->
                        s.beacons().stream()
                            .map(Beacon::id)
                            .collect(Collectors.toUnmodifiableSet())));
    this.skus =
        config.catalogue().items().stream()
            .map(CatalogueItem::sku)
            .collect(Collectors.toUnmodifiableSet());
    this.maxClockSkew = config.engine().maxClockSkew();
    this.clock = clock;
  }

  /**
   * Accepts an event that a store published on its own topic.
   *
   * @param topicStoreId the store named by the MQTT topic, which the broker has authenticated
   * @throws InvalidEventException with the reason when the event must not be forwarded
   */
  public void validate(String topicStoreId, Event event) {
    String storeId = storeIdOf(event);
    if (!storeId.equals(topicStoreId)) {
      throw new InvalidEventException(
          "storeId '" + storeId + "' does not match the topic's store '" + topicStoreId + "'");
    }
    Set<String> beacons = beaconsByStore.get(storeId);
    if (beacons == null) {
      throw new InvalidEventException("store '" + storeId + "' is not configured");
    }
    if (event instanceof BeaconSighting sighting && !beacons.contains(sighting.beaconId())) {
      throw new InvalidEventException(
          "beacon '" + sighting.beaconId() + "' does not belong to store '" + storeId + "'");
    }
    if (event instanceof PosSale sale) {
      requireCatalogued(sale.sku());
    } else if (event instanceof PosReturn posReturn) {
      requireCatalogued(posReturn.sku());
    }
    requirePlausibleTime(event.occurredAt());
  }

  private static String storeIdOf(Event event) {
    if (event instanceof BeaconSighting sighting) {
      return sighting.storeId();
    } else if (event instanceof DoorCount count) {
      return count.storeId();
    } else if (event instanceof PosSale sale) {
      return sale.storeId();
    } else if (event instanceof PosReturn posReturn) {
      return posReturn.storeId();
    }
    throw new InvalidEventException("type '" + event.type() + "' is not published by stores");
  }

  private void requireCatalogued(String sku) {
    if (!skus.contains(sku)) {
      throw new InvalidEventException("sku '" + sku + "' is not in the catalogue");
    }
  }

  private void requirePlausibleTime(Instant occurredAt) {
    Instant now = clock.instant();
    if (occurredAt.isAfter(now.plus(maxClockSkew))
        || occurredAt.isBefore(now.minus(maxClockSkew))) {
      throw new InvalidEventException(
          "occurredAt "
              + occurredAt
              + " is more than "
              + maxClockSkew
              + " away from the gateway's clock ("
              + now
              + ")");
    }
  }
}
