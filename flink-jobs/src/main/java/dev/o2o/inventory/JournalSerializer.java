package dev.o2o.inventory;

import dev.o2o.inventory.StockLedger.Entry;
import dev.o2o.inventory.StockLedger.Journal;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a ledger's {@link Journal} into checkpoints and copies it for the heap state backend's
 * copy-on-write. A journal holds every movement of its location that the watermark has not yet
 * passed by the retention, which is many while an input partition is quiet and holds the watermark
 * back; Flink's generic record serializer wrote each entry field by field through reflection, with
 * null flags, and copied each entry, which cost more than the rest of the checkpoint. Entries are
 * immutable, so a copy shares them; each is written as its time, a flag, its quantity and its
 * movement id.
 */
final class JournalSerializer extends TypeSerializerSingleton<Journal> {
  static final JournalSerializer INSTANCE = new JournalSerializer();

  private static final long serialVersionUID = 1L;

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public Journal createInstance() {
    return new Journal(0, new ArrayList<>());
  }

  @Override
  public Journal copy(Journal from) {
    return new Journal(from.baseOnHand(), new ArrayList<>(from.entries()));
  }

  @Override
  public Journal copy(Journal from, Journal reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(Journal journal, DataOutputView target) throws IOException {
    target.writeLong(journal.baseOnHand());
    List<Entry> entries = journal.entries();
    target.writeInt(entries.size());
    for (Entry entry : entries) {
      target.writeLong(entry.at());
      target.writeBoolean(entry.absolute());
      target.writeLong(entry.quantity());
      target.writeUTF(entry.movementId());
    }
  }

  @Override
  public Journal deserialize(DataInputView source) throws IOException {
    long base = source.readLong();
    int size = source.readInt();
    List<Entry> entries = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      long at = source.readLong();
      boolean absolute = source.readBoolean();
      long quantity = source.readLong();
      entries.add(new Entry(at, source.readUTF(), absolute, quantity));
    }
    return new Journal(base, entries);
  }

  @Override
  public Journal deserialize(Journal reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    serialize(deserialize(source), target);
  }

  @Override
  public TypeSerializerSnapshot<Journal> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Restores the serializer from a checkpoint; the format has one version so far. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<Journal> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
