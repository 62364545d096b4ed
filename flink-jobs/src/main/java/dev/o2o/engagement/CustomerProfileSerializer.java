package dev.o2o.engagement;

import dev.o2o.contract.MemberProfile.PointsEntry;
import dev.o2o.contract.MemberProfile.Purchase;
import dev.o2o.contract.MemberProfile.StoreVisit;
import dev.o2o.contract.PurchaseChannel;
import dev.o2o.engagement.CustomerProfile.CampaignOffers;
import dev.o2o.jobs.BlockSerializer;
import dev.o2o.jobs.OfferSerializer;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Writes a member's {@link CustomerProfile} as one block. */
public final class CustomerProfileSerializer extends BlockSerializer<CustomerProfile> {
  static final CustomerProfileSerializer INSTANCE = new CustomerProfileSerializer();

  private static final long serialVersionUID = 1L;

  @Override
  public void writeFields(CustomerProfile profile, DataOutputView out) throws IOException {
    writeNullableBoolean(out, profile.offerConsent());
    writeString(out, profile.tier());
    out.writeLong(profile.points());
    writeDecimal(out, profile.spent());
    writeList(out, profile.ledger(), CustomerProfileSerializer::writeEarning);
    writeList(out, profile.purchases(), CustomerProfileSerializer::writePurchase);
    writeList(out, profile.carted(), BlockSerializer::writeString);
    writeList(out, profile.viewed(), BlockSerializer::writeString);
    writeList(out, profile.wishlist(), BlockSerializer::writeString);
    writeList(out, profile.visits(), CustomerProfileSerializer::writeVisit);
    out.writeBoolean(profile.lastOffer() != null);
    if (profile.lastOffer() != null) {
      OfferSerializer.INSTANCE.writeFields(profile.lastOffer(), out);
    }
    writeList(out, profile.offerTimes(), BlockSerializer::writeInstant);
    writeList(out, profile.campaignOffers(), CustomerProfileSerializer::writeCampaignOffers);
    writeInstant(out, profile.updatedAt());
  }

  @Override
  public CustomerProfile readFields(DataInputView in) throws IOException {
    return new CustomerProfile(
        readNullableBoolean(in),
        readString(in),
        in.readLong(),
        readDecimal(in),
        readList(in, CustomerProfileSerializer::readEarning),
        readList(in, CustomerProfileSerializer::readPurchase),
        readList(in, BlockSerializer::readString),
        readList(in, BlockSerializer::readString),
        readList(in, BlockSerializer::readString),
        readList(in, CustomerProfileSerializer::readVisit),
        in.readBoolean() ? OfferSerializer.INSTANCE.readFields(in) : null,
        readList(in, BlockSerializer::readInstant),
        readList(in, CustomerProfileSerializer::readCampaignOffers),
        readInstant(in));
  }

  private static void writeEarning(DataOutputView out, PointsEntry entry) throws IOException {
    writeString(out, entry.reference());
    writeEnum(out, entry.channel());
    out.writeLong(entry.points());
    writeInstant(out, entry.earnedAt());
  }

  private static PointsEntry readEarning(DataInputView in) throws IOException {
    return new PointsEntry(
        readString(in), readEnum(in, PurchaseChannel.class), in.readLong(), readInstant(in));
  }

  private static void writePurchase(DataOutputView out, Purchase purchase) throws IOException {
    writeString(out, purchase.sku());
    writeEnum(out, purchase.channel());
    writeString(out, purchase.storeId());
    out.writeInt(purchase.quantity());
    writeDecimal(out, purchase.amount());
    writeString(out, purchase.currency());
    writeInstant(out, purchase.purchasedAt());
  }

  private static Purchase readPurchase(DataInputView in) throws IOException {
    return new Purchase(
        readString(in),
        readEnum(in, PurchaseChannel.class),
        readString(in),
        in.readInt(),
        readDecimal(in),
        readString(in),
        readInstant(in));
  }

  private static void writeVisit(DataOutputView out, StoreVisit visit) throws IOException {
    writeString(out, visit.visitId());
    writeString(out, visit.storeId());
    writeInstant(out, visit.enteredAt());
  }

  private static StoreVisit readVisit(DataInputView in) throws IOException {
    return new StoreVisit(readString(in), readString(in), readInstant(in));
  }

  private static void writeCampaignOffers(DataOutputView out, CampaignOffers counted)
      throws IOException {
    writeString(out, counted.campaignId());
    out.writeInt(counted.offers());
    writeInstant(out, counted.lastOfferAt());
  }

  private static CampaignOffers readCampaignOffers(DataInputView in) throws IOException {
    return new CampaignOffers(readString(in), in.readInt(), readInstant(in));
  }
}
