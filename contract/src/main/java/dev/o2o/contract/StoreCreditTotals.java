package dev.o2o.contract;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The online sales credited to one store so far, as its store manager sees them: what each role
 * earned the store, and the latest credits behind the figures.
 *
 * <ul>
 *   <li>{@code storeId}: the credited store.
 *   <li>{@code roles}: one total per role and currency, in the order of {@link StoreCredit.Role}
 *       and then by currency. The four roles are always listed in the store's first currency (zero
 *       until credited); a credit in another currency adds that currency's entries. As with {@link
 *       StoreCredit}, each role counts a line's full value, so the roles must not be added up.
 *   <li>{@code recent}: the last {@value #RECENT} credits, newest first by {@code occurredAt}.
 *   <li>{@code updatedAt}: the event time of the newest credit counted; absent before the first.
 * </ul>
 */
public record StoreCreditTotals(
    String storeId, List<RoleTotal> roles, List<StoreCredit> recent, Instant updatedAt) {
  /** How many of the latest credits are kept for the store manager's view. */
  public static final int RECENT = 20;

  public StoreCreditTotals {
    roles = List.copyOf(roles);
    recent = List.copyOf(recent);
  }

  /**
   * What one role earned the store in one currency: the credited {@code amount}, the number of
   * order {@code lines} credited, and the {@code units} on those lines.
   */
  public record RoleTotal(
      StoreCredit.Role role, String currency, BigDecimal amount, long lines, long units) {}

  /** A store without credits: every role at zero in the given currency. */
  public static StoreCreditTotals none(String storeId, String currency) {
    List<RoleTotal> zeros = new ArrayList<>();
    for (StoreCredit.Role role : StoreCredit.Role.values()) {
      zeros.add(new RoleTotal(role, currency, BigDecimal.ZERO, 0, 0));
    }
    return new StoreCreditTotals(storeId, zeros, List.of(), null);
  }
}
