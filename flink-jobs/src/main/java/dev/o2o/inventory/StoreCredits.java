package dev.o2o.inventory;

import dev.o2o.config.InventorySettings;
import dev.o2o.contract.StoreCredit;
import dev.o2o.contract.StoreCreditTotals;
import dev.o2o.contract.Visit;
import dev.o2o.jobs.StringKeys;
import java.util.Set;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Store credit for online sales: each fulfilled online order line credits the stores that enabled
 * it (the pickup store, the store that shipped or sent the units, the store the customer visited
 * before ordering, and an assisted order's associate), so a store manager sees the online sales
 * linked to their store, as credit events and running totals per store.
 */
public final class StoreCredits {
  private StoreCredits() {}

  /** The credits, one per store and role of each fulfilled line, and each store's totals. */
  public record Outputs(DataStream<StoreCredit> credits, DataStream<StoreCreditTotals> totals) {}

  /**
   * @param fulfilled units of online order lines that left a location for the customer
   * @param visits the customers' store visits, as the engagement job emits them (open and close)
   * @param storeIds the configured stores, which alone are credited; other locations (the
   *     warehouse) are not
   */
  public static Outputs topology(
      DataStream<FulfilledLine> fulfilled,
      DataStream<Visit> visits,
      InventorySettings settings,
      Set<String> storeIds) {
    DataStream<StoreCredit> credits =
        fulfilled
            .connect(visits)
            .keyBy(FulfilledLine::customerId, Visit::customerId, StringKeys.TYPE)
            .process(new StoreCreditAssigner(settings, storeIds))
            .uid("inventory-store-credit-assigner")
            .name("Credit stores for fulfilled online lines");

    DataStream<StoreCreditTotals> totals =
        credits
            .keyBy(StoreCredit::storeId, StringKeys.TYPE)
            .process(new StoreCreditCounter())
            .uid("inventory-store-credit-counter")
            .name("Store credit totals per store");

    return new Outputs(credits, totals);
  }
}
