package dev.o2o.footfall;

import dev.o2o.contract.DeadLetter;
import dev.o2o.contract.FootfallMinute;
import dev.o2o.contract.Json;
import dev.o2o.jobs.CountedIds;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Adds up what one store saw in one event-time minute (keyed {@code store@minute}) and emits the
 * running total after every change, so the dashboard moves while the minute is still going and a
 * late change replaces the stored minute with a corrected one. Each change is added once by its id.
 *
 * <p>A minute stays open until the watermark passes its end by the allowed lateness; then its total
 * and ids are dropped. A change that arrives for a minute already closed would start it again from
 * zero, so it is counted as {@code footfallTooLate} and sent to {@link #TOO_LATE} instead.
 */
public final class FootfallCounter
    extends KeyedProcessFunction<String, MinuteDelta, FootfallMinute> {
  static final Duration MINUTE = Duration.ofMinutes(1);

  static final ValueStateDescriptor<FootfallMinute> TOTAL =
      new ValueStateDescriptor<>("minute-total", FootfallMinute.class);

  /** Changes to minutes already closed, with the reason. */
  public static final OutputTag<DeadLetter> TOO_LATE =
      new OutputTag<>("footfall-too-late", TypeInformation.of(DeadLetter.class));

  private final long allowedLatenessMillis;
  private final CountedIds counted;
  private transient ValueState<FootfallMinute> total;
  private transient Counter tooLate;

  /**
   * @param stateBackend the engine's state backend, which decides how the counted ids are kept (see
   *     {@link CountedIds})
   */
  public FootfallCounter(Duration allowedLateness, String stateBackend) {
    this.allowedLatenessMillis = allowedLateness.toMillis();
    this.counted = new CountedIds("minute-counted-ids", stateBackend);
  }

  @Override
  public void open(OpenContext context) {
    total = getRuntimeContext().getState(TOTAL);
    counted.open(getRuntimeContext());
    tooLate = getRuntimeContext().getMetricGroup().counter("footfallTooLate");
  }

  @Override
  public void processElement(MinuteDelta delta, Context ctx, Collector<FootfallMinute> out)
      throws Exception {
    long closesAt = closesAt(delta.change().minute());
    if (closesAt <= ctx.timerService().currentWatermark()) {
      tooLate.inc();
      ctx.output(
          TOO_LATE,
          new DeadLetter(
              "footfall",
              "footfall-minute-counter",
              "footfall minute "
                  + delta.key()
                  + " closed at "
                  + Instant.ofEpochMilli(closesAt)
                  + ", its allowed lateness passed",
              Json.encodeToString(delta),
              Instant.ofEpochMilli(ctx.timerService().currentProcessingTime())));
      return;
    }
    if (!counted.add(delta.id())) {
      return;
    }
    FootfallMinute current = total.value();
    if (current == null) {
      current = FootfallMinute.none(delta.change().storeId(), delta.change().minute());
      ctx.timerService().registerEventTimeTimer(closesAt);
    }
    FootfallMinute next = current.plus(delta.change());
    total.update(next);
    out.collect(next);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<FootfallMinute> out) {
    total.clear();
    counted.clear();
  }

  private long closesAt(Instant minute) {
    return minute.plus(MINUTE).toEpochMilli() + allowedLatenessMillis;
  }
}
