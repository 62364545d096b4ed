package dev.o2o.contract;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One campaign's running totals, from which reports derive cost per visit, ROAS, CTR, CVR and lift.
 *
 * <ul>
 *   <li>{@code name}, {@code spend}, {@code currency}, {@code holdoutShare}: as the campaign was
 *       last defined (in the configuration or on {@code o2o.campaigns}); absent for a campaign
 *       never defined.
 *   <li>{@code impressions}, {@code clicks}, {@code couponClaims}, {@code productViews}: touches
 *       counted once each by event id upstream.
 *   <li>{@code models}: per {@link AttributionModel}, in its order, the visits credited to the
 *       campaign (fractional under shared models), those of them converted by a purchase, and the
 *       credited revenue of till sales and online orders, in the catalogue's currency.
 *   <li>{@code holdout}: the campaign's audience per holdout group and how many of each visited.
 * </ul>
 */
public record CampaignKpis(
    String campaignId,
    String name,
    BigDecimal spend,
    String currency,
    Double holdoutShare,
    long impressions,
    long clicks,
    long couponClaims,
    long productViews,
    List<ModelTotals> models,
    Holdout holdout,
    Instant updatedAt) {
  public CampaignKpis {
    models = List.copyOf(models);
  }

  /** What the campaign earned under one model. */
  public record ModelTotals(
      AttributionModel model,
      double visits,
      double convertedVisits,
      BigDecimal storeRevenue,
      BigDecimal onlineRevenue) {}

  /**
   * The campaign's audience (members touched by it while it ran) in each holdout group, and how
   * many of them visited a store within the click window of joining it.
   */
  public record Holdout(
      long exposedMembers, long exposedVisitors, long controlMembers, long controlVisitors) {
    public static final Holdout EMPTY = new Holdout(0, 0, 0, 0);
  }

  public ModelTotals model(AttributionModel model) {
    return models.get(model.ordinal());
  }
}
