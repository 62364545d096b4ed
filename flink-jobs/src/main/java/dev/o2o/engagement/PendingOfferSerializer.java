package dev.o2o.engagement;

import dev.o2o.engagement.OfferSelector.PendingOffer;
import dev.o2o.jobs.BlockSerializer;
import dev.o2o.jobs.VisitSerializer;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes an arrival waiting for the store's stock, with the profile it is decided on, as a block.
 */
public final class PendingOfferSerializer extends BlockSerializer<PendingOffer> {
  static final PendingOfferSerializer INSTANCE = new PendingOfferSerializer();

  private static final long serialVersionUID = 1L;

  @Override
  public void writeFields(PendingOffer pending, DataOutputView out) throws IOException {
    VisitSerializer.INSTANCE.writeFields(pending.arrival(), out);
    CustomerProfileSerializer.INSTANCE.writeFields(pending.before(), out);
  }

  @Override
  public PendingOffer readFields(DataInputView in) throws IOException {
    return new PendingOffer(
        VisitSerializer.INSTANCE.readFields(in), CustomerProfileSerializer.INSTANCE.readFields(in));
  }
}
