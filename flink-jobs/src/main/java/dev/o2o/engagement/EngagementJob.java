package dev.o2o.engagement;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.BeaconSighting;
import dev.o2o.contract.CampaignDefined;
import dev.o2o.contract.CustomerUpdated;
import dev.o2o.contract.MemberProfile;
import dev.o2o.contract.Offer;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.OrderPlaced;
import dev.o2o.contract.PosSale;
import dev.o2o.contract.Visit;
import dev.o2o.contract.VisitStatus;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Store arrivals and offers: beacon sightings become visits, and an opening visit may earn the
 * customer one offer that fits what they did online and what the store has in stock. Along the way
 * it keeps one profile per member across channels, for store associates.
 */
public final class EngagementJob {
  private EngagementJob() {}

  /**
   * The job's outputs: visits as they open, change zone and close, the offers issued, and each
   * member's profile after every change.
   */
  public record Outputs(
      DataStream<Visit> visits, DataStream<Offer> offers, DataStream<MemberProfile> profiles) {}

  public static Outputs topology(
      DataStream<BeaconSighting> sightings,
      DataStream<CustomerUpdated> customers,
      DataStream<OnlineTouch> touches,
      DataStream<PosSale> purchases,
      DataStream<OrderPlaced> orders,
      DataStream<CampaignDefined> campaigns,
      EngineConfig config,
      StockLookup stock) {
    DataStream<Visit> visits =
        sightings
            .keyBy(BeaconSighting::customerId)
            .process(new VisitDetector(config))
            .uid("engagement-visit-detector")
            .name("Detect store visits");

    // All of a customer's signals meet in one keyed function, so an arrival sees the profile
    // built from everything that arrived before it.
    DataStream<CustomerSignal> signals =
        customers
            .map(CustomerSignal::of)
            .name("Membership as signal")
            .union(
                touches.map(CustomerSignal::of).name("Touches as signals"),
                purchases.map(CustomerSignal::of).name("Purchases as signals"),
                orders.map(CustomerSignal::of).name("Orders as signals"),
                visits
                    .filter(visit -> visit.status() == VisitStatus.OPEN)
                    .name("Arrivals")
                    .map(CustomerSignal::of)
                    .name("Arrivals as signals"));

    SingleOutputStreamOperator<Offer> offers =
        signals
            .keyBy(CustomerSignal::customerId)
            .connect(campaigns.broadcast(OfferSelector.CAMPAIGNS))
            .process(new OfferSelector(config, stock))
            .uid("engagement-offer-selector")
            .name("Select arrival offers");

    return new Outputs(visits, offers, offers.getSideOutput(OfferSelector.PROFILES));
  }
}
