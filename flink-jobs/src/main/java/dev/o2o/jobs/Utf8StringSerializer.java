package dev.o2o.jobs;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a string as the count of its UTF-8 bytes and the bytes in one call, for the keys of map
 * states: Flink's own string serializer writes a character at a time, which with the heap backend's
 * full snapshots is paid again for every key at every checkpoint.
 */
public final class Utf8StringSerializer extends ImmutableValueSerializer<String> {
  public static final Utf8StringSerializer INSTANCE = new Utf8StringSerializer();

  private static final long serialVersionUID = 1L;

  @Override
  public String createInstance() {
    return "";
  }

  @Override
  public void serialize(String value, DataOutputView target) throws IOException {
    BlockSerializer.writeString(target, value);
  }

  @Override
  public String deserialize(DataInputView source) throws IOException {
    return BlockSerializer.readString(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    BlockSerializer.copyLengthAndBytes(source, target);
  }

  @Override
  public TypeSerializerSnapshot<String> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Restores the serializer from a checkpoint; the format has one version so far. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<String> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
