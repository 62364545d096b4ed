package dev.o2o.jobs;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Lets the first element of each id through and drops later ones with the same id, for as long as
 * the retention keeps the id. Keyed by the id itself, so each id is one small state entry whose
 * expiry costs the same however many ids there are; a per-entity set of ids would make every access
 * pay for the whole set.
 */
public final class DropRepeats<T> extends KeyedProcessFunction<String, T, T>
    implements ResultTypeQueryable<T> {
  private final Class<T> type;
  private final Duration retention;
  private transient ValueState<Boolean> seen;

  public DropRepeats(Class<T> type, Duration retention) {
    this.type = type;
    this.retention = retention;
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return TypeInformation.of(type);
  }

  static ValueStateDescriptor<Boolean> seenDescriptor(Duration retention) {
    ValueStateDescriptor<Boolean> descriptor = new ValueStateDescriptor<>("seen", Boolean.class);
    descriptor.enableTimeToLive(StateTtlConfig.newBuilder(retention).build());
    return descriptor;
  }

  @Override
  public void open(OpenContext context) {
    seen = getRuntimeContext().getState(seenDescriptor(retention));
  }

  @Override
  public void processElement(T value, Context ctx, Collector<T> out) throws Exception {
    if (seen.value() == null) {
      seen.update(true);
      out.collect(value);
    }
  }
}
