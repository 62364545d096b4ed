package dev.o2o.engagement;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.BeaconSighting;
import dev.o2o.contract.CampaignDefined;
import dev.o2o.contract.CampaignReport;
import dev.o2o.contract.CustomerUpdated;
import dev.o2o.contract.MemberProfile;
import dev.o2o.contract.Offer;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.OrderPlaced;
import dev.o2o.contract.PosSale;
import dev.o2o.contract.Redemption;
import dev.o2o.contract.Visit;
import dev.o2o.contract.VisitStatus;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Store arrivals and offers: beacon sightings become visits, and an opening visit may earn the
 * customer one offer that fits what they did online and what the store has in stock. Along the way
 * it keeps one profile per member across channels, for store associates. Campaigns take part only
 * within the brand policy, and a till sale carrying an offer's code redeems it once.
 */
public final class EngagementJob {
  private EngagementJob() {}

  /**
   * The job's outputs: visits as they open, change zone and close, the offers issued, each member's
   * profile after every change, the outcome of every sale carrying an offer code, and the policy
   * verdict on every campaign that arrived.
   */
  public record Outputs(
      DataStream<Visit> visits,
      DataStream<Offer> offers,
      DataStream<MemberProfile> profiles,
      DataStream<Redemption> redemptions,
      DataStream<CampaignReport> campaignReports) {}

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
                purchases
                    .filter(sale -> sale.customerId() != null)
                    .name("Purchases of known customers")
                    .map(CustomerSignal::of)
                    .name("Purchases as signals"),
                orders.map(CustomerSignal::of).name("Orders as signals"),
                visits
                    .filter(visit -> visit.status() == VisitStatus.OPEN)
                    .name("Arrivals")
                    .map(CustomerSignal::of)
                    .name("Arrivals as signals"));

    // Only campaigns within the brand policy reach the selector; every verdict is reported.
    SingleOutputStreamOperator<CampaignDefined> allowedCampaigns =
        campaigns
            .process(new CampaignPolicyCheck(config.engagement().policy()))
            .uid("engagement-campaign-policy")
            .name("Check campaigns against brand policy");

    SingleOutputStreamOperator<Offer> offers =
        signals
            .keyBy(CustomerSignal::customerId)
            .connect(allowedCampaigns.broadcast(OfferSelector.CAMPAIGNS))
            .process(new OfferSelector(config, stock))
            .uid("engagement-offer-selector")
            .name("Select arrival offers");

    DataStream<Redemption> redemptions =
        offers
            .keyBy(Offer::code)
            .connect(
                purchases
                    .filter(sale -> sale.offerCode() != null)
                    .name("Sales with offer codes")
                    .keyBy(PosSale::offerCode))
            .process(new OfferRedeemer(config.engine().maxOutOfOrderness()))
            .uid("engagement-offer-redeemer")
            .name("Redeem offer codes");

    return new Outputs(
        visits,
        offers,
        offers.getSideOutput(OfferSelector.PROFILES),
        redemptions,
        allowedCampaigns.getSideOutput(CampaignPolicyCheck.REPORTS));
  }
}
