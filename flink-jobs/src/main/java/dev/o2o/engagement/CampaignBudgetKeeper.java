package dev.o2o.engagement;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.Benefit;
import dev.o2o.contract.Campaign;
import dev.o2o.contract.CampaignBudget;
import dev.o2o.contract.CampaignDefined;
import dev.o2o.contract.Json;
import dev.o2o.contract.Redemption;
import dev.o2o.jobs.Utf8StringSerializer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps what each campaign's benefits have given away (keyed by campaign id), so that a campaign
 * stops once its budget is used. The measure is the benefit value of accepted redemptions, one unit
 * per redemption, since an offer is for one item: the percentage of the redeemed item's catalogue
 * shelf price, the amount off (at most that price), or the bonus points at the brand policy's point
 * value. Offers that are issued but not redeemed cost nothing. Every change, and every new
 * definition of the campaign (a raised budget may lift the stop), is emitted as a {@link
 * CampaignBudget}, which the offer selector receives as broadcast input.
 *
 * <p>The redeemer answers a sale delivered twice with the same accepted redemption, for as long as
 * it remembers the offer; each redemption id therefore counts once, and is remembered until event
 * time passes the redemption plus the offer validity and the engine's out-of-orderness bound. The
 * campaign's state is dropped once event time passes its end by that same span, when none of its
 * offers can be redeemed any more.
 */
public final class CampaignBudgetKeeper
    extends KeyedCoProcessFunction<String, CampaignDefined, Redemption, CampaignBudget> {
  static final ValueStateDescriptor<Campaign> CAMPAIGN =
      new ValueStateDescriptor<>("campaign", Campaign.class);

  static final ValueStateDescriptor<CampaignBudget> STATUS =
      new ValueStateDescriptor<>("budget-status", CampaignBudget.class);

  /** Redemption ids already counted, each with the event time after which it is forgotten. */
  static final MapStateDescriptor<String, Long> COUNTED =
      new MapStateDescriptor<>(
          "counted-redemptions", Utf8StringSerializer.INSTANCE, LongSerializer.INSTANCE);

  private final Map<String, BigDecimal> prices;
  private final List<String> configuredCampaigns;
  private final Duration redeemable;
  private final BigDecimal pointValue;
  private transient ValueState<Campaign> campaign;
  private transient ValueState<CampaignBudget> status;
  private transient MapState<String, Long> counted;
  private transient Map<String, Campaign> configured;

  public CampaignBudgetKeeper(EngineConfig config) {
    this.prices = new HashMap<>();
    config.catalogue().items().forEach(item -> prices.put(item.sku(), item.price()));
    // Contract records are not Serializable; the configured campaigns travel as their JSON.
    this.configuredCampaigns =
        new ArrayList<>(config.campaigns().stream().map(Json::encodeToString).toList());
    this.redeemable = config.engagement().offerValidity().plus(config.engine().maxOutOfOrderness());
    this.pointValue = config.engagement().policy().pointValue();
  }

  @Override
  public void open(OpenContext context) {
    campaign = getRuntimeContext().getState(CAMPAIGN);
    status = getRuntimeContext().getState(STATUS);
    counted = getRuntimeContext().getMapState(COUNTED);
    configured = new HashMap<>();
    configuredCampaigns.stream()
        .map(json -> Json.decode(json, Campaign.class))
        .forEach(c -> configured.put(c.campaignId(), c));
  }

  @Override
  public void processElement1(CampaignDefined defined, Context ctx, Collector<CampaignBudget> out)
      throws Exception {
    Campaign current = defined.campaign();
    campaign.update(current);
    ctx.timerService().registerEventTimeTimer(forgetAt(current));
    if (current.budget() == null) {
      return;
    }
    CampaignBudget before = status.value();
    CampaignBudget next =
        CampaignBudget.of(
            current.campaignId(),
            current.budget(),
            before == null ? BigDecimal.ZERO : before.committed(),
            current.currency(),
            before == null ? 0 : before.redemptions(),
            defined.occurredAt());
    status.update(next);
    out.collect(next);
  }

  @Override
  public void processElement2(Redemption redemption, Context ctx, Collector<CampaignBudget> out)
      throws Exception {
    Campaign current = campaign.value();
    if (current == null) {
      current = configured.get(ctx.getCurrentKey());
    }
    if (redemption.outcome() != Redemption.Outcome.ACCEPTED
        || current == null
        || current.budget() == null
        || counted.contains(redemption.redemptionId())) {
      return;
    }
    long forget = redemption.occurredAt().plus(redeemable).toEpochMilli();
    counted.put(redemption.redemptionId(), forget);
    ctx.timerService().registerEventTimeTimer(forget);
    ctx.timerService().registerEventTimeTimer(forgetAt(current));
    CampaignBudget before = status.value();
    CampaignBudget next =
        CampaignBudget.of(
            current.campaignId(),
            current.budget(),
            (before == null ? BigDecimal.ZERO : before.committed())
                .add(benefit(current, redemption)),
            current.currency(),
            (before == null ? 0 : before.redemptions()) + 1,
            redemption.occurredAt());
    status.update(next);
    out.collect(next);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<CampaignBudget> out)
      throws Exception {
    List<String> forgotten = new ArrayList<>();
    for (Map.Entry<String, Long> entry : counted.entries()) {
      if (entry.getValue() <= timestamp) {
        forgotten.add(entry.getKey());
      }
    }
    for (String redemptionId : forgotten) {
      counted.remove(redemptionId);
    }
    Campaign current = campaign.value();
    if (current == null) {
      current = configured.get(ctx.getCurrentKey());
    }
    if ((current == null || timestamp >= forgetAt(current)) && counted.isEmpty()) {
      campaign.clear();
      status.clear();
    }
  }

  /**
   * What the redeemed offer gave on one unit of the sku at its shelf price, to the cent: the
   * offer's own benefit, or for a redemption recorded without one, the campaign's current benefit.
   */
  private BigDecimal benefit(Campaign current, Redemption redemption) {
    BigDecimal price = prices.getOrDefault(redemption.sku(), BigDecimal.ZERO);
    Benefit given = redemption.benefit() != null ? redemption.benefit() : current.benefit();
    return given.valueOn(price, pointValue);
  }

  private long forgetAt(Campaign current) {
    return current.endsAt().plus(redeemable).toEpochMilli();
  }
}
