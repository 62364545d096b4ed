package dev.o2o.contract;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * An online campaign as marketing defines it: the categories it promotes, the arrival {@link
 * Benefit} it grants (a percentage or an amount off, or bonus points), when it runs, what it costs,
 * and the share of members held out as a control group. The {@code budget} caps what its benefits
 * may give away, and {@code parityBandPercent} is how far an arrival offer may sell below the
 * store's shelf price (absent means not at all). {@code maxOffersPerMember}, when present, is how
 * many of its offers one member may get in all, and {@code audience}, when present, which members
 * it is for (absent: everyone). Whether a campaign may run at all is the brand policy's call, which
 * refuses it with a report naming the rule it breaks, so these fields are checked there rather than
 * here.
 */
public record Campaign(
    String campaignId,
    String name,
    List<String> categories,
    Benefit benefit,
    Instant startsAt,
    Instant endsAt,
    BigDecimal spend,
    String currency,
    double holdoutShare,
    BigDecimal budget,
    Integer parityBandPercent,
    Integer maxOffersPerMember,
    CampaignAudience audience) {
  public Campaign {
    Require.id(campaignId, "campaignId");
    Require.present(name, "name");
    Require.present(categories, "categories");
    categories = List.copyOf(categories);
    categories.forEach(c -> Require.id(c, "categories[]"));
    Require.present(benefit, "benefit");
    Require.present(startsAt, "startsAt");
    Require.present(endsAt, "endsAt");
    Require.price(spend, "spend");
    Require.currency(currency, "currency");
    if (benefit.currency() != null && !benefit.currency().equals(currency)) {
      throw new InvalidEventException(
          "benefit.currency must be the campaign's currency "
              + currency
              + " but was "
              + benefit.currency());
    }
    if (!(holdoutShare >= 0 && holdoutShare < 1)) {
      throw new InvalidEventException("holdoutShare must be at least 0 and below 1");
    }
    if (parityBandPercent != null) {
      Require.between(parityBandPercent, "parityBandPercent", 0, 90);
    }
    if (maxOffersPerMember != null) {
      Require.between(maxOffersPerMember, "maxOffersPerMember", 1, 10_000);
    }
  }

  /** A campaign for every member, without a per-member cap. */
  public Campaign(
      String campaignId,
      String name,
      List<String> categories,
      Benefit benefit,
      Instant startsAt,
      Instant endsAt,
      BigDecimal spend,
      String currency,
      double holdoutShare,
      BigDecimal budget,
      Integer parityBandPercent) {
    this(
        campaignId,
        name,
        categories,
        benefit,
        startsAt,
        endsAt,
        spend,
        currency,
        holdoutShare,
        budget,
        parityBandPercent,
        null,
        null);
  }

  /** Whether the campaign is for a member of {@code tier} and {@code segment}. */
  public boolean isFor(String tier, CustomerSegment segment, boolean boughtBefore) {
    return audience == null || audience.admits(tier, segment, boughtBefore);
  }

  /** Whether a member who got {@code offersSoFar} of its offers may get another. */
  public boolean allowsAnotherOffer(int offersSoFar) {
    return maxOffersPerMember == null || offersSoFar < maxOffersPerMember;
  }

  /** How far below the shelf price an arrival offer may sell, in percent. */
  public int allowedUndercutPercent() {
    return parityBandPercent == null ? 0 : parityBandPercent;
  }

  public boolean runsAt(Instant time) {
    return !time.isBefore(startsAt) && time.isBefore(endsAt);
  }

  /**
   * Whether the member belongs to this campaign's control group, which is never sent its offers so
   * that its visits show what the campaign added. The draw is {@link #holdoutDraw} below {@code
   * holdoutShare}: stable for a campaign and member everywhere, independent across campaigns.
   */
  public boolean holdsOut(String customerId) {
    return holdoutDraw(campaignId, customerId) < holdoutShare;
  }

  /**
   * A number in [0, 1) fixed by campaign and member: the 64-bit FNV-1a hash of their UTF-8 ids
   * (separated by a zero byte), mixed by the SplitMix64 finaliser, and its top 53 bits as a
   * fraction. Any implementation can reproduce it.
   */
  public static double holdoutDraw(String campaignId, String customerId) {
    long hash = 0xcbf29ce484222325L;
    byte[] campaign = campaignId.getBytes(StandardCharsets.UTF_8);
    byte[] customer = customerId.getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[campaign.length + 1 + customer.length];
    System.arraycopy(campaign, 0, bytes, 0, campaign.length);
    System.arraycopy(customer, 0, bytes, campaign.length + 1, customer.length);
    for (byte b : bytes) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    hash ^= hash >>> 30;
    hash *= 0xbf58476d1ce4e5b9L;
    hash ^= hash >>> 27;
    hash *= 0x94d049bb133111ebL;
    hash ^= hash >>> 31;
    return (hash >>> 11) * 0x1.0p-53;
  }
}
