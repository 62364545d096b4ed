package dev.o2o.contract;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * How much of a campaign's budget its benefits have used: {@code committed} is the benefit value of
 * its accepted redemptions (each the redeemed item's shelf price times the campaign's percent off),
 * over {@code redemptions} of them. Once {@code committed} reaches {@code budget} the campaign is
 * {@code exhausted} and is no longer offered; raising the budget lets it run again. {@code
 * occurredAt} is the event time of the redemption or campaign change that produced this status.
 */
public record CampaignBudget(
    String campaignId,
    BigDecimal budget,
    BigDecimal committed,
    String currency,
    long redemptions,
    boolean exhausted,
    Instant occurredAt) {
  public CampaignBudget {
    Require.id(campaignId, "campaignId");
    notNegative(budget, "budget");
    notNegative(committed, "committed");
    Require.currency(currency, "currency");
    if (redemptions < 0) {
      throw new InvalidEventException("redemptions must not be negative");
    }
    Require.present(occurredAt, "occurredAt");
    if (exhausted != (committed.compareTo(budget) >= 0)) {
      throw new InvalidEventException("a campaign is exhausted exactly when committed >= budget");
    }
  }

  private static void notNegative(BigDecimal amount, String field) {
    if (Require.present(amount, field).signum() < 0) {
      throw new InvalidEventException(field + " must not be negative");
    }
  }

  /** The status of a campaign with {@code budget} that has committed {@code committed}. */
  public static CampaignBudget of(
      String campaignId,
      BigDecimal budget,
      BigDecimal committed,
      String currency,
      long redemptions,
      Instant at) {
    return new CampaignBudget(
        campaignId, budget, committed, currency, redemptions, committed.compareTo(budget) >= 0, at);
  }

  /** What is left to give away, never below zero. */
  public BigDecimal remaining() {
    return budget.subtract(committed).max(BigDecimal.ZERO);
  }
}
