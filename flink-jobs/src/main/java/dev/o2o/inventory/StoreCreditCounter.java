package dev.o2o.inventory;

import dev.o2o.contract.StoreCredit;
import dev.o2o.contract.StoreCreditTotals;
import dev.o2o.contract.StoreCreditTotals.RoleTotal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps each store's running credit totals (keyed by store id) and emits them after every credit,
 * so the store manager's view follows the sales as they are fulfilled. The totals live as long as
 * the store: they are what the store has earned since the engine started.
 */
public final class StoreCreditCounter
    extends KeyedProcessFunction<String, StoreCredit, StoreCreditTotals> {
  static final ValueStateDescriptor<StoreCreditTotals> TOTALS =
      new ValueStateDescriptor<>("store-credit-totals", StoreCreditTotals.class);

  /** Newest first; equal times by event id, so that a replay lists the same credits. */
  private static final Comparator<StoreCredit> NEWEST_FIRST =
      Comparator.comparing(StoreCredit::occurredAt).reversed().thenComparing(StoreCredit::eventId);

  private transient ValueState<StoreCreditTotals> totals;

  @Override
  public void open(OpenContext context) {
    totals = getRuntimeContext().getState(TOTALS);
  }

  @Override
  public void processElement(StoreCredit credit, Context ctx, Collector<StoreCreditTotals> out)
      throws Exception {
    StoreCreditTotals current = totals.value();
    if (current == null) {
      current = StoreCreditTotals.none(credit.storeId(), credit.currency());
    }
    StoreCreditTotals next = plus(current, credit);
    totals.update(next);
    out.collect(next);
  }

  static StoreCreditTotals plus(StoreCreditTotals totals, StoreCredit credit) {
    List<RoleTotal> roles = new ArrayList<>(totals.roles());
    int index = indexOf(roles, credit);
    if (index < 0) {
      roles.add(
          new RoleTotal(credit.role(), credit.currency(), credit.amount(), 1, credit.quantity()));
      roles.sort(Comparator.comparing(RoleTotal::role).thenComparing(RoleTotal::currency));
    } else {
      RoleTotal role = roles.get(index);
      roles.set(
          index,
          new RoleTotal(
              role.role(),
              role.currency(),
              role.amount().add(credit.amount()),
              role.lines() + 1,
              role.units() + credit.quantity()));
    }
    List<StoreCredit> recent = new ArrayList<>(totals.recent());
    recent.add(credit);
    recent.sort(NEWEST_FIRST);
    if (recent.size() > StoreCreditTotals.RECENT) {
      recent.subList(StoreCreditTotals.RECENT, recent.size()).clear();
    }
    boolean newer = totals.updatedAt() == null || credit.occurredAt().isAfter(totals.updatedAt());
    return new StoreCreditTotals(
        totals.storeId(), roles, recent, newer ? credit.occurredAt() : totals.updatedAt());
  }

  private static int indexOf(List<RoleTotal> roles, StoreCredit credit) {
    for (int i = 0; i < roles.size(); i++) {
      RoleTotal role = roles.get(i);
      if (role.role() == credit.role() && role.currency().equals(credit.currency())) {
        return i;
      }
    }
    return -1;
  }
}
