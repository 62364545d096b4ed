package dev.o2o.inventory;

import dev.o2o.inventory.SkuStock.AtLocation;
import dev.o2o.inventory.StockLedger.Entry;
import dev.o2o.jobs.BlockSerializer;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link SkuStock} into checkpoints (and RocksDB) and copies it for the heap state
 * backend's copy-on-write. With a catalogue of real size, checkpoints of the ledger had been most
 * of the job's work: Flink's generic serializers wrote each location's stock level record field by
 * field with null flags, and its strings and map keys a character at a time. Here a location is its
 * id, five numbers, a flag byte, the safety setting when there is one, and its journal.
 *
 * <p>A sku is first written into a buffer in memory and then handed to the checkpoint stream as one
 * block: each call on that stream passes through several layers, and a call per number had made up
 * most of the snapshot's time. The block follows a negative format number; the first format, which
 * had neither, began with the number of locations, and is still read.
 */
final class SkuStockSerializer extends TypeSerializerSingleton<SkuStock> {
  static final SkuStockSerializer INSTANCE = new SkuStockSerializer();

  private static final long serialVersionUID = 1L;
  private static final int LOW = 1;
  private static final int HAS_SAFETY = 2;

  /**
   * Marks the block format ({@link BlockSerializer#writeBlock}), which also holds the fold timer.
   */
  private static final int BLOCK_FORMAT = -2;

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public SkuStock createInstance() {
    return new SkuStock();
  }

  @Override
  public SkuStock copy(SkuStock from) {
    return from.copy();
  }

  @Override
  public SkuStock copy(SkuStock from, SkuStock reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(SkuStock stock, DataOutputView target) throws IOException {
    target.writeInt(BLOCK_FORMAT);
    BlockSerializer.writeBlock(
        target,
        block -> {
          block.writeLong(stock.foldTimer);
          writeLocations(stock, block);
        });
  }

  private static void writeLocations(SkuStock stock, DataOutputView target) throws IOException {
    Map<String, AtLocation> locations = stock.locations();
    target.writeInt(locations.size());
    for (Map.Entry<String, AtLocation> location : locations.entrySet()) {
      AtLocation at = location.getValue();
      target.writeUTF(location.getKey());
      target.writeLong(at.onHand);
      target.writeLong(at.reserved);
      target.writeLong(at.version);
      target.writeLong(at.updatedAt.getEpochSecond());
      target.writeInt(at.updatedAt.getNano());
      target.writeByte((at.low ? LOW : 0) | (at.safety != null ? HAS_SAFETY : 0));
      if (at.safety != null) {
        writeEntry(at.safety, target);
      }
      target.writeInt(at.journal.size());
      for (Entry entry : at.journal) {
        writeEntry(entry, target);
      }
    }
  }

  private static void writeEntry(Entry entry, DataOutputView target) throws IOException {
    target.writeLong(entry.at());
    target.writeBoolean(entry.absolute());
    target.writeLong(entry.quantity());
    target.writeUTF(entry.movementId());
  }

  @Override
  public SkuStock deserialize(DataInputView source) throws IOException {
    int format = source.readInt();
    SkuStock stock = new SkuStock();
    if (format >= 0) {
      readLocations(format, source, stock);
      return stock;
    }
    if (format != BLOCK_FORMAT) {
      throw new IOException("unknown format " + format + " of a sku's stock in the checkpoint");
    }
    DataInputDeserializer block = BlockSerializer.readBlock(source);
    if (block == null) {
      throw new IOException("a sku's stock in the checkpoint has no block");
    }
    stock.foldTimer = block.readLong();
    readLocations(block.readInt(), block, stock);
    return stock;
  }

  private static void readLocations(int count, DataInputView source, SkuStock stock)
      throws IOException {
    for (int i = 0; i < count; i++) {
      AtLocation at = stock.at(source.readUTF());
      at.onHand = source.readLong();
      at.reserved = source.readLong();
      at.version = source.readLong();
      at.updatedAt = Instant.ofEpochSecond(source.readLong(), source.readInt());
      int flags = source.readByte();
      at.low = (flags & LOW) != 0;
      at.safety = (flags & HAS_SAFETY) != 0 ? readEntry(source) : null;
      int size = source.readInt();
      List<Entry> entries = new ArrayList<>(size);
      for (int j = 0; j < size; j++) {
        entries.add(readEntry(source));
      }
      at.restoreJournal(entries);
    }
  }

  private static Entry readEntry(DataInputView source) throws IOException {
    long at = source.readLong();
    boolean absolute = source.readBoolean();
    long quantity = source.readLong();
    return new Entry(at, source.readUTF(), absolute, quantity);
  }

  @Override
  public SkuStock deserialize(SkuStock reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    serialize(deserialize(source), target);
  }

  @Override
  public TypeSerializerSnapshot<SkuStock> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Restores the serializer from a checkpoint; the format has one version so far. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<SkuStock> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
