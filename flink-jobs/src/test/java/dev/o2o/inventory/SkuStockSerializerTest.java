package dev.o2o.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.inventory.SkuStock.AtLocation;
import dev.o2o.inventory.StockLedger.Entry;
import dev.o2o.jobs.BlockSerializer;
import dev.o2o.jobs.SerializerSnapshots;
import java.time.Instant;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class SkuStockSerializerTest {
  private static SkuStock stock() {
    SkuStock stock = new SkuStock();
    AtLocation store = stock.at("berlin-mitte");
    store.onHand = store.record(new Entry(1_000, "ps-1", false, -2));
    // Ties in event time go by movement id, so the count comes before the sale.
    store.onHand = store.record(new Entry(1_000, "count-ü-1", true, 40));
    store.onHand = store.record(new Entry(2_500, "order-7@berlin-mitte", false, -1));
    store.reserved = 3;
    store.version = 3;
    store.updatedAt = Instant.parse("2026-11-24T09:15:30.123456789Z");
    store.safety = new Entry(900, "safety-1", true, 2);
    store.low = true;
    AtLocation warehouse = stock.at("online-dc");
    warehouse.onHand = -4;
    warehouse.version = 9;
    stock.foldTimer = 6_000;
    return stock;
  }

  @Test
  void readsBackWhatItWrote() throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    SkuStockSerializer.INSTANCE.serialize(stock(), out);
    SkuStockSerializer.INSTANCE.serialize(new SkuStock(), out);

    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    SkuStock read = SkuStockSerializer.INSTANCE.deserialize(in);
    assertThat(read).isEqualTo(stock());
    assertThat(read.at("berlin-mitte").onHand).isEqualTo(37);
    assertThat(read.at("berlin-mitte").updatedAt)
        .isEqualTo(Instant.parse("2026-11-24T09:15:30.123456789Z"));
    assertThat(SkuStockSerializer.INSTANCE.deserialize(in).isEmpty()).isTrue();
    assertThat(in.available()).isZero();
  }

  @Test
  void readsTheFirstFormatWhichHadNoBlockAndNoFoldTimer() throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    out.writeInt(1);
    out.writeUTF("berlin-mitte");
    out.writeLong(37);
    out.writeLong(3);
    out.writeLong(3);
    out.writeLong(Instant.parse("2026-11-24T09:15:30Z").getEpochSecond());
    out.writeInt(5);
    out.writeByte(1);
    out.writeInt(1);
    out.writeLong(2_500);
    out.writeBoolean(false);
    out.writeLong(-1);
    out.writeUTF("order-7@berlin-mitte");

    SkuStock read =
        SkuStockSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

    AtLocation store = read.at("berlin-mitte");
    assertThat(read.foldTimer).isEqualTo(SkuStock.NO_TIMER);
    assertThat(store.onHand).isEqualTo(37);
    assertThat(store.updatedAt).isEqualTo(Instant.parse("2026-11-24T09:15:30.000000005Z"));
    assertThat(store.low).isTrue();
    assertThat(store.safety).isNull();
    assertThat(store.journal).containsExactly(new Entry(2_500, "order-7@berlin-mitte", false, -1));
  }

  @Test
  void writesASkuAsOneBlockAfterTheFormat() throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    SkuStockSerializer.INSTANCE.serialize(stock(), out);

    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    assertThat(in.readInt()).as("format").isNegative();
    assertThat(BlockSerializer.readLength(in)).as("block length").isEqualTo(in.available());
  }

  @Test
  void aStockReadBackKnowsTheLatestCountOfItsJournal() throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    SkuStockSerializer.INSTANCE.serialize(stock(), out);
    AtLocation read =
        SkuStockSerializer.INSTANCE
            .deserialize(new DataInputDeserializer(out.getCopyOfBuffer()))
            .at("berlin-mitte");

    // A sale before the count in event time leaves on hand as the count decided it.
    assertThat(read.record(new Entry(500, "ps-0", false, -5))).isEqualTo(read.onHand);
  }

  @Test
  void aCopyChangesApartFromItsOriginal() {
    SkuStock original = stock();
    SkuStock copy = SkuStockSerializer.INSTANCE.copy(original);

    AtLocation copied = copy.at("berlin-mitte");
    copied.fold(at -> at <= 1_000);
    copied.onHand = copied.record(new Entry(3_000, "ps-2", false, 1));
    copied.low = false;
    copy.at("hamburg-jungfernstieg").onHand = 5;

    assertThat(original).isEqualTo(stock());
    assertThat(copied.journal)
        .extracting(Entry::movementId)
        .containsExactly("order-7@berlin-mitte", "ps-2");
    assertThat(copied.onHand).as("on hand after the fold and one more unit").isEqualTo(38);
  }

  @Test
  void copiesSerializedFormsAsIs() throws Exception {
    DataOutputSerializer written = new DataOutputSerializer(64);
    SkuStockSerializer.INSTANCE.serialize(stock(), written);
    DataOutputSerializer copied = new DataOutputSerializer(64);

    SkuStockSerializer.INSTANCE.copy(new DataInputDeserializer(written.getCopyOfBuffer()), copied);

    assertThat(copied.getCopyOfBuffer()).isEqualTo(written.getCopyOfBuffer());
  }

  @Test
  void itsSnapshotRestoresItAndAcceptsItsOwnFormat() throws Exception {
    SerializerSnapshots.assertRestoresItself(
        SkuStockSerializer.INSTANCE, new SkuStockSerializer.Snapshot());
  }
}
