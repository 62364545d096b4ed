package dev.o2o.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.function.SerializableFunction;

/** Bounded, event-timed inputs and collected outputs for running a topology on a MiniCluster. */
public final class BoundedInputs {
  public static final int PARALLELISM = 2;

  private BoundedInputs() {}

  public static MiniClusterExtension miniCluster() {
    return new MiniClusterExtension(
        new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(PARALLELISM)
            .build());
  }

  /** An environment that fails on any type Flink would serialize with its generic fallback. */
  public static StreamExecutionEnvironment environment() {
    Configuration settings = new Configuration();
    settings.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(settings);
    env.setParallelism(PARALLELISM);
    return env;
  }

  /**
   * An input that ends at once with nothing in it; a collection source refuses an empty list, so
   * this one drops the only number it counts.
   */
  public static <T> DataStream<T> none(StreamExecutionEnvironment env, Class<T> type) {
    return env.fromSequence(0, 0)
        .filter(number -> false)
        .map(number -> type.cast(null))
        .returns(TypeInformation.of(type));
  }

  public static <T> DataStream<T> of(
      StreamExecutionEnvironment env,
      Class<T> type,
      SerializableFunction<T, Instant> eventTime,
      List<T> values) {
    return env.fromData(values, TypeInformation.of(type))
        .assignTimestampsAndWatermarks(watermarks(eventTime));
  }

  /**
   * Values emitted at a slow pace, so that inputs given without a pace are processed first: the
   * functions under test rely on what arrived before, as they do with live traffic. They come from
   * one source reading one split, so its watermark reaches the end of time only after its last
   * value.
   */
  public static <T> DataStream<T> paced(
      StreamExecutionEnvironment env,
      Class<T> type,
      SerializableFunction<T, Instant> eventTime,
      List<T> values,
      double perSecond) {
    long pauseNanos = (long) (1e9 / perSecond);
    return env.fromData(values, TypeInformation.of(type))
        .setParallelism(1)
        .map(new Pause<T>(pauseNanos))
        .returns(TypeInformation.of(type))
        .setParallelism(1)
        .assignTimestampsAndWatermarks(watermarks(eventTime))
        .setParallelism(1);
  }

  /** Passes each value on after a pause, as a producer at a steady rate would. */
  private static final class Pause<T> implements MapFunction<T, T> {
    private final long nanos;

    Pause(long nanos) {
      this.nanos = nanos;
    }

    @Override
    public T map(T value) {
      LockSupport.parkNanos(nanos);
      return value;
    }
  }

  private static <T> WatermarkStrategy<T> watermarks(SerializableFunction<T, Instant> eventTime) {
    return WatermarkStrategy.<T>forBoundedOutOfOrderness(Duration.ofSeconds(1))
        .withTimestampAssigner((value, previous) -> eventTime.apply(value).toEpochMilli());
  }

  public static <T> List<T> drain(CloseableIterator<T> results) throws Exception {
    List<T> values = new ArrayList<>();
    try (results) {
      results.forEachRemaining(values::add);
    }
    return values;
  }

  /** The last value emitted per key, by the given order. */
  public static <T, K> Map<K, T> latest(List<T> values, Function<T, K> key, Comparator<T> order) {
    Map<K, T> latest = new HashMap<>();
    for (T value : values) {
      latest.merge(key.apply(value), value, (a, b) -> order.compare(a, b) >= 0 ? a : b);
    }
    return latest;
  }
}
