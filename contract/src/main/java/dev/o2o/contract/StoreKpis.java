package dev.o2o.contract;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One store's running attribution totals, from which reports derive its conversion rate and its
 * online share of sales. Money is in the catalogue's currency.
 *
 * <ul>
 *   <li>{@code visits}: identified visits (members' phones seen by the store's beacons).
 *   <li>{@code attributedVisits}: those some campaign earned; under every model a visit's shares
 *       add up to one, so this count is the same for all models.
 *   <li>{@code convertedVisits}: visits with a till sale during them.
 *   <li>{@code storeSales}: till sales, members' and anonymous; {@code onlineSales}: online orders
 *       collected at or placed from the store.
 *   <li>{@code attributedStoreSales}: members' till sales some campaign earned.
 * </ul>
 */
public record StoreKpis(
    String storeId,
    long visits,
    long attributedVisits,
    long convertedVisits,
    BigDecimal storeSales,
    BigDecimal onlineSales,
    BigDecimal attributedStoreSales,
    Instant updatedAt) {
  public static StoreKpis none(String storeId) {
    return new StoreKpis(storeId, 0, 0, 0, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, null);
  }
}
