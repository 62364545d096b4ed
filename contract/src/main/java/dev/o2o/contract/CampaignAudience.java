package dev.o2o.contract;

import java.util.List;

/**
 * Who a campaign is for, so that its benefit reaches a defined group instead of everyone: members
 * about to make their first purchase ({@code firstPurchaseOnly}: nothing bought yet in a store or
 * online), members of some {@code tiers}, members of some {@code segments}. Every rule given must
 * hold; an absent rule or an empty list does not restrict. A campaign without an audience is for
 * every member.
 */
public record CampaignAudience(
    Boolean firstPurchaseOnly, List<String> tiers, List<CustomerSegment> segments) {
  public CampaignAudience {
    firstPurchaseOnly = Boolean.TRUE.equals(firstPurchaseOnly);
    tiers = tiers == null ? List.of() : List.copyOf(tiers);
    tiers.forEach(tier -> Require.id(tier, "audience.tiers[]"));
    segments = segments == null ? List.of() : List.copyOf(segments);
    segments.forEach(segment -> Require.present(segment, "audience.segments[]"));
    if (firstPurchaseOnly && !segments.isEmpty() && !segments.contains(CustomerSegment.NEW)) {
      throw new InvalidEventException(
          "audience.segments must include new when audience.firstPurchaseOnly is true, since only"
              + " members who bought nothing yet can make a first purchase");
    }
  }

  /**
   * Whether a member of {@code tier} (null when the membership system has not said) and {@code
   * segment}, who has or has not bought anything yet, belongs to the audience.
   */
  public boolean admits(String tier, CustomerSegment segment, boolean boughtBefore) {
    if (firstPurchaseOnly && boughtBefore) {
      return false;
    }
    if (!tiers.isEmpty() && (tier == null || !tiers.contains(tier))) {
      return false;
    }
    return segments.isEmpty() || segments.contains(segment);
  }
}
