package dev.o2o.jobs;

import dev.o2o.contract.Visit;
import dev.o2o.contract.Visit.ZoneDwell;
import dev.o2o.contract.VisitStatus;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Writes a {@link Visit} kept in state as one block. */
public final class VisitSerializer extends BlockSerializer<Visit> {
  public static final VisitSerializer INSTANCE = new VisitSerializer();

  private static final long serialVersionUID = 1L;

  @Override
  public void writeFields(Visit visit, DataOutputView out) throws IOException {
    writeString(out, visit.visitId());
    writeString(out, visit.customerId());
    writeString(out, visit.storeId());
    writeInstant(out, visit.enteredAt());
    writeInstant(out, visit.lastSeenAt());
    writeEnum(out, visit.status());
    out.writeLong(visit.sightings());
    writeString(out, visit.zone());
    writeList(out, visit.zones(), VisitSerializer::writeZone);
  }

  @Override
  public Visit readFields(DataInputView in) throws IOException {
    return new Visit(
        readString(in),
        readString(in),
        readString(in),
        readInstant(in),
        readInstant(in),
        readEnum(in, VisitStatus.class),
        in.readLong(),
        readString(in),
        readList(in, VisitSerializer::readZone));
  }

  /** Writes a zone's dwell; the visit detector's presence holds them too. */
  public static void writeZone(DataOutputView out, ZoneDwell zone) throws IOException {
    writeString(out, zone.zone());
    writeInstant(out, zone.firstSeenAt());
    out.writeLong(zone.dwellSeconds());
  }

  public static ZoneDwell readZone(DataInputView in) throws IOException {
    return new ZoneDwell(readString(in), readInstant(in), in.readLong());
  }
}
