package dev.o2o.jobs;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link SeenIds} table as its number of ids and one block of bytes holding them, and
 * copies it for the heap backend's copy-on-write.
 */
final class SeenIdsSerializer extends TypeSerializerSingleton<SeenIds> {
  static final SeenIdsSerializer INSTANCE = new SeenIdsSerializer();

  private static final long serialVersionUID = 1L;

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public SeenIds createInstance() {
    return new SeenIds();
  }

  @Override
  public SeenIds copy(SeenIds from) {
    return from.copy();
  }

  @Override
  public SeenIds copy(SeenIds from, SeenIds reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(SeenIds ids, DataOutputView target) throws IOException {
    long[] entries = ids.entries();
    ByteBuffer bytes = ByteBuffer.allocate(entries.length * Long.BYTES);
    bytes.asLongBuffer().put(entries);
    target.writeInt(entries.length);
    target.write(bytes.array());
  }

  @Override
  public SeenIds deserialize(DataInputView source) throws IOException {
    long[] entries = new long[source.readInt()];
    byte[] bytes = new byte[entries.length * Long.BYTES];
    source.readFully(bytes);
    ByteBuffer.wrap(bytes).asLongBuffer().get(entries);
    return SeenIds.of(entries);
  }

  @Override
  public SeenIds deserialize(SeenIds reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    int length = source.readInt();
    byte[] bytes = new byte[length * Long.BYTES];
    source.readFully(bytes);
    target.writeInt(length);
    target.write(bytes);
  }

  @Override
  public TypeSerializerSnapshot<SeenIds> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Restores the serializer from a checkpoint; the format has one version so far. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<SeenIds> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
