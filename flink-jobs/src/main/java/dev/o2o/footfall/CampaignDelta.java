package dev.o2o.footfall;

import dev.o2o.contract.AttributedPurchase;
import dev.o2o.contract.AttributedVisit;
import dev.o2o.contract.Campaign;
import dev.o2o.contract.CampaignCredit;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.PurchaseChannel;
import dev.o2o.contract.Shares;
import dev.o2o.contract.TouchKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One change to a campaign's totals, keyed by campaign id; exactly one of its parts is set: the
 * campaign's definition, a touch, a credited visit, a converted visit, a credited purchase with its
 * amount and channel, or a member of a holdout group joining the audience or visiting.
 */
public record CampaignDelta(
    String campaignId,
    Instant at,
    Campaign definition,
    TouchKind touch,
    Shares visit,
    Shares conversion,
    Shares purchase,
    BigDecimal amount,
    PurchaseChannel channel,
    HoldoutGroup group,
    boolean visitor) {

  public static CampaignDelta of(Campaign campaign, Instant at) {
    return new CampaignDelta(
        campaign.campaignId(), at, campaign, null, null, null, null, null, null, null, false);
  }

  public static CampaignDelta of(OnlineTouch touch) {
    return new CampaignDelta(
        touch.campaignId(),
        touch.occurredAt(),
        null,
        touch.kind(),
        null,
        null,
        null,
        null,
        null,
        null,
        false);
  }

  /** A member joined the campaign's audience in a group, or, as a visitor, visited after. */
  public static CampaignDelta audience(
      String campaignId, Instant at, HoldoutGroup group, boolean visitor) {
    return new CampaignDelta(
        campaignId, at, null, null, null, null, null, null, null, group, visitor);
  }

  public static List<CampaignDelta> visits(AttributedVisit visit) {
    return perCampaign(visit, false);
  }

  public static List<CampaignDelta> conversions(AttributedVisit visit) {
    return perCampaign(visit, true);
  }

  /** Each credited campaign's shares of the visit, as a credited or as a converted visit. */
  private static List<CampaignDelta> perCampaign(AttributedVisit visit, boolean converted) {
    return visit.campaigns().stream()
        .map(
            credit ->
                new CampaignDelta(
                    credit.campaignId(),
                    visit.visitedAt(),
                    null,
                    null,
                    converted ? null : credit.shares(),
                    converted ? credit.shares() : null,
                    null,
                    null,
                    null,
                    null,
                    false))
        .toList();
  }

  /** The same credit taken back: its visit, conversion and purchase shares negated. */
  public CampaignDelta negated() {
    return new CampaignDelta(
        campaignId,
        at,
        definition,
        touch,
        visit == null ? null : visit.negated(),
        conversion == null ? null : conversion.negated(),
        purchase == null ? null : purchase.negated(),
        amount,
        channel,
        group,
        visitor);
  }

  public static List<CampaignDelta> purchases(AttributedPurchase purchase) {
    return purchase.campaigns().stream()
        .map(
            (CampaignCredit credit) ->
                new CampaignDelta(
                    credit.campaignId(),
                    purchase.occurredAt(),
                    null,
                    null,
                    null,
                    null,
                    credit.shares(),
                    purchase.amount(),
                    purchase.channel(),
                    null,
                    false))
        .toList();
  }
}
