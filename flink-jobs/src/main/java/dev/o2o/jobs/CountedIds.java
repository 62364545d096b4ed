package dev.o2o.jobs;

import java.io.Serializable;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.BooleanSerializer;

/**
 * The ids a keyed function has counted under the current key, kept until it clears them, so that a
 * repeated id counts once. With the heap state backend the ids of a key are one table of 128-bit
 * digests ({@link SeenIds}), which a checkpoint writes as one block of bytes: kept as a map of
 * strings, every id of every open key was written again entry by entry at each checkpoint, and at
 * 1,000 arrivals/s the footfall counter's ids had been the largest part of the checkpoint thread's
 * work. With RocksDB, where a value is read and written whole at each access, each id stays an
 * entry of its own.
 */
public final class CountedIds implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final boolean oneEntryPerId;
  private transient ValueState<SeenIds> table;
  private transient MapState<String, Boolean> entries;

  /**
   * @param name the state's name, unique within the function
   * @param stateBackend the engine's state backend, {@code hashmap} or {@code rocksdb}
   */
  public CountedIds(String name, String stateBackend) {
    this.name = name;
    this.oneEntryPerId = "rocksdb".equals(stateBackend);
  }

  /** Gets the state; call from the function's {@code open}. */
  public void open(RuntimeContext context) {
    if (oneEntryPerId) {
      entries =
          context.getMapState(
              new MapStateDescriptor<>(
                  name, Utf8StringSerializer.INSTANCE, BooleanSerializer.INSTANCE));
    } else {
      table = context.getState(new ValueStateDescriptor<>(name, SeenIdsSerializer.INSTANCE));
    }
  }

  /** Counts the id under the current key: true when it is new, false when it was counted. */
  public boolean add(String id) throws Exception {
    if (oneEntryPerId) {
      if (entries.contains(id)) {
        return false;
      }
      entries.put(id, true);
      return true;
    }
    SeenIds ids = table.value();
    if (ids == null) {
      ids = new SeenIds();
    }
    IdDigest digest = IdDigest.of(id);
    // Kept until cleared: never forgotten by time.
    if (!ids.add(digest.high(), digest.low(), 0, Long.MAX_VALUE)) {
      return false;
    }
    table.update(ids);
    return true;
  }

  /** Forgets every id of the current key. */
  public void clear() {
    if (oneEntryPerId) {
      entries.clear();
    } else {
      table.clear();
    }
  }
}
