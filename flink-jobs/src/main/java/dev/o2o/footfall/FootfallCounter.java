package dev.o2o.footfall;

import dev.o2o.contract.FootfallMinute;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Adds up what one store saw in one event-time minute (keyed {@code store@minute}) and emits the
 * running total after every input, so the dashboard moves while the minute is still going. A
 * minute's total is dropped {@link #RETENTION} after the minute, by event time; later input for it
 * is ignored, since it would restart the count from zero.
 */
public final class FootfallCounter
    extends KeyedProcessFunction<String, FootfallMinute, FootfallMinute> {
  static final Duration RETENTION = Duration.ofDays(1);

  static final ValueStateDescriptor<FootfallMinute> TOTAL =
      new ValueStateDescriptor<>("minute-total", FootfallMinute.class);

  private transient ValueState<FootfallMinute> total;

  @Override
  public void open(OpenContext context) {
    total = getRuntimeContext().getState(TOTAL);
  }

  @Override
  public void processElement(FootfallMinute delta, Context ctx, Collector<FootfallMinute> out)
      throws Exception {
    long expiry = delta.minute().plus(RETENTION).toEpochMilli();
    if (expiry <= ctx.timerService().currentWatermark()) {
      return;
    }
    FootfallMinute current = total.value();
    if (current == null) {
      current = new FootfallMinute(delta.storeId(), delta.minute(), 0, 0);
      ctx.timerService().registerEventTimeTimer(expiry);
    }
    FootfallMinute next =
        new FootfallMinute(
            current.storeId(),
            current.minute(),
            current.doorEntries() + delta.doorEntries(),
            current.visits() + delta.visits());
    total.update(next);
    out.collect(next);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<FootfallMinute> out) {
    total.clear();
  }
}
