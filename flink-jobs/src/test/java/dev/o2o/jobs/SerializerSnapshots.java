package dev.o2o.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Checks that a state serializer of the engine's own comes back from the checkpoint it wrote. */
public final class SerializerSnapshots {
  private SerializerSnapshots() {}

  /**
   * Writes the serializer's snapshot, reads it into {@code empty} (a snapshot as Flink creates it
   * on restore), and checks that it restores the same serializer and accepts its format as is.
   */
  public static <T> void assertRestoresItself(
      TypeSerializer<T> serializer, TypeSerializerSnapshot<T> empty) throws Exception {
    TypeSerializerSnapshot<T> snapshot = serializer.snapshotConfiguration();
    DataOutputSerializer out = new DataOutputSerializer(16);
    snapshot.writeSnapshot(out);
    empty.readSnapshot(
        snapshot.getCurrentVersion(),
        new DataInputDeserializer(out.getCopyOfBuffer()),
        SerializerSnapshots.class.getClassLoader());

    assertThat(empty.restoreSerializer()).isEqualTo(serializer);
    assertThat(
            serializer.snapshotConfiguration().resolveSchemaCompatibility(empty).isCompatibleAsIs())
        .isTrue();
  }
}
