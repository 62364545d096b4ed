package dev.o2o.engagement;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.BeaconSighting;
import dev.o2o.contract.CampaignBudget;
import dev.o2o.contract.CampaignDefined;
import dev.o2o.contract.CustomerUpdated;
import dev.o2o.contract.Event;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.OrderPlaced;
import dev.o2o.contract.PosSale;
import dev.o2o.contract.Redemption;
import dev.o2o.jobs.InputMapping;
import dev.o2o.jobs.KnownIds;
import java.util.Optional;

/**
 * What the engagement job accepts from its topics, checked against the configuration: sightings
 * from a store's own beacons, touches and sales of catalogue skus, campaigns over catalogue
 * categories. Sales matter here when the customer is known, as purchases, or when they carry an
 * offer code; placed orders are a member's online purchases.
 */
public final class EngagementInputs {
  private EngagementInputs() {}

  public static InputMapping<BeaconSighting, BeaconSighting> sightings(EngineConfig config) {
    KnownIds known = KnownIds.of(config);
    return sighting -> {
      known.requireBeacon(sighting.storeId(), sighting.beaconId());
      return Optional.of(sighting);
    };
  }

  public static InputMapping<CustomerUpdated, CustomerUpdated> customers() {
    return Optional::of;
  }

  /**
   * The job's own budget statuses, read back. A lambda of its own, like {@link #redeemed()}: one
   * method reference for two types in a class is restored from a serialized job graph as whichever
   * came first, casting the other's records to the wrong type.
   */
  public static InputMapping<CampaignBudget, CampaignBudget> budgets() {
    return budget -> Optional.of(budget);
  }

  /** The job's own redemptions, read back for the bonus points they grant. */
  public static InputMapping<Redemption, Redemption> redeemed() {
    return redemption -> Optional.of(redemption);
  }

  public static InputMapping<OnlineTouch, OnlineTouch> touches(EngineConfig config) {
    KnownIds known = KnownIds.of(config);
    return touch -> {
      if (touch.sku() != null) {
        known.requireSku(touch.sku());
      }
      return Optional.of(touch);
    };
  }

  /**
   * Till sales of identified customers, which are purchases, and sales carrying an offer code,
   * which redeem offers; returns and other anonymous sales do not matter here.
   */
  public static InputMapping<Event, PosSale> purchases(EngineConfig config) {
    KnownIds known = KnownIds.of(config);
    return event -> {
      if (!(event instanceof PosSale sale)
          || (sale.customerId() == null && sale.offerCode() == null)) {
        return Optional.empty();
      }
      known.requireStore(sale.storeId());
      known.requireSku(sale.sku());
      return Optional.of(sale);
    };
  }

  /** Orders placed online, of catalogue skus; the rest of an order's life is not a purchase. */
  public static InputMapping<Event, OrderPlaced> orders(EngineConfig config) {
    KnownIds known = KnownIds.of(config);
    return event -> {
      if (!(event instanceof OrderPlaced placed)) {
        return Optional.empty();
      }
      if (placed.storeId() != null) {
        known.requireStore(placed.storeId());
      }
      placed.lines().forEach(line -> known.requireSku(line.sku()));
      return Optional.of(placed);
    };
  }

  public static InputMapping<CampaignDefined, CampaignDefined> campaigns(EngineConfig config) {
    KnownIds known = KnownIds.of(config);
    return defined -> {
      defined.campaign().categories().forEach(known::requireCategory);
      return Optional.of(defined);
    };
  }
}
