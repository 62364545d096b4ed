package dev.o2o.jobs;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
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
 * the retention keeps the id (processing time).
 *
 * <p>Ids are remembered by their 128-bit {@link IdDigest}, in {@link SeenIds} tables; only two ids
 * with the same 128 bits would be taken for each other. How the ids are grouped under keys depends
 * on the state backend:
 *
 * <ul>
 *   <li>With the heap backend, by the top {@link #HEAP_KEY_BITS} bits of the digest: a few thousand
 *       tables that a checkpoint writes as blocks of bytes. Each checkpoint writes every id of the
 *       retention again; one keyed entry per id had made that the largest part of the inventory
 *       job's checkpoints. A table forgets its own ids once their retention ends, and is written at
 *       every access, so a time-to-live of the state would never run out: the tables have none,
 *       which spares every access its wrapping and sweep.
 *   <li>With RocksDB, by the digest's whole first half: one small entry per id, so an access reads
 *       and writes a few bytes, and the state's time-to-live removes an id once forgotten, since
 *       its key is never read again. Incremental checkpoints write only what is new.
 * </ul>
 */
public final class DropRepeats<T> extends KeyedProcessFunction<Long, T, T>
    implements ResultTypeQueryable<T> {
  private final TypeInformation<T> type;
  private final IdOf<T> id;
  private final Duration retention;
  private final boolean oneEntryPerId;

  /** With the heap backend, ids are grouped under this many top bits of their digest. */
  static final int HEAP_KEY_BITS = 12;

  private transient ValueState<SeenIds> seen;

  /** The id by which repeats of an element are recognised. */
  @FunctionalInterface
  public interface IdOf<T> extends java.io.Serializable {
    String idOf(T value);
  }

  /** Ids in tables, as with the heap backend. */
  public DropRepeats(TypeInformation<T> type, IdOf<T> id, Duration retention) {
    this(type, id, retention, false);
  }

  /**
   * @param oneEntryPerId whether each id is a keyed entry of its own (with RocksDB), forgotten by
   *     the state's time-to-live, rather than one of many in a table
   */
  public DropRepeats(
      TypeInformation<T> type, IdOf<T> id, Duration retention, boolean oneEntryPerId) {
    this.type = type;
    this.id = id;
    this.retention = retention;
    this.oneEntryPerId = oneEntryPerId;
  }

  /**
   * The stream without repeats, keyed as this function needs it for the state backend ({@code
   * hashmap} or {@code rocksdb}).
   */
  public static <T> SingleOutputStreamOperator<T> apply(
      DataStream<T> stream, IdOf<T> id, Duration retention, String stateBackend) {
    boolean oneEntryPerId = "rocksdb".equals(stateBackend);
    int keyBits = oneEntryPerId ? Long.SIZE : HEAP_KEY_BITS;
    return stream
        .keyBy(digestKey(id, keyBits), Types.LONG)
        .process(new DropRepeats<>(stream.getType(), id, retention, oneEntryPerId));
  }

  /** The top {@code bits} bits of the id's digest, as the key its table is kept under. */
  static <T> KeySelector<T, Long> digestKey(IdOf<T> id, int bits) {
    int shift = Long.SIZE - bits;
    return value -> IdDigest.of(id.idOf(value)).high() >>> shift;
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return type;
  }

  static ValueStateDescriptor<SeenIds> seenDescriptor(Duration retention, boolean oneEntryPerId) {
    ValueStateDescriptor<SeenIds> descriptor =
        new ValueStateDescriptor<>("seen-ids", SeenIdsSerializer.INSTANCE);
    if (oneEntryPerId) {
      // An id's key is never read again once it is forgotten: the time-to-live removes it.
      descriptor.enableTimeToLive(StateTtlConfig.newBuilder(retention).build());
    }
    return descriptor;
  }

  @Override
  public void open(OpenContext context) {
    seen = getRuntimeContext().getState(seenDescriptor(retention, oneEntryPerId));
  }

  @Override
  public void processElement(T value, Context ctx, Collector<T> out) throws Exception {
    IdDigest digest = IdDigest.of(id.idOf(value));
    SeenIds ids = seen.value();
    if (ids == null) {
      ids = new SeenIds();
    }
    long now = ctx.timerService().currentProcessingTime();
    if (ids.add(digest.high(), digest.low(), now, now + retention.toMillis())) {
      seen.update(ids);
      out.collect(value);
    }
  }
}
