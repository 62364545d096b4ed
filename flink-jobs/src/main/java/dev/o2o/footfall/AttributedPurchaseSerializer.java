package dev.o2o.footfall;

import dev.o2o.contract.AttributedPurchase;
import dev.o2o.contract.PurchaseChannel;
import dev.o2o.jobs.BlockSerializer;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Writes the credit the attributor keeps of a purchase as one block. */
public final class AttributedPurchaseSerializer extends BlockSerializer<AttributedPurchase> {
  static final AttributedPurchaseSerializer INSTANCE = new AttributedPurchaseSerializer();

  private static final long serialVersionUID = 1L;

  @Override
  protected void writeFields(AttributedPurchase purchase, DataOutputView out) throws IOException {
    writeString(out, purchase.eventId());
    writeString(out, purchase.customerId());
    writeEnum(out, purchase.channel());
    writeString(out, purchase.storeId());
    writeInstant(out, purchase.occurredAt());
    writeDecimal(out, purchase.amount());
    writeString(out, purchase.currency());
    writeString(out, purchase.visitId());
    out.writeBoolean(purchase.convertsVisit());
    CreditFields.writeTouches(out, purchase.touches());
    CreditFields.writeCampaigns(out, purchase.campaigns());
  }

  @Override
  protected AttributedPurchase readFields(DataInputView in) throws IOException {
    return new AttributedPurchase(
        readString(in),
        readString(in),
        readEnum(in, PurchaseChannel.class),
        readString(in),
        readInstant(in),
        readDecimal(in),
        readString(in),
        readString(in),
        in.readBoolean(),
        CreditFields.readTouches(in),
        CreditFields.readCampaigns(in));
  }
}
