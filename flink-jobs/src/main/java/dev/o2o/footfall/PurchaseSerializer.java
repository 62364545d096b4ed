package dev.o2o.footfall;

import dev.o2o.contract.PurchaseChannel;
import dev.o2o.jobs.BlockSerializer;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Writes a {@link Purchase} waiting in the attributor's or the footfall's state as one block. */
public final class PurchaseSerializer extends BlockSerializer<Purchase> {
  static final PurchaseSerializer INSTANCE = new PurchaseSerializer();

  private static final long serialVersionUID = 1L;

  @Override
  public void writeFields(Purchase purchase, DataOutputView out) throws IOException {
    writeString(out, purchase.eventId());
    writeString(out, purchase.customerId());
    writeEnum(out, purchase.channel());
    writeString(out, purchase.storeId());
    writeInstant(out, purchase.occurredAt());
    writeDecimal(out, purchase.amount());
    writeString(out, purchase.currency());
  }

  @Override
  public Purchase readFields(DataInputView in) throws IOException {
    return new Purchase(
        readString(in),
        readString(in),
        readEnum(in, PurchaseChannel.class),
        readString(in),
        readInstant(in),
        readDecimal(in),
        readString(in));
  }
}
