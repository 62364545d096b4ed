package dev.o2o.jobs;

import dev.o2o.contract.Benefit;
import dev.o2o.contract.Offer;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Writes an {@link Offer} kept in state as one block. */
public final class OfferSerializer extends BlockSerializer<Offer> {
  public static final OfferSerializer INSTANCE = new OfferSerializer();

  private static final long serialVersionUID = 1L;

  @Override
  public void writeFields(Offer offer, DataOutputView out) throws IOException {
    writeString(out, offer.offerId());
    writeString(out, offer.customerId());
    writeString(out, offer.storeId());
    writeString(out, offer.visitId());
    writeString(out, offer.sku());
    writeString(out, offer.campaignId());
    Benefit benefit = offer.benefit();
    writeEnum(out, benefit.kind());
    writeDecimal(out, benefit.value());
    writeString(out, benefit.currency());
    writeString(out, offer.code());
    writeString(out, offer.reason());
    writeInstant(out, offer.issuedAt());
    writeInstant(out, offer.expiresAt());
  }

  @Override
  public Offer readFields(DataInputView in) throws IOException {
    return new Offer(
        readString(in),
        readString(in),
        readString(in),
        readString(in),
        readString(in),
        readString(in),
        new Benefit(readEnum(in, Benefit.Kind.class), readDecimal(in), readString(in)),
        readString(in),
        readString(in),
        readInstant(in),
        readInstant(in));
  }
}
