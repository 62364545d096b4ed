package dev.o2o.contract;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

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

    /**
     * The lift, once each group has at least {@code minVolume} members and both have visitors: the
     * ratio of the visit rates with a 95% confidence interval by the log method (Katz): the log of
     * the ratio is taken as normal with variance 1/a - 1/n1 + 1/c - 1/n2, for a visitors among n1
     * exposed members and c among n2 control members.
     */
    public Optional<Lift> lift(int minVolume) {
      if (exposedMembers < minVolume
          || controlMembers < minVolume
          || exposedVisitors == 0
          || controlVisitors == 0) {
        return Optional.empty();
      }
      double exposedRate = (double) exposedVisitors / exposedMembers;
      double controlRate = (double) controlVisitors / controlMembers;
      double ratio = exposedRate / controlRate;
      double standardError =
          Math.sqrt(
              1.0 / exposedVisitors
                  - 1.0 / exposedMembers
                  + 1.0 / controlVisitors
                  - 1.0 / controlMembers);
      double margin = Lift.Z_95 * standardError;
      return Optional.of(
          new Lift(
              exposedRate,
              controlRate,
              ratio,
              Math.exp(Math.log(ratio) - margin),
              Math.exp(Math.log(ratio) + margin)));
    }
  }

  /** Exposed visit rate over control visit rate, with the bounds of its 95% interval. */
  public record Lift(
      double exposedRate, double controlRate, double ratio, double low, double high) {
    static final double Z_95 = 1.959963984540054;
  }

  public ModelTotals model(AttributionModel model) {
    return models.get(model.ordinal());
  }
}
