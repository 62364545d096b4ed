package dev.o2o.footfall;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.AttributedVisit;
import dev.o2o.contract.CampaignStats;
import dev.o2o.contract.DoorCount;
import dev.o2o.contract.FootfallMinute;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.Visit;
import dev.o2o.contract.VisitStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Footfall and attribution: what each store saw per minute, and which store visits online campaigns
 * brought in.
 */
public final class FootfallJob {
  private FootfallJob() {}

  /** The job's outputs: running minute totals, credited visits, and running campaign totals. */
  public record Outputs(
      DataStream<FootfallMinute> footfall,
      DataStream<AttributedVisit> attributions,
      DataStream<CampaignStats> campaignStats) {}

  public static Outputs topology(
      DataStream<DoorCount> doorCounts,
      DataStream<Visit> visits,
      DataStream<OnlineTouch> touches,
      EngineConfig config) {
    DataStream<Visit> arrivals =
        visits.filter(visit -> visit.status() == VisitStatus.OPEN).name("Arrivals");

    DataStream<FootfallMinute> footfall =
        doorCounts
            .map(
                count ->
                    new FootfallMinute(
                        count.storeId(), minuteOf(count.occurredAt()), count.entries(), 0))
            .name("Door entries per minute")
            .union(
                arrivals
                    .map(
                        visit ->
                            new FootfallMinute(visit.storeId(), minuteOf(visit.enteredAt()), 0, 1))
                    .name("Arrivals per minute"))
            .keyBy(FootfallMinute::key)
            .process(new FootfallCounter())
            .uid("footfall-minute-counter")
            .name("Footfall per store and minute");

    DataStream<AttributedVisit> attributions =
        touches
            .connect(arrivals)
            .keyBy(OnlineTouch::customerId, Visit::customerId)
            .process(new Attributor(config.attribution()))
            .uid("footfall-attributor")
            .name("Attribute visits to campaign touches");

    DataStream<CampaignStats> campaignStats =
        attributions
            .keyBy(AttributedVisit::campaignId)
            .process(new CampaignCounter())
            .uid("footfall-campaign-counter")
            .name("Attributed visits per campaign");

    return new Outputs(footfall, attributions, campaignStats);
  }

  private static Instant minuteOf(Instant time) {
    return time.truncatedTo(ChronoUnit.MINUTES);
  }
}
