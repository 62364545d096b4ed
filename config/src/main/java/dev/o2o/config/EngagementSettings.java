package dev.o2o.config;

import java.io.Serializable;
import java.time.Duration;
import java.time.LocalTime;

/**
 * How beacon sightings become visits, and the guardrails on arrival offers: a visit opens after
 * {@code minSightings} sightings at least as strong as {@code minRssi}, and closes after {@code
 * exitAfter} unseen; no customer gets more than one offer per {@code offerCooldown}, and none in
 * the store's local quiet hours. Campaigns run only within the brand {@code policy}.
 */
public record EngagementSettings(
    int minRssi,
    int minSightings,
    Duration exitAfter,
    Duration offerValidity,
    Duration offerCooldown,
    LocalTime quietHoursStart,
    LocalTime quietHoursEnd,
    BrandPolicy policy)
    implements Serializable {

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
