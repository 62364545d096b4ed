package dev.o2o.engagement;

import dev.o2o.engagement.VisitDetector.Phase;
import dev.o2o.engagement.VisitDetector.Presence;
import dev.o2o.engagement.VisitDetector.Seen;
import dev.o2o.jobs.BlockSerializer;
import dev.o2o.jobs.VisitSerializer;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Writes where the visit detector sees a customer, with their recent sightings, as one block. */
public final class PresenceSerializer extends BlockSerializer<Presence> {
  static final PresenceSerializer INSTANCE = new PresenceSerializer();

  private static final long serialVersionUID = 1L;

  @Override
  public void writeFields(Presence presence, DataOutputView out) throws IOException {
    writeString(out, presence.storeId());
    writeEnum(out, presence.phase());
    writeInstant(out, presence.enteredAt());
    writeInstant(out, presence.lastSeenAt());
    out.writeLong(presence.sightings());
    writeString(out, presence.zone());
    writeList(out, presence.zones(), VisitSerializer::writeZone);
    writeList(out, presence.recent(), PresenceSerializer::writeSeen);
  }

  @Override
  public Presence readFields(DataInputView in) throws IOException {
    return new Presence(
        readString(in),
        readEnum(in, Phase.class),
        readInstant(in),
        readInstant(in),
        in.readLong(),
        readString(in),
        readList(in, VisitSerializer::readZone),
        readList(in, PresenceSerializer::readSeen));
  }

  private static void writeSeen(DataOutputView out, Seen seen) throws IOException {
    writeString(out, seen.eventId());
    writeInstant(out, seen.at());
    writeString(out, seen.zone());
  }

  private static Seen readSeen(DataInputView in) throws IOException {
    return new Seen(readString(in), readInstant(in), readString(in));
  }
}
