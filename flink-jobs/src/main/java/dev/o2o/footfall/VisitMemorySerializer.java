package dev.o2o.footfall;

import dev.o2o.contract.AttributedVisit;
import dev.o2o.footfall.Attributor.VisitMemory;
import dev.o2o.jobs.BlockSerializer;
import java.io.IOException;
import java.time.Instant;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Writes what the attributor remembers of a visit, with its credit once given, as one block. */
public final class VisitMemorySerializer extends BlockSerializer<VisitMemory> {
  static final VisitMemorySerializer INSTANCE = new VisitMemorySerializer();

  private static final long serialVersionUID = 1L;

  @Override
  public void writeFields(VisitMemory visit, DataOutputView out) throws IOException {
    writeString(out, visit.visitId());
    writeString(out, visit.customerId());
    writeString(out, visit.storeId());
    writeInstant(out, visit.enteredAt());
    writeInstant(out, visit.lastSeenAt());
    out.writeBoolean(visit.closed());
    out.writeBoolean(visit.converted());
    AttributedVisit credited = visit.credited();
    out.writeBoolean(credited != null);
    if (credited != null) {
      writeString(out, credited.visitId());
      writeString(out, credited.customerId());
      writeString(out, credited.storeId());
      writeInstant(out, credited.visitedAt());
      CreditFields.writeTouches(out, credited.touches());
      CreditFields.writeCampaigns(out, credited.campaigns());
    }
  }

  @Override
  public VisitMemory readFields(DataInputView in) throws IOException {
    String visitId = readString(in);
    String customerId = readString(in);
    String storeId = readString(in);
    Instant enteredAt = readInstant(in);
    Instant lastSeenAt = readInstant(in);
    boolean closed = in.readBoolean();
    boolean converted = in.readBoolean();
    AttributedVisit credited =
        in.readBoolean()
            ? new AttributedVisit(
                readString(in),
                readString(in),
                readString(in),
                readInstant(in),
                CreditFields.readTouches(in),
                CreditFields.readCampaigns(in))
            : null;
    return new VisitMemory(
        visitId, customerId, storeId, enteredAt, lastSeenAt, closed, credited, converted);
  }
}
