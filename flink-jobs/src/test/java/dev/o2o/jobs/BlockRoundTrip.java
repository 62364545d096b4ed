package dev.o2o.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Checks that a state serializer of the engine's own reads back exactly what it wrote. */
public final class BlockRoundTrip {
  private BlockRoundTrip() {}

  /**
   * Writes the values one after the other, reads them back equal and to the last byte, checks that
   * copying the written form gives the same bytes, and returns how many bytes they took.
   */
  @SafeVarargs
  public static <T> int assertReadsBack(TypeSerializer<T> serializer, T... values)
      throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    for (T value : values) {
      serializer.serialize(value, out);
    }
    byte[] written = out.getCopyOfBuffer();

    DataInputDeserializer in = new DataInputDeserializer(written);
    for (T value : values) {
      assertThat(serializer.deserialize(in)).isEqualTo(value);
    }
    assertThat(in.available()).isZero();

    DataInputDeserializer source = new DataInputDeserializer(written);
    DataOutputSerializer copied = new DataOutputSerializer(64);
    for (int i = 0; i < values.length; i++) {
      serializer.copy(source, copied);
    }
    assertThat(copied.getCopyOfBuffer()).isEqualTo(written);
    return written.length;
  }
}
