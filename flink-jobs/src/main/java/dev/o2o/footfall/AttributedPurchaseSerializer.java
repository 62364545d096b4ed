package dev.o2o.footfall;

import dev.o2o.contract.AttributedPurchase;
import dev.o2o.jobs.BlockSerializer;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Writes the credit the attributor keeps of a purchase as one block. */
public final class AttributedPurchaseSerializer extends BlockSerializer<AttributedPurchase> {
  static final AttributedPurchaseSerializer INSTANCE = new AttributedPurchaseSerializer();

  private static final long serialVersionUID = 1L;

  /** The purchase's own fields go first, as the attributor's waiting purchases write them. */
  @Override
  public void writeFields(AttributedPurchase credited, DataOutputView out) throws IOException {
    PurchaseSerializer.INSTANCE.writeFields(Purchase.of(credited), out);
    writeString(out, credited.visitId());
    out.writeBoolean(credited.convertsVisit());
    CreditFields.writeTouches(out, credited.touches());
    CreditFields.writeCampaigns(out, credited.campaigns());
  }

  @Override
  public AttributedPurchase readFields(DataInputView in) throws IOException {
    return PurchaseSerializer.INSTANCE
        .readFields(in)
        .credited(
            readString(in),
            in.readBoolean(),
            CreditFields.readTouches(in),
            CreditFields.readCampaigns(in));
  }
}
