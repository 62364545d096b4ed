package dev.o2o.jobs;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The type of the jobs' string keys (customer, sku, store, campaign and offer ids), for {@code
 * keyBy}, so that keyed state and timers write their keys with {@link Utf8StringSerializer}: the
 * heap backend writes every key of every state entry and timer again at each checkpoint, and
 * Flink's own string serializer writes a key a character at a time. At 1,000 arrivals/s that had
 * been a third of the checkpoint thread's samples. Keys are still partitioned by their {@code
 * hashCode}, as with Flink's string type, so records go to the same subtasks as before.
 *
 * <p>Checkpoints written with Flink's string keys do not restore with these.
 */
public final class StringKeys extends TypeInformation<String> {
  public static final StringKeys TYPE = new StringKeys();

  private static final long serialVersionUID = 1L;

  private StringKeys() {}

  @Override
  public boolean isBasicType() {
    return false;
  }

  @Override
  public boolean isTupleType() {
    return false;
  }

  @Override
  public int getArity() {
    return 1;
  }

  @Override
  public int getTotalFields() {
    return 1;
  }

  @Override
  public Class<String> getTypeClass() {
    return String.class;
  }

  @Override
  public boolean isKeyType() {
    return true;
  }

  @Override
  public TypeSerializer<String> createSerializer(SerializerConfig config) {
    return Utf8StringSerializer.INSTANCE;
  }

  @Override
  public String toString() {
    return "String (UTF-8 keys)";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StringKeys;
  }

  @Override
  public int hashCode() {
    return StringKeys.class.hashCode();
  }

  @Override
  public boolean canEqual(Object other) {
    return other instanceof StringKeys;
  }

  /** The one instance, also after Java deserialization in a task manager. */
  private Object readResolve() {
    return TYPE;
  }
}
