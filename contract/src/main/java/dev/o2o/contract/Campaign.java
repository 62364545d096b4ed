package dev.o2o.contract;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * An online campaign as marketing defines it: the categories it promotes, the arrival benefit it
 * grants, when it runs, what it costs, and the share of members held out as a control group.
 */
public record Campaign(
    String campaignId,
    String name,
    List<String> categories,
    int percentOff,
    Instant startsAt,
    Instant endsAt,
    BigDecimal spend,
    String currency,
    double holdoutShare) {
  public Campaign {
    Require.id(campaignId, "campaignId");
    Require.present(name, "name");
    Require.present(categories, "categories");
    categories = List.copyOf(categories);
    categories.forEach(c -> Require.id(c, "categories[]"));
    Require.between(percentOff, "percentOff", 0, 90);
    Require.present(startsAt, "startsAt");
    Require.present(endsAt, "endsAt");
    if (!endsAt.isAfter(startsAt)) {
      throw new InvalidEventException("endsAt must be after startsAt");
    }
    Require.price(spend, "spend");
    Require.currency(currency, "currency");
    if (!(holdoutShare >= 0 && holdoutShare < 1)) {
      throw new InvalidEventException("holdoutShare must be at least 0 and below 1");
    }
  }

  public boolean runsAt(Instant time) {
    return !time.isBefore(startsAt) && time.isBefore(endsAt);
  }
}
