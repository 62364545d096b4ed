package dev.o2o.engagement;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.BeaconSighting;
import dev.o2o.contract.CampaignBudget;
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
import dev.o2o.jobs.StringKeys;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Store arrivals and offers: beacon sightings become visits, and an opening visit may earn the
 * customer one offer that fits what they did online and what the store has in stock. Along the way
 * it keeps one profile per member across channels, for store associates. Campaigns take part only
 * within the brand policy and until their budget is used up, and a till sale carrying an offer's
 * code redeems it once, crediting the member with the offer's bonus points if it grants any.
 */
public final class EngagementJob {
  private EngagementJob() {}

  /**
   * The job's outputs: visits as they open, change zone and close, the offers issued, each member's
   * profile after every change, the outcome of every sale carrying an offer code, the policy
   * verdict on every campaign that arrived, and each campaign's budget use as it changes.
   */
  public record Outputs(
      DataStream<Visit> visits,
      DataStream<Offer> offers,
      DataStream<MemberProfile> profiles,
      DataStream<Redemption> redemptions,
      DataStream<CampaignReport> campaignReports,
      DataStream<CampaignBudget> campaignBudgets) {}

  /**
   * The job's graph. {@code budgets} is what the job itself wrote to {@code campaignBudgets}, read
   * back: the budget use depends on redemptions of the offers the selector issued, so it can reach
   * the selector only around the graph, through the topic. {@code redeemed} is likewise what it
   * wrote to {@code redemptions}: an accepted offer's bonus points reach the member's profile, kept
   * by the selector, that way.
   */
  public static Outputs topology(
      DataStream<BeaconSighting> sightings,
      DataStream<CustomerUpdated> customers,
      DataStream<OnlineTouch> touches,
      DataStream<PosSale> purchases,
      DataStream<OrderPlaced> orders,
      DataStream<CampaignDefined> campaigns,
      DataStream<CampaignBudget> budgets,
      DataStream<Redemption> redeemed,
      EngineConfig config,
      StockLookup stock) {
    DataStream<Visit> visits =
        sightings
            .keyBy(BeaconSighting::customerId, StringKeys.TYPE)
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
                redeemed
                    .filter(EngagementJob::grantsBonusPoints)
                    .name("Redeemed bonus points")
                    .map(CustomerSignal::of)
                    .name("Bonus points as signals"),
                visits
                    .filter(visit -> visit.status() == VisitStatus.OPEN)
                    .name("Arrivals")
                    .map(CustomerSignal::of)
                    .name("Arrivals as signals"));

    // Only campaigns within the brand policy reach the selector; every verdict is reported.
    SingleOutputStreamOperator<CampaignDefined> allowedCampaigns =
        campaigns
            .process(new CampaignPolicyCheck(config.engagement().policy(), config.catalogue()))
            .uid("engagement-campaign-policy")
            .name("Check campaigns against brand policy");

    SingleOutputStreamOperator<Offer> offers =
        signals
            .keyBy(CustomerSignal::customerId, StringKeys.TYPE)
            .connect(
                allowedCampaigns
                    .map(CampaignUpdate::of)
                    .name("Campaigns as updates")
                    .union(budgets.map(CampaignUpdate::of).name("Budgets as updates"))
                    .broadcast(OfferSelector.CAMPAIGNS, OfferSelector.BUDGETS))
            .process(new OfferSelector(config, stock))
            .uid("engagement-offer-selector")
            .name("Select arrival offers");

    DataStream<Redemption> redemptions =
        offers
            .keyBy(Offer::code, StringKeys.TYPE)
            .connect(
                purchases
                    .filter(sale -> sale.offerCode() != null)
                    .name("Sales with offer codes")
                    .keyBy(PosSale::offerCode, StringKeys.TYPE))
            .process(new OfferRedeemer(config.engine().maxOutOfOrderness()))
            .uid("engagement-offer-redeemer")
            .name("Redeem offer codes");

    // Accepted redemptions use up their campaign's budget; a new definition may change the budget.
    DataStream<CampaignBudget> budgetUse =
        allowedCampaigns
            .keyBy(defined -> defined.campaign().campaignId(), StringKeys.TYPE)
            .connect(
                redemptions
                    .filter(r -> r.outcome() == Redemption.Outcome.ACCEPTED)
                    .filter(r -> r.campaignId() != null)
                    .name("Accepted campaign redemptions")
                    .keyBy(Redemption::campaignId, StringKeys.TYPE))
            .process(new CampaignBudgetKeeper(config))
            .uid("engagement-campaign-budgets")
            .name("Keep campaign budgets");

    return new Outputs(
        visits,
        offers,
        offers.getSideOutput(OfferSelector.PROFILES),
        redemptions,
        allowedCampaigns.getSideOutput(CampaignPolicyCheck.REPORTS),
        budgetUse);
  }

  /** Whether a redemption credits the member: an accepted one of an offer granting points. */
  private static boolean grantsBonusPoints(Redemption redemption) {
    return redemption.outcome() == Redemption.Outcome.ACCEPTED
        && redemption.customerId() != null
        && redemption.offerId() != null
        && redemption.benefit() != null
        && redemption.benefit().points() > 0;
  }
}
