package dev.o2o.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.inventory.StockLedger.Entry;
import dev.o2o.inventory.StockLedger.Journal;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class JournalSerializerTest {
  private static Journal journal() {
    List<Entry> entries = new ArrayList<>();
    entries.add(new Entry(1_000, "ps-1", false, -2));
    entries.add(new Entry(1_000, "count-ü-1", true, 40));
    entries.add(new Entry(2_500, "order-7@berlin-mitte", false, -1));
    return new Journal(-3, entries);
  }

  @Test
  void readsBackWhatItWrote() throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    JournalSerializer.INSTANCE.serialize(journal(), out);
    JournalSerializer.INSTANCE.serialize(new Journal(7, new ArrayList<>()), out);

    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    assertThat(JournalSerializer.INSTANCE.deserialize(in)).isEqualTo(journal());
    assertThat(JournalSerializer.INSTANCE.deserialize(in))
        .isEqualTo(new Journal(7, new ArrayList<>()));
    assertThat(in.available()).isZero();
  }

  @Test
  void aCopyChangesApartFromItsOriginal() {
    Journal original = journal();
    Journal copy = JournalSerializer.INSTANCE.copy(original);

    copy.entries().subList(0, 2).clear();
    copy.entries().add(new Entry(3_000, "ps-2", false, 1));

    assertThat(original).isEqualTo(journal());
    assertThat(copy.entries())
        .extracting(Entry::movementId)
        .containsExactly("order-7@berlin-mitte", "ps-2");
  }

  @Test
  void copiesSerializedFormsAsIs() throws Exception {
    DataOutputSerializer written = new DataOutputSerializer(64);
    JournalSerializer.INSTANCE.serialize(journal(), written);
    DataOutputSerializer copied = new DataOutputSerializer(64);

    JournalSerializer.INSTANCE.copy(new DataInputDeserializer(written.getCopyOfBuffer()), copied);

    assertThat(copied.getCopyOfBuffer()).isEqualTo(written.getCopyOfBuffer());
  }

  @Test
  void itsSnapshotRestoresItAndAcceptsItsOwnFormat() throws Exception {
    TypeSerializerSnapshot<Journal> snapshot = JournalSerializer.INSTANCE.snapshotConfiguration();
    DataOutputSerializer out = new DataOutputSerializer(16);
    snapshot.writeSnapshot(out);
    TypeSerializerSnapshot<Journal> read = new JournalSerializer.Snapshot();
    read.readSnapshot(
        snapshot.getCurrentVersion(),
        new DataInputDeserializer(out.getCopyOfBuffer()),
        getClass().getClassLoader());

    TypeSerializer<Journal> restored = read.restoreSerializer();
    assertThat(restored).isEqualTo(JournalSerializer.INSTANCE);
    assertThat(
            JournalSerializer.INSTANCE
                .snapshotConfiguration()
                .resolveSchemaCompatibility(read)
                .isCompatibleAsIs())
        .isTrue();
  }
}
