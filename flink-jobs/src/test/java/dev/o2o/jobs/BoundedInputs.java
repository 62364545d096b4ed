package dev.o2o.jobs;

import dev.o2o.contract.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
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
   * functions under test rely on what arrived before, as they do with live traffic.
   */
  public static <T> DataStream<T> paced(
      StreamExecutionEnvironment env,
      Class<T> type,
      SerializableFunction<T, Instant> eventTime,
      List<T> values,
      double perSecond) {
    // The generator travels to the task serialized; contract records are not Serializable, so
    // they travel as their JSON.
    ArrayList<byte[]> encoded = new ArrayList<>(values.stream().map(Json::encode).toList());
    GeneratorFunction<Long, T> element = index -> Json.decode(encoded.get(index.intValue()), type);
    return env.fromSource(
            new DataGeneratorSource<>(
                element,
                encoded.size(),
                RateLimiterStrategy.perSecond(perSecond),
                TypeInformation.of(type)),
            watermarks(eventTime),
            "Paced " + type.getSimpleName())
        .setParallelism(1);
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
