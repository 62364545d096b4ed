package dev.o2o.jobs;

import java.time.Duration;
import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Lets the first element of each id through and drops later ones with the same id, for as long as
 * the retention keeps the id. Each id is one small state entry whose expiry costs the same however
 * many ids there are; a per-entity set of ids would make every access pay for the whole set.
 *
 * <p>Ids are remembered by their 128-bit {@link IdDigest}: the stream is keyed by its first half,
 * and the state of a key holds the second halves seen under it (almost always one). A fixed-size
 * key costs a fraction of a string's to hash, look up and write into every checkpoint, and only two
 * ids with the same 128 bits would be taken for each other.
 */
public final class DropRepeats<T> extends KeyedProcessFunction<Long, T, T>
    implements ResultTypeQueryable<T> {
  private final TypeInformation<T> type;
  private final IdOf<T> id;
  private final Duration retention;
  private transient ValueState<long[]> seen;

  /** The id by which repeats of an element are recognised. */
  @FunctionalInterface
  public interface IdOf<T> extends java.io.Serializable {
    String idOf(T value);
  }

  public DropRepeats(TypeInformation<T> type, IdOf<T> id, Duration retention) {
    this.type = type;
    this.id = id;
    this.retention = retention;
  }

  /** The stream without repeats, keyed as this function needs it. */
  public static <T> SingleOutputStreamOperator<T> apply(
      DataStream<T> stream, IdOf<T> id, Duration retention) {
    return stream
        .keyBy(digestKey(id), Types.LONG)
        .process(new DropRepeats<>(stream.getType(), id, retention));
  }

  static <T> KeySelector<T, Long> digestKey(IdOf<T> id) {
    return value -> IdDigest.of(id.idOf(value)).high();
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return type;
  }

  static ValueStateDescriptor<long[]> seenDescriptor(Duration retention) {
    ValueStateDescriptor<long[]> descriptor =
        new ValueStateDescriptor<>("seen", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO);
    // Each element reads and writes its entry, so looking at one other entry per access (the
    // default is five) still sweeps all entries, expired ones out, faster than new ones arrive.
    descriptor.enableTimeToLive(
        StateTtlConfig.newBuilder(retention).cleanupIncrementally(1, false).build());
    return descriptor;
  }

  @Override
  public void open(OpenContext context) {
    seen = getRuntimeContext().getState(seenDescriptor(retention));
  }

  @Override
  public void processElement(T value, Context ctx, Collector<T> out) throws Exception {
    long low = IdDigest.of(id.idOf(value)).low();
    long[] lows = seen.value();
    if (lows == null) {
      seen.update(new long[] {low});
    } else if (indexOf(lows, low) < 0) {
      long[] more = Arrays.copyOf(lows, lows.length + 1);
      more[lows.length] = low;
      seen.update(more);
    } else {
      return;
    }
    out.collect(value);
  }

  private static int indexOf(long[] values, long value) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] == value) {
        return i;
      }
    }
    return -1;
  }
}
