package dev.o2o.config;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;

/**
 * How beacon sightings become visits, and the guardrails on arrival offers: a visit opens once
 * {@code minSightings} sightings at least as strong as {@code minRssi} fall within {@code
 * entryWindow} of each other, and closes after {@code exitAfter} unseen; no customer gets more than
 * one offer per {@code offerCooldown}, nor more than any of the {@code frequencyCaps} allow within
 * their windows, and none in the store's local quiet hours. A member earns {@code
 * pointsPerUnitOfCurrency} points for every unit of currency spent, in stores and online alike.
 * Campaigns run only within the brand {@code policy}.
 */
public record EngagementSettings(
    int minRssi,
    int minSightings,
    Duration entryWindow,
    Duration exitAfter,
    Duration offerValidity,
    Duration offerCooldown,
    List<FrequencyCap> frequencyCaps,
    LocalTime quietHoursStart,
    LocalTime quietHoursEnd,
    double pointsPerUnitOfCurrency,
    BrandPolicy policy)
    implements Serializable {
  public EngagementSettings {
    frequencyCaps = List.copyOf(frequencyCaps);
  }

  /** How long an issued offer can still count against a cap or the cooldown. */
  public Duration offerMemory() {
    return frequencyCaps.stream()
        .map(FrequencyCap::window)
        .reduce(offerCooldown, (a, b) -> a.compareTo(b) >= 0 ? a : b);
  }

  /** How many of the latest offers must be remembered to tell whether any cap is reached. */
  public int offersRemembered() {
    return frequencyCaps.stream().mapToInt(FrequencyCap::max).max().orElse(1);
  }

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
