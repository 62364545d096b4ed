package dev.o2o.footfall;

import dev.o2o.contract.AttributionModel;
import dev.o2o.contract.Campaign;
import dev.o2o.contract.CampaignKpis;
import dev.o2o.contract.CampaignKpis.ModelTotals;
import dev.o2o.contract.Json;
import dev.o2o.contract.PurchaseChannel;
import dev.o2o.contract.Shares;
import dev.o2o.contract.TouchKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps each campaign's running {@link CampaignKpis} (keyed by campaign id) and emits them after
 * every change. A campaign's definition comes from {@code o2o.campaigns} or, until one arrives
 * there, from the configuration. Credited revenue is kept to {@link #REVENUE_SCALE} decimals.
 */
public final class CampaignKpiCounter
    extends KeyedProcessFunction<String, CampaignDelta, CampaignKpis> {
  static final int REVENUE_SCALE = 4;

  static final ValueStateDescriptor<CampaignKpis> KPIS =
      new ValueStateDescriptor<>("campaign-kpis", CampaignKpis.class);

  // Contract records are not Serializable; the configured campaigns travel as their JSON.
  private final HashMap<String, String> configured = new HashMap<>();
  private transient ValueState<CampaignKpis> kpis;

  public CampaignKpiCounter(List<Campaign> campaigns) {
    campaigns.forEach(c -> configured.put(c.campaignId(), Json.encodeToString(c)));
  }

  @Override
  public void open(OpenContext context) {
    kpis = getRuntimeContext().getState(KPIS);
  }

  @Override
  public void processElement(CampaignDelta delta, Context ctx, Collector<CampaignKpis> out)
      throws Exception {
    CampaignKpis current = kpis.value();
    if (current == null) {
      current = empty(delta.campaignId());
    }
    CampaignKpis next = apply(current, delta);
    kpis.update(next);
    out.collect(next);
  }

  private CampaignKpis empty(String campaignId) {
    List<ModelTotals> models = new ArrayList<>();
    for (AttributionModel model : AttributionModel.values()) {
      models.add(new ModelTotals(model, 0, 0, BigDecimal.ZERO, BigDecimal.ZERO));
    }
    CampaignKpis none =
        new CampaignKpis(
            campaignId,
            null,
            null,
            null,
            null,
            0,
            0,
            0,
            0,
            models,
            CampaignKpis.Holdout.EMPTY,
            null);
    String json = configured.get(campaignId);
    return json == null ? none : define(none, Json.decode(json, Campaign.class));
  }

  private static CampaignKpis apply(CampaignKpis kpis, CampaignDelta delta) {
    Instant updatedAt =
        kpis.updatedAt() == null || delta.at().isAfter(kpis.updatedAt())
            ? delta.at()
            : kpis.updatedAt();
    if (delta.definition() != null) {
      return withTime(define(kpis, delta.definition()), updatedAt);
    } else if (delta.touch() != null) {
      return countTouch(kpis, delta, updatedAt);
    } else if (delta.group() != null) {
      return countAudience(kpis, delta, updatedAt);
    }
    List<ModelTotals> models = new ArrayList<>();
    for (ModelTotals totals : kpis.models()) {
      models.add(add(totals, delta));
    }
    return new CampaignKpis(
        kpis.campaignId(),
        kpis.name(),
        kpis.spend(),
        kpis.currency(),
        kpis.holdoutShare(),
        kpis.impressions(),
        kpis.clicks(),
        kpis.couponClaims(),
        kpis.productViews(),
        models,
        kpis.holdout(),
        updatedAt);
  }

  private static ModelTotals add(ModelTotals totals, CampaignDelta delta) {
    AttributionModel model = totals.model();
    double visits = totals.visits() + share(delta.visit(), model);
    double converted = totals.convertedVisits() + share(delta.conversion(), model);
    BigDecimal store = totals.storeRevenue();
    BigDecimal online = totals.onlineRevenue();
    if (delta.purchase() != null) {
      BigDecimal credited =
          delta
              .amount()
              .multiply(BigDecimal.valueOf(delta.purchase().of(model)))
              .setScale(REVENUE_SCALE, RoundingMode.HALF_EVEN);
      if (delta.channel() == PurchaseChannel.STORE) {
        store = store.add(credited);
      } else {
        online = online.add(credited);
      }
    }
    return new ModelTotals(model, visits, converted, store, online);
  }

  private static double share(Shares shares, AttributionModel model) {
    return shares == null ? 0 : shares.of(model);
  }

  private static CampaignKpis countTouch(CampaignKpis k, CampaignDelta delta, Instant updatedAt) {
    return new CampaignKpis(
        k.campaignId(),
        k.name(),
        k.spend(),
        k.currency(),
        k.holdoutShare(),
        k.impressions() + (delta.touch() == TouchKind.IMPRESSION ? 1 : 0),
        k.clicks() + (delta.touch() == TouchKind.CLICK ? 1 : 0),
        k.couponClaims() + (delta.touch() == TouchKind.COUPON_CLAIM ? 1 : 0),
        k.productViews() + (delta.touch() == TouchKind.PRODUCT_VIEW ? 1 : 0),
        k.models(),
        k.holdout(),
        updatedAt);
  }

  private static CampaignKpis countAudience(
      CampaignKpis k, CampaignDelta delta, Instant updatedAt) {
    CampaignKpis.Holdout h = k.holdout();
    boolean control = delta.group() == HoldoutGroup.CONTROL;
    long members = delta.visitor() ? 0 : 1;
    long visitors = delta.visitor() ? 1 : 0;
    CampaignKpis.Holdout next =
        new CampaignKpis.Holdout(
            h.exposedMembers() + (control ? 0 : members),
            h.exposedVisitors() + (control ? 0 : visitors),
            h.controlMembers() + (control ? members : 0),
            h.controlVisitors() + (control ? visitors : 0));
    return new CampaignKpis(
        k.campaignId(),
        k.name(),
        k.spend(),
        k.currency(),
        k.holdoutShare(),
        k.impressions(),
        k.clicks(),
        k.couponClaims(),
        k.productViews(),
        k.models(),
        next,
        updatedAt);
  }

  private static CampaignKpis define(CampaignKpis k, Campaign campaign) {
    return new CampaignKpis(
        k.campaignId(),
        campaign.name(),
        campaign.spend(),
        campaign.currency(),
        campaign.holdoutShare(),
        k.impressions(),
        k.clicks(),
        k.couponClaims(),
        k.productViews(),
        k.models(),
        k.holdout(),
        k.updatedAt());
  }

  private static CampaignKpis withTime(CampaignKpis k, Instant updatedAt) {
    return new CampaignKpis(
        k.campaignId(),
        k.name(),
        k.spend(),
        k.currency(),
        k.holdoutShare(),
        k.impressions(),
        k.clicks(),
        k.couponClaims(),
        k.productViews(),
        k.models(),
        k.holdout(),
        updatedAt);
  }
}
