package dev.o2o.footfall;

import dev.o2o.contract.PurchaseChannel;
import dev.o2o.contract.StoreKpis;
import java.math.BigDecimal;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/** Keeps each store's running {@link StoreKpis} (keyed by store id), emitted after every change. */
public final class StoreKpiCounter extends KeyedProcessFunction<String, StoreDelta, StoreKpis> {
  static final ValueStateDescriptor<StoreKpis> KPIS =
      new ValueStateDescriptor<>("store-kpis", StoreKpis.class);

  private transient ValueState<StoreKpis> kpis;

  @Override
  public void open(OpenContext context) {
    kpis = getRuntimeContext().getState(KPIS);
  }

  @Override
  public void processElement(StoreDelta delta, Context ctx, Collector<StoreKpis> out)
      throws Exception {
    StoreKpis k = kpis.value();
    if (k == null) {
      k = StoreKpis.none(delta.storeId());
    }
    BigDecimal store = k.storeSales();
    BigDecimal online = k.onlineSales();
    BigDecimal attributed = k.attributedStoreSales();
    if (delta.amount() != null) {
      if (delta.channel() == PurchaseChannel.STORE) {
        store = store.add(delta.amount());
        if (delta.attributed()) {
          attributed = attributed.add(delta.amount());
        }
      } else {
        online = online.add(delta.amount());
      }
    }
    Instant updatedAt =
        k.updatedAt() == null || delta.at().isAfter(k.updatedAt()) ? delta.at() : k.updatedAt();
    StoreKpis next =
        new StoreKpis(
            k.storeId(),
            k.visits() + delta.visits(),
            k.attributedVisits() + delta.attributedVisits(),
            k.convertedVisits() + delta.convertedVisits(),
            store,
            online,
            attributed,
            updatedAt);
    kpis.update(next);
    out.collect(next);
  }
}
