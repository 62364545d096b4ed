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
  protected void writeFields(PendingOffer pending, DataOutputView out) throws IOException {
    VisitSerializer.write(out, pending.arrival());
    CustomerProfileSerializer.write(out, pending.before());
  }

  @Override
  protected PendingOffer readFields(DataInputView in) throws IOException {
    return new PendingOffer(VisitSerializer.read(in), CustomerProfileSerializer.read(in));
  }
}
