package dev.o2o.footfall;

import static dev.o2o.jobs.BlockSerializer.readEnum;
import static dev.o2o.jobs.BlockSerializer.readInstant;
import static dev.o2o.jobs.BlockSerializer.readList;
import static dev.o2o.jobs.BlockSerializer.readString;
import static dev.o2o.jobs.BlockSerializer.writeEnum;
import static dev.o2o.jobs.BlockSerializer.writeInstant;
import static dev.o2o.jobs.BlockSerializer.writeList;
import static dev.o2o.jobs.BlockSerializer.writeString;

import dev.o2o.contract.CampaignCredit;
import dev.o2o.contract.EarnedTouch;
import dev.o2o.contract.Shares;
import dev.o2o.contract.TouchKind;
import java.io.IOException;
import java.util.List;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes the credit of a visit or purchase, its earning touches and its campaigns' shares, into the
 * state blocks of the attributor's visits and purchases.
 */
final class CreditFields {
  private CreditFields() {}

  static void writeTouches(DataOutputView out, List<EarnedTouch> touches) throws IOException {
    writeList(out, touches, CreditFields::writeTouch);
  }

  static List<EarnedTouch> readTouches(DataInputView in) throws IOException {
    return readList(in, CreditFields::readTouch);
  }

  static void writeCampaigns(DataOutputView out, List<CampaignCredit> campaigns)
      throws IOException {
    writeList(out, campaigns, CreditFields::writeCampaign);
  }

  static List<CampaignCredit> readCampaigns(DataInputView in) throws IOException {
    return readList(in, CreditFields::readCampaign);
  }

  private static void writeTouch(DataOutputView out, EarnedTouch touch) throws IOException {
    writeString(out, touch.eventId());
    writeString(out, touch.campaignId());
    writeEnum(out, touch.kind());
    writeInstant(out, touch.occurredAt());
    writeShares(out, touch.shares());
  }

  private static EarnedTouch readTouch(DataInputView in) throws IOException {
    return new EarnedTouch(
        readString(in),
        readString(in),
        readEnum(in, TouchKind.class),
        readInstant(in),
        readShares(in));
  }

  private static void writeCampaign(DataOutputView out, CampaignCredit campaign)
      throws IOException {
    writeString(out, campaign.campaignId());
    writeShares(out, campaign.shares());
  }

  private static CampaignCredit readCampaign(DataInputView in) throws IOException {
    return new CampaignCredit(readString(in), readShares(in));
  }

  private static void writeShares(DataOutputView out, Shares shares) throws IOException {
    out.writeDouble(shares.first());
    out.writeDouble(shares.last());
    out.writeDouble(shares.linear());
    out.writeDouble(shares.timeDecay());
  }

  private static Shares readShares(DataInputView in) throws IOException {
    return new Shares(in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble());
  }
}
