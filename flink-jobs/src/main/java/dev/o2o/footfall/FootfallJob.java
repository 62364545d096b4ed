package dev.o2o.footfall;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.AttributedPurchase;
import dev.o2o.contract.AttributedVisit;
import dev.o2o.contract.AttributionModel;
import dev.o2o.contract.CampaignDefined;
import dev.o2o.contract.CampaignKpis;
import dev.o2o.contract.CampaignStats;
import dev.o2o.contract.DeadLetter;
import dev.o2o.contract.DoorCount;
import dev.o2o.contract.FootfallMinute;
import dev.o2o.contract.Offer;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.PurchaseChannel;
import dev.o2o.contract.Redemption;
import dev.o2o.contract.StoreKpis;
import dev.o2o.contract.Visit;
import dev.o2o.jobs.DropRepeats;
import dev.o2o.jobs.StringKeys;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.Collector;

/**
 * Footfall and attribution: what each store saw per minute, which store visits and purchases online
 * campaigns brought in under each attribution model, and each campaign's running totals.
 */
public final class FootfallJob {
  private FootfallJob() {}

  /**
   * The job's outputs: running minute totals, credited visits (those some campaign earned), every
   * member purchase with its credit, running campaign and store totals, and the dashboard's
   * campaign counts (visits under the last-touch model), and the changes that came too late for
   * their footfall minute.
   */
  public record Outputs(
      DataStream<FootfallMinute> footfall,
      DataStream<AttributedVisit> attributions,
      DataStream<AttributedPurchase> purchases,
      DataStream<CampaignKpis> campaignKpis,
      DataStream<StoreKpis> storeKpis,
      DataStream<CampaignStats> campaignStats,
      DataStream<DeadLetter> lateFootfall) {}

  public static Outputs topology(
      DataStream<DoorCount> doorCounts,
      DataStream<Visit> visits,
      DataStream<OnlineTouch> touches,
      DataStream<Purchase> purchases,
      DataStream<CampaignDefined> campaigns,
      DataStream<Offer> offers,
      DataStream<Redemption> redemptions,
      EngineConfig config) {
    DataStream<Purchase> memberPurchases =
        purchases.filter(purchase -> purchase.customerId() != null).name("Members' purchases");

    // A member's visits and till purchases meet in one keyed function, which knows whether a
    // visit is a returning visitor's, when it closed and whether a purchase converted it.
    DataStream<MinuteDelta> visitMinutes =
        visits
            .map(CustomerActivity::of)
            .name("Visits for footfall")
            .union(
                memberPurchases
                    .filter(purchase -> purchase.channel() == PurchaseChannel.STORE)
                    .name("Members' till purchases")
                    .map(CustomerActivity::of)
                    .name("Till purchases for footfall"))
            .keyBy(CustomerActivity::customerId, StringKeys.TYPE)
            .process(new VisitFootfall(config.footfall().returningWithin()))
            .uid("footfall-visit-minutes")
            .name("Visits per store minute");

    SingleOutputStreamOperator<FootfallMinute> footfall =
        doorCounts
            .map(MinuteDelta::of)
            .name("Door counts per minute")
            .union(
                visitMinutes,
                offers.map(MinuteDelta::of).name("Offers per minute"),
                redemptions
                    .filter(redemption -> redemption.outcome() == Redemption.Outcome.ACCEPTED)
                    .name("Accepted redemptions")
                    .map(MinuteDelta::of)
                    .name("Redemptions per minute"))
            .keyBy(MinuteDelta::key, StringKeys.TYPE)
            .process(
                new FootfallCounter(
                    config.footfall().allowedLateness(), config.engine().stateBackend()))
            .uid("footfall-minute-counter")
            .name("Footfall per store and minute");

    // A customer's touches, visits and purchases meet in one keyed function, so each visit and
    // purchase is credited with the touches that preceded it.
    SingleOutputStreamOperator<AttributedVisit> credited =
        touches
            .map(CustomerActivity::of)
            .name("Touches as activity")
            .union(
                visits.map(CustomerActivity::of).name("Visits as activity"),
                memberPurchases.map(CustomerActivity::of).name("Purchases as activity"))
            .keyBy(CustomerActivity::customerId, StringKeys.TYPE)
            .process(new Attributor(config.attribution(), config.engine().maxOutOfOrderness()))
            .uid("footfall-attributor")
            .name("Attribute visits and purchases to campaign touches");
    DataStream<AttributedPurchase> creditedPurchases = credited.getSideOutput(Attributor.PURCHASES);

    DataStream<CampaignDelta> audience =
        touches
            .map(CustomerActivity::of)
            .name("Touches for the holdout audience")
            .union(visits.map(CustomerActivity::of).name("Visits for the holdout audience"))
            .keyBy(CustomerActivity::customerId, StringKeys.TYPE)
            .connect(campaigns.broadcast(HoldoutAudience.CAMPAIGNS))
            .process(
                new HoldoutAudience(
                    config.attribution().clickWindow(),
                    config.engine().maxOutOfOrderness(),
                    config.campaigns()))
            .uid("footfall-holdout-audience")
            .name("Campaign audiences per holdout group");

    DataStream<CampaignDelta> deltas =
        campaigns
            .map(defined -> CampaignDelta.of(defined.campaign(), defined.occurredAt()))
            .name("Campaign definitions as deltas")
            .union(
                credited
                    .getSideOutput(Attributor.NEW_TOUCHES)
                    .map(CampaignDelta::of)
                    .name("Touches as deltas"),
                credited
                    .flatMap(
                        (AttributedVisit visit, Collector<CampaignDelta> out) ->
                            CampaignDelta.visits(visit).forEach(out::collect))
                    .returns(TypeInformation.of(CampaignDelta.class))
                    .name("Credited visits as deltas"),
                credited
                    .getSideOutput(Attributor.CONVERSIONS)
                    .flatMap(
                        (AttributedVisit visit, Collector<CampaignDelta> out) ->
                            CampaignDelta.conversions(visit).forEach(out::collect))
                    .returns(TypeInformation.of(CampaignDelta.class))
                    .name("Converted visits as deltas"),
                creditedPurchases
                    .flatMap(
                        (AttributedPurchase purchase, Collector<CampaignDelta> out) ->
                            CampaignDelta.purchases(purchase).forEach(out::collect))
                    .returns(TypeInformation.of(CampaignDelta.class))
                    .name("Credited purchases as deltas"),
                credited
                    .getSideOutput(Attributor.WITHDRAWALS)
                    .flatMap(
                        (Withdrawal withdrawal, Collector<CampaignDelta> out) ->
                            withdrawal.campaignDeltas().forEach(out::collect))
                    .returns(TypeInformation.of(CampaignDelta.class))
                    .name("Withdrawn credit as deltas"),
                audience);

    DataStream<CampaignKpis> campaignKpis =
        deltas
            .keyBy(CampaignDelta::campaignId, StringKeys.TYPE)
            .process(new CampaignKpiCounter(config.campaigns()))
            .uid("footfall-campaign-kpis")
            .name("Campaign totals");

    // Members' purchases are counted once by the attributor; anonymous sales by their own filter.
    DataStream<StoreKpis> storeKpis =
        credited
            .map(StoreDelta::visit)
            .name("Visits as store deltas")
            .union(
                credited
                    .getSideOutput(Attributor.CONVERSIONS)
                    .map(StoreDelta::conversion)
                    .name("Conversions as store deltas"),
                creditedPurchases
                    .filter(purchase -> purchase.storeId() != null)
                    .name("Purchases of a store")
                    .map(StoreDelta::purchase)
                    .name("Purchases as store deltas"),
                credited
                    .getSideOutput(Attributor.WITHDRAWALS)
                    .flatMap(
                        (Withdrawal withdrawal, Collector<StoreDelta> out) ->
                            withdrawal.storeDeltas().forEach(out::collect))
                    .returns(TypeInformation.of(StoreDelta.class))
                    .name("Withdrawn credit as store deltas"),
                DropRepeats.apply(
                        purchases
                            .filter(purchase -> purchase.customerId() == null)
                            .name("Anonymous sales"),
                        Purchase::eventId,
                        Attributor.RETENTION,
                        config.engine().stateBackend())
                    .uid("footfall-anonymous-sale-repeats")
                    .name("Drop repeated anonymous sales")
                    .map(StoreDelta::anonymous)
                    .name("Anonymous sales as store deltas"))
            .keyBy(StoreDelta::storeId, StringKeys.TYPE)
            .process(new StoreKpiCounter())
            .uid("footfall-store-kpis")
            .name("Store totals");

    DataStream<CampaignStats> campaignStats =
        campaignKpis
            .map(
                kpis ->
                    new CampaignStats(
                        kpis.campaignId(),
                        Math.round(kpis.model(AttributionModel.LAST).visits()),
                        kpis.updatedAt()))
            .name("Dashboard campaign counts");

    DataStream<AttributedVisit> attributions =
        credited.filter(AttributedVisit::isAttributed).name("Attributed visits");
    return new Outputs(
        footfall,
        attributions,
        creditedPurchases,
        campaignKpis,
        storeKpis,
        campaignStats,
        footfall.getSideOutput(FootfallCounter.TOO_LATE));
  }
}
