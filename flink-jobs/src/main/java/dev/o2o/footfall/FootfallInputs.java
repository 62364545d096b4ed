package dev.o2o.footfall;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.CampaignDefined;
import dev.o2o.contract.DoorCount;
import dev.o2o.contract.Event;
import dev.o2o.contract.InvalidEventException;
import dev.o2o.contract.Offer;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.OrderPlaced;
import dev.o2o.contract.PosSale;
import dev.o2o.contract.Redemption;
import dev.o2o.contract.Visit;
import dev.o2o.jobs.InputMapping;
import dev.o2o.jobs.KnownIds;
import java.util.Optional;

/**
 * What the footfall job accepts from its topics: door counts of configured stores, visits as they
 * open and close, campaign touches, till sales and placed online orders as purchases in the
 * catalogue's currency (the one revenue is reported in), campaign definitions, and the arrival
 * offers and their redemptions that the engagement job emits.
 *
 * <p>Each mapping is a lambda of its own: the same method reference ({@code Optional::of}) for two
 * types in one class would be restored from a serialized job graph as whichever came first, casting
 * the other's records to the wrong type.
 */
public final class FootfallInputs {
  private FootfallInputs() {}

  public static InputMapping<DoorCount, DoorCount> doorCounts(EngineConfig config) {
    KnownIds known = KnownIds.of(config);
    return count -> {
      known.requireStore(count.storeId());
      return Optional.of(count);
    };
  }

  public static InputMapping<Visit, Visit> visits() {
    return visit -> Optional.of(visit);
  }

  public static InputMapping<OnlineTouch, OnlineTouch> campaignTouches() {
    return touch -> Optional.of(touch).filter(t -> t.campaignId() != null);
  }

  /** Till sales, of members and anonymous ones (which count towards a store's sales only). */
  public static InputMapping<Event, Purchase> sales(EngineConfig config) {
    KnownIds known = KnownIds.of(config);
    String currency = config.catalogue().currency();
    return event -> {
      if (!(event instanceof PosSale sale)) {
        return Optional.empty();
      }
      known.requireStore(sale.storeId());
      requireCurrency(sale.currency(), currency);
      return Optional.of(Purchase.of(sale));
    };
  }

  /** Orders placed online; the rest of an order's life is not a purchase. */
  public static InputMapping<Event, Purchase> orders(EngineConfig config) {
    String currency = config.catalogue().currency();
    return event -> {
      if (!(event instanceof OrderPlaced placed)) {
        return Optional.empty();
      }
      requireCurrency(placed.currency(), currency);
      return Optional.of(Purchase.of(placed));
    };
  }

  /** Arrival offers the engagement job issued, counted in their store's footfall minute. */
  public static InputMapping<Offer, Offer> offers(EngineConfig config) {
    KnownIds known = KnownIds.of(config);
    return offer -> {
      known.requireStore(offer.storeId());
      return Optional.of(offer);
    };
  }

  /** Offer codes shown at a till, redeemed or refused. */
  public static InputMapping<Redemption, Redemption> redemptions(EngineConfig config) {
    KnownIds known = KnownIds.of(config);
    return redemption -> {
      known.requireStore(redemption.storeId());
      return Optional.of(redemption);
    };
  }

  public static InputMapping<CampaignDefined, CampaignDefined> campaigns() {
    return defined -> Optional.of(defined);
  }

  private static void requireCurrency(String currency, String expected) {
    if (!currency.equals(expected)) {
      throw new InvalidEventException(
          "currency must be the catalogue's " + expected + " but was " + currency);
    }
  }
}
