package dev.o2o.contract;

import java.time.Instant;
import java.util.List;

/**
 * The verdict on a campaign that arrived on the campaigns topic: accepted and activated, or refused
 * with every brand policy rule it breaks. A refused campaign is never activated; an earlier
 * accepted version of it keeps running. The campaign is carried whole, so stores can review what
 * was asked for.
 */
public record CampaignReport(
    String campaignId,
    Verdict verdict,
    List<PolicyBreach> breaches,
    Campaign campaign,
    Instant checkedAt) {
  public CampaignReport {
    Require.id(campaignId, "campaignId");
    Require.present(verdict, "verdict");
    breaches = List.copyOf(Require.present(breaches, "breaches"));
    Require.present(campaign, "campaign");
    Require.present(checkedAt, "checkedAt");
    if ((verdict == Verdict.ACCEPTED) != breaches.isEmpty()) {
      throw new InvalidEventException("a campaign is refused exactly when it breaks a rule");
    }
  }

  /** The report on a campaign breaking the given rules; none means accepted. */
  public static CampaignReport of(Campaign campaign, List<PolicyBreach> breaches, Instant at) {
    return new CampaignReport(
        campaign.campaignId(),
        breaches.isEmpty() ? Verdict.ACCEPTED : Verdict.REFUSED,
        breaches,
        campaign,
        at);
  }

  /** Whether the campaign was activated. */
  public enum Verdict {
    ACCEPTED("accepted"),
    REFUSED("refused");

    private final String wireName;

    Verdict(String wireName) {
      this.wireName = wireName;
    }

    @Override
    public String toString() {
      return wireName;
    }
  }
}
