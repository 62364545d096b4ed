package dev.o2o.footfall;

import dev.o2o.contract.AttributedVisit;
import dev.o2o.contract.CampaignStats;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/** Keeps each campaign's running count of attributed store visits (keyed by campaign id). */
public final class CampaignCounter
    extends KeyedProcessFunction<String, AttributedVisit, CampaignStats> {
  static final ValueStateDescriptor<CampaignStats> STATS =
      new ValueStateDescriptor<>("campaign-stats", CampaignStats.class);

  private transient ValueState<CampaignStats> stats;

  @Override
  public void open(OpenContext context) {
    stats = getRuntimeContext().getState(STATS);
  }

  @Override
  public void processElement(AttributedVisit visit, Context ctx, Collector<CampaignStats> out)
      throws Exception {
    CampaignStats current = stats.value();
    long count = current == null ? 1 : current.attributedVisits() + 1;
    Instant updatedAt =
        current == null || visit.visitedAt().isAfter(current.updatedAt())
            ? visit.visitedAt()
            : current.updatedAt();
    CampaignStats next = new CampaignStats(visit.campaignId(), count, updatedAt);
    stats.update(next);
    out.collect(next);
  }
}
