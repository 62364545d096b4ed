package dev.o2o.contract;

import java.util.List;

/**
 * Every Kafka topic of the engine. Inputs are keyed by what keeps related events in order: a
 * store's till, an order, a sku, a customer. Outputs are keyed by the entity they describe.
 */
public final class Topics {
  private Topics() {}

  public static final Topic<Event> SALES =
      Topic.input(
          "o2o.sales", Event.class, Topics::storeKey, EventType.POS_SALE, EventType.POS_RETURN);

  public static final Topic<Event> ORDERS =
      Topic.input(
          "o2o.orders",
          Event.class,
          Topics::orderKey,
          EventType.ORDER_PLACED,
          EventType.ORDER_CANCELLED,
          EventType.ORDER_PICKED_UP,
          EventType.ORDER_SHIPPED,
          EventType.ORDER_REJECTED,
          EventType.ORDER_SHORT_PICKED);

  public static final Topic<Event> STOCK =
      Topic.input(
          "o2o.stock",
          Event.class,
          Topics::skuKey,
          EventType.STOCK_RECEIVED,
          EventType.STOCK_COUNTED,
          EventType.STOCK_TRANSFERRED_OUT,
          EventType.STOCK_TRANSFERRED_IN,
          EventType.STOCK_SAFETY_SET);

  public static final Topic<BeaconSighting> BEACONS =
      Topic.input(
          "o2o.beacons",
          BeaconSighting.class,
          BeaconSighting::customerId,
          EventType.BEACON_SIGHTING);

  public static final Topic<DoorCount> DOOR_COUNTS =
      Topic.input("o2o.door-counts", DoorCount.class, DoorCount::storeId, EventType.DOOR_COUNT);

  public static final Topic<OnlineTouch> TOUCHES =
      Topic.input(
          "o2o.touches", OnlineTouch.class, OnlineTouch::customerId, EventType.ONLINE_TOUCH);

  public static final Topic<CustomerUpdated> CUSTOMERS =
      Topic.input(
          "o2o.customers",
          CustomerUpdated.class,
          CustomerUpdated::customerId,
          EventType.CUSTOMER_UPDATED);

  public static final Topic<CampaignDefined> CAMPAIGNS =
      Topic.input(
          "o2o.campaigns",
          CampaignDefined.class,
          c -> c.campaign().campaignId(),
          EventType.CAMPAIGN_DEFINED);

  public static final Topic<StockLevel> STOCK_LEVELS =
      Topic.output("o2o.stock-levels", StockLevel.class, StockLevel::key);

  public static final Topic<ReservationDecision> RESERVATIONS =
      Topic.output("o2o.reservations", ReservationDecision.class, ReservationDecision::orderId);

  public static final Topic<StockAlert> STOCK_ALERTS =
      Topic.output("o2o.stock-alerts", StockAlert.class, StockAlert::locationId);

  public static final Topic<StoreCredit> STORE_CREDITS =
      Topic.output("o2o.store-credits", StoreCredit.class, StoreCredit::storeId);

  public static final Topic<Visit> VISITS =
      Topic.output("o2o.visits", Visit.class, Visit::customerId);

  public static final Topic<Offer> OFFERS =
      Topic.output("o2o.offers", Offer.class, Offer::customerId);

  public static final Topic<Redemption> REDEMPTIONS =
      Topic.output("o2o.redemptions", Redemption.class, Redemption::code);

  public static final Topic<CampaignReport> CAMPAIGN_REPORTS =
      Topic.output("o2o.campaign-reports", CampaignReport.class, CampaignReport::campaignId);

  /** Read back by the engagement job, which stops offering a campaign whose budget is used up. */
  public static final Topic<CampaignBudget> CAMPAIGN_BUDGETS =
      Topic.output("o2o.campaign-budgets", CampaignBudget.class, CampaignBudget::campaignId);

  public static final Topic<AttributedVisit> ATTRIBUTIONS =
      Topic.output("o2o.attributions", AttributedVisit.class, AttributedVisit::customerId);

  public static final Topic<AttributedPurchase> ATTRIBUTED_PURCHASES =
      Topic.output(
          "o2o.attributed-purchases", AttributedPurchase.class, AttributedPurchase::customerId);

  public static final Topic<DeadLetter> DEAD_LETTERS =
      Topic.output("o2o.dead-letters", DeadLetter.class, DeadLetter::source);

  public static final List<Topic<?>> ALL =
      List.of(
          SALES,
          ORDERS,
          STOCK,
          BEACONS,
          DOOR_COUNTS,
          TOUCHES,
          CUSTOMERS,
          CAMPAIGNS,
          STOCK_LEVELS,
          RESERVATIONS,
          STOCK_ALERTS,
          STORE_CREDITS,
          VISITS,
          OFFERS,
          REDEMPTIONS,
          CAMPAIGN_REPORTS,
          CAMPAIGN_BUDGETS,
          ATTRIBUTIONS,
          ATTRIBUTED_PURCHASES,
          DEAD_LETTERS);

  private static String storeKey(Event event) {
    if (event instanceof PosSale sale) {
      return sale.storeId();
    }
    return ((PosReturn) event).storeId();
  }

  private static String orderKey(Event event) {
    if (event instanceof OrderPlaced placed) {
      return placed.orderId();
    } else if (event instanceof OrderCancelled cancelled) {
      return cancelled.orderId();
    } else if (event instanceof OrderPickedUp pickedUp) {
      return pickedUp.orderId();
    } else if (event instanceof OrderRejected rejected) {
      return rejected.orderId();
    } else if (event instanceof OrderShortPicked shortPicked) {
      return shortPicked.orderId();
    }
    return ((OrderShipped) event).orderId();
  }

  private static String skuKey(Event event) {
    if (event instanceof StockReceived received) {
      return received.sku();
    } else if (event instanceof StockTransferredOut out) {
      return out.sku();
    } else if (event instanceof StockTransferredIn in) {
      return in.sku();
    } else if (event instanceof SafetyStockSet safety) {
      return safety.sku();
    }
    return ((StockCounted) event).sku();
  }
}
