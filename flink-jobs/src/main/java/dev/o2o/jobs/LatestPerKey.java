package dev.o2o.jobs;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.function.SerializableFunction;

/**
 * In front of an exactly-once Kafka sink of a changelog (one record per key that holds the key's
 * whole current value), passes on only the newest record of each key since the last checkpoint,
 * just before the checkpoint's barrier.
 *
 * <p>A transactional sink's records become visible to readers only when the checkpoint after them
 * commits, all at once; the versions a key went through in between are never seen apart from the
 * last one. Sending only the last one therefore changes nothing a reader can observe but the
 * skipped versions, and spares encoding, sending and storing them. Nothing is held across a
 * checkpoint, so the operator has no state: what it holds is sent before the barrier, and goes into
 * the transaction that the checkpoint commits.
 *
 * <p>Records are held back past watermarks, so only a sink may follow. Keys are passed on in the
 * order of their first change since the last checkpoint; each key's records stay in order, as in a
 * topic partitioned by key.
 */
final class LatestPerKey<T> extends AbstractStreamOperator<T>
    implements OneInputStreamOperator<T, T>, BoundedOneInput {
  private final SerializableFunction<T, String> key;
  private transient Map<String, StreamRecord<T>> latest;

  LatestPerKey(SerializableFunction<T, String> key) {
    this.key = key;
  }

  @Override
  public void open() throws Exception {
    super.open();
    latest = new LinkedHashMap<>();
  }

  @Override
  public void processElement(StreamRecord<T> element) throws Exception {
    T value = element.getValue();
    // The upstream operator may reuse its record holder; the value itself is immutable.
    latest.put(key.apply(value), element.copy(value));
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    sendAll();
  }

  @Override
  public void endInput() {
    sendAll();
  }

  private void sendAll() {
    for (StreamRecord<T> record : latest.values()) {
      output.collect(record);
    }
    latest.clear();
  }
}
