package dev.o2o.config;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalTime;

/**
 * How beacon sightings become visits, and the guardrails on arrival offers: a visit opens once
 * {@code minSightings} sightings at least as strong as {@code minRssi} fall within {@code
 * entryWindow} of each other, and closes after {@code exitAfter} unseen; no customer gets more than
 * one offer per {@code offerCooldown}, and none in the store's local quiet hours. A member earns
 * {@code pointsPerUnitOfCurrency} points for every unit of currency spent, in stores and online
 * alike. Campaigns run only within the brand {@code policy}.
 */
public record EngagementSettings(
    int minRssi,
    int minSightings,
    Duration entryWindow,
    Duration exitAfter,
    Duration offerValidity,
    Duration offerCooldown,
    LocalTime quietHoursStart,
    LocalTime quietHoursEnd,
    double pointsPerUnitOfCurrency,
    BrandPolicy policy)
    implements Serializable {

  /** The points a purchase of {@code amount} earns, rounded down to whole points. */
  public long pointsFor(BigDecimal amount) {
    return amount
        .multiply(BigDecimal.valueOf(pointsPerUnitOfCurrency))
        .setScale(0, RoundingMode.FLOOR)
        .longValueExact();
  }

  /** Whether a local time falls in quiet hours; the window may span midnight. */
  public boolean isQuiet(LocalTime local) {
    if (quietHoursStart.equals(quietHoursEnd)) {
      return false;
    }
    if (quietHoursStart.isBefore(quietHoursEnd)) {
      return !local.isBefore(quietHoursStart) && local.isBefore(quietHoursEnd);
    }
    return !local.isBefore(quietHoursStart) || local.isBefore(quietHoursEnd);
  }
}
