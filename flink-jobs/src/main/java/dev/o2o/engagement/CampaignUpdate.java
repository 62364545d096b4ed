package dev.o2o.engagement;

import dev.o2o.contract.CampaignBudget;
import dev.o2o.contract.CampaignDefined;

/**
 * One change the offer selector learns about campaigns: a campaign defined within the brand policy,
 * or how much of a campaign's budget is used. Exactly one field is set; both travel on the one
 * broadcast input of the selector.
 */
public record CampaignUpdate(CampaignDefined defined, CampaignBudget budget) {
  public static CampaignUpdate of(CampaignDefined defined) {
    return new CampaignUpdate(defined, null);
  }

  public static CampaignUpdate of(CampaignBudget budget) {
    return new CampaignUpdate(null, budget);
  }
}
