package dev.o2o.jobs;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.util.InstantiationUtil;

/**
 * Writes a state value as one block of bytes: its length, then its fields, written beforehand into
 * a buffer of the writing thread and handed to the checkpoint stream in a single call. Flink's
 * generic serializers write a record field by field, with a null flag each, and a string a
 * character at a time; with the heap state backend every full snapshot goes through all of it, and
 * for the customers' state of the engagement and footfall jobs that had been about a third of the
 * engine's CPU time in the latency benchmark. Strings here are their UTF-8 bytes.
 *
 * <p>A block serializer writes a record it holds with that record's {@link #writeFields} or the
 * static field methods, into the same block; never with another block serializer's {@link
 * #serialize}, whose buffer is the same one. Enums are written by their position: a new constant
 * goes at the end. A subclass changes {@link #formatVersion} when it changes its format, so that a
 * checkpoint in the old format is refused rather than misread.
 */
public abstract class BlockSerializer<T> extends ImmutableValueSerializer<T> {
  private static final long serialVersionUID = 1L;

  /** Above this size a thread's buffer is let go after use rather than kept for the next value. */
  private static final int LARGEST_KEPT_BUFFER = 1 << 20;

  private static final ThreadLocal<DataOutputSerializer> BUFFER =
      ThreadLocal.withInitial(() -> new DataOutputSerializer(512));

  /** The length written for an absent string, list or block; a present one is written plus one. */
  private static final int ABSENT = -1;

  /** The most bytes {@link #writeLength} takes. */
  private static final int MAX_LENGTH_BYTES = 5;

  /**
   * Writes the value's fields, which is never null, into its block; another block that holds such a
   * value writes it with this too.
   */
  public abstract void writeFields(T value, DataOutputView out) throws IOException;

  /** Reads the fields {@link #writeFields} wrote, in the same order. */
  public abstract T readFields(DataInputView in) throws IOException;

  /** The version of the format {@link #writeFields} writes, kept in the checkpoint. */
  protected int formatVersion() {
    return 1;
  }

  /** Records have no empty instance to reuse. */
  @Override
  public T createInstance() {
    return null;
  }

  @Override
  public void serialize(T value, DataOutputView target) throws IOException {
    if (value == null) {
      writeLength(target, ABSENT);
      return;
    }
    writeBlock(target, block -> writeFields(value, block));
  }

  @Override
  public T deserialize(DataInputView source) throws IOException {
    DataInputDeserializer block = readBlock(source);
    if (block == null) {
      return null;
    }
    T value = readFields(block);
    if (block.available() != 0) {
      throw new IOException(
          getClass().getSimpleName() + " left " + block.available() + " bytes of a block unread");
    }
    return value;
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    copyLengthAndBytes(source, target);
  }

  @Override
  public TypeSerializerSnapshot<T> snapshotConfiguration() {
    return new Snapshot<>(this);
  }

  /** Writes the contents of a block. */
  @FunctionalInterface
  public interface BlockWriter {
    void write(DataOutputView block) throws IOException;
  }

  /**
   * Writes what {@code contents} writes as one block: its length, then its bytes in one call. The
   * contents go into a buffer of this thread first, so they must not write another block.
   */
  public static void writeBlock(DataOutputView target, BlockWriter contents) throws IOException {
    DataOutputSerializer block = BUFFER.get();
    block.clear();
    // Room for the longest length in front of the contents, so that both leave in one call.
    block.skipBytesToWrite(MAX_LENGTH_BYTES);
    contents.write(block);
    int length = block.length() - MAX_LENGTH_BYTES;
    int start = MAX_LENGTH_BYTES - lengthBytes(length);
    byte[] bytes = block.getSharedBuffer();
    putLength(bytes, start, length);
    target.write(bytes, start, block.length() - start);
    if (bytes.length > LARGEST_KEPT_BUFFER) {
      BUFFER.remove();
    }
  }

  /** Reads a block {@link #writeBlock} wrote, or null where an absent one was written. */
  public static DataInputDeserializer readBlock(DataInputView source) throws IOException {
    byte[] bytes = readBytes(source);
    return bytes == null ? null : new DataInputDeserializer(bytes);
  }

  /**
   * Writes a length, or {@code -1} for something absent, in as few bytes as it needs: seven bits a
   * byte, the high bit set on every byte but the last. Most lengths here take one byte.
   */
  public static void writeLength(DataOutput out, int length) throws IOException {
    int rest = length + 1;
    while ((rest & ~0x7F) != 0) {
      out.writeByte((rest & 0x7F) | 0x80);
      rest >>>= 7;
    }
    out.writeByte(rest);
  }

  public static int readLength(DataInput in) throws IOException {
    int value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int part = in.readUnsignedByte();
      value |= (part & 0x7F) << shift;
      if ((part & 0x80) == 0) {
        return value - 1;
      }
    }
    throw new IOException("a length runs over five bytes");
  }

  /** Copies a length and the bytes it counts, without looking into them. */
  public static void copyLengthAndBytes(DataInputView source, DataOutputView target)
      throws IOException {
    writeBytes(target, readBytes(source));
  }

  /** Writes a string, which may be null, as its UTF-8 bytes after their count. */
  public static void writeString(DataOutput out, String value) throws IOException {
    writeBytes(out, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  public static String readString(DataInput in) throws IOException {
    byte[] bytes = readBytes(in);
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  private static void writeBytes(DataOutput out, byte[] bytes) throws IOException {
    if (bytes == null) {
      writeLength(out, ABSENT);
      return;
    }
    if (out instanceof DataOutputSerializer) {
      writeLength(out, bytes.length);
      out.write(bytes, 0, bytes.length);
      return;
    }
    // Straight onto a checkpoint stream (map keys, state keys), every call passes through several
    // layers and a lock, so the length and the bytes go in one call.
    byte[] framed = new byte[lengthBytes(bytes.length) + bytes.length];
    int at = putLength(framed, 0, bytes.length);
    System.arraycopy(bytes, 0, framed, at, bytes.length);
    out.write(framed, 0, framed.length);
  }

  /**
   * Puts what {@link #writeLength} writes for {@code length} into {@code bytes} from {@code at},
   * and returns where it ends.
   */
  private static int putLength(byte[] bytes, int at, int length) {
    int rest = length + 1;
    while ((rest & ~0x7F) != 0) {
      bytes[at++] = (byte) ((rest & 0x7F) | 0x80);
      rest >>>= 7;
    }
    bytes[at++] = (byte) rest;
    return at;
  }

  /** How many bytes {@link #writeLength} takes for {@code length}. */
  static int lengthBytes(int length) {
    int rest = length + 1;
    int count = 1;
    while ((rest & ~0x7F) != 0) {
      rest >>>= 7;
      count++;
    }
    return count;
  }

  private static byte[] readBytes(DataInput in) throws IOException {
    int length = readLength(in);
    if (length == ABSENT) {
      return null;
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return bytes;
  }

  /** Writes an instant, which may be null, as its seconds and nanoseconds; null has nanos -1. */
  public static void writeInstant(DataOutput out, Instant value) throws IOException {
    out.writeLong(value == null ? 0 : value.getEpochSecond());
    out.writeInt(value == null ? -1 : value.getNano());
  }

  public static Instant readInstant(DataInput in) throws IOException {
    long seconds = in.readLong();
    int nanos = in.readInt();
    return nanos < 0 ? null : Instant.ofEpochSecond(seconds, nanos);
  }

  /** Writes a decimal, which may be null, as the bytes of its unscaled value and its scale. */
  public static void writeDecimal(DataOutput out, BigDecimal value) throws IOException {
    writeBytes(out, value == null ? null : value.unscaledValue().toByteArray());
    if (value != null) {
      out.writeInt(value.scale());
    }
  }

  public static BigDecimal readDecimal(DataInput in) throws IOException {
    byte[] unscaled = readBytes(in);
    return unscaled == null ? null : new BigDecimal(new BigInteger(unscaled), in.readInt());
  }

  /** Writes an enum constant, which may be null, by its position. */
  public static void writeEnum(DataOutput out, Enum<?> value) throws IOException {
    writeLength(out, value == null ? ABSENT : value.ordinal());
  }

  public static <E extends Enum<E>> E readEnum(DataInput in, Class<E> type) throws IOException {
    int ordinal = readLength(in);
    return ordinal == ABSENT ? null : type.getEnumConstants()[ordinal];
  }

  /** Writes a Boolean that may be null. */
  public static void writeNullableBoolean(DataOutput out, Boolean value) throws IOException {
    writeLength(out, value == null ? ABSENT : value ? 1 : 0);
  }

  public static Boolean readNullableBoolean(DataInput in) throws IOException {
    int value = readLength(in);
    return value == ABSENT ? null : value == 1;
  }

  /** Writes how one element of a list goes into a block. */
  @FunctionalInterface
  public interface ElementWriter<E> {
    void write(DataOutputView out, E element) throws IOException;
  }

  /** Reads one element of a list from a block. */
  @FunctionalInterface
  public interface ElementReader<E> {
    E read(DataInputView in) throws IOException;
  }

  /** Writes a list, which may be null, as its size and its elements. */
  public static <E> void writeList(DataOutputView out, List<E> list, ElementWriter<E> element)
      throws IOException {
    if (list == null) {
      writeLength(out, ABSENT);
      return;
    }
    writeLength(out, list.size());
    for (E each : list) {
      element.write(out, each);
    }
  }

  /** Reads a list as {@link #writeList} wrote it; it cannot be changed, as in the records. */
  public static <E> List<E> readList(DataInputView in, ElementReader<E> element)
      throws IOException {
    int size = readLength(in);
    if (size == ABSENT) {
      return null;
    }
    List<E> list = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      list.add(element.read(in));
    }
    return Collections.unmodifiableList(list);
  }

  /**
   * Names the block serializer and its format version in a checkpoint; restores it as a new
   * instance of the same class, which equals the one that wrote the checkpoint.
   */
  public static final class Snapshot<T> implements TypeSerializerSnapshot<T> {
    private static final int VERSION = 1;

    private Class<? extends BlockSerializer<T>> serializerClass;
    private int formatVersion;

    /** For Flink, which creates the snapshot empty and then reads it from the checkpoint. */
    public Snapshot() {}

    @SuppressWarnings("unchecked")
    Snapshot(BlockSerializer<T> serializer) {
      this.serializerClass = (Class<? extends BlockSerializer<T>>) serializer.getClass();
      this.formatVersion = serializer.formatVersion();
    }

    @Override
    public int getCurrentVersion() {
      return VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
      out.writeUTF(serializerClass.getName());
      out.writeInt(formatVersion);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader)
        throws IOException {
      String name = in.readUTF();
      try {
        serializerClass =
            (Class<? extends BlockSerializer<T>>) Class.forName(name, false, classLoader);
      } catch (ClassNotFoundException e) {
        throw new IOException("the checkpoint names serializer " + name + ", which is gone", e);
      }
      formatVersion = in.readInt();
    }

    @Override
    public BlockSerializer<T> restoreSerializer() {
      return InstantiationUtil.instantiate(serializerClass);
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
        TypeSerializerSnapshot<T> oldSnapshot) {
      return oldSnapshot instanceof Snapshot<T> old
              && old.serializerClass == serializerClass
              && old.formatVersion == formatVersion
          ? TypeSerializerSchemaCompatibility.compatibleAsIs()
          : TypeSerializerSchemaCompatibility.incompatible();
    }
  }
}
