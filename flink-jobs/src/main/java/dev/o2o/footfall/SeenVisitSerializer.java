package dev.o2o.footfall;

import dev.o2o.footfall.VisitFootfall.SeenVisit;
import dev.o2o.jobs.BlockSerializer;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Writes what the footfall remembers of a visit as one block. */
public final class SeenVisitSerializer extends BlockSerializer<SeenVisit> {
  static final SeenVisitSerializer INSTANCE = new SeenVisitSerializer();

  private static final long serialVersionUID = 1L;

  @Override
  public void writeFields(SeenVisit visit, DataOutputView out) throws IOException {
    writeString(out, visit.visitId());
    writeString(out, visit.storeId());
    writeInstant(out, visit.enteredAt());
    out.writeBoolean(visit.returning());
    writeInstant(out, visit.closedAt());
    out.writeBoolean(visit.converted());
  }

  @Override
  public SeenVisit readFields(DataInputView in) throws IOException {
    return new SeenVisit(
        readString(in),
        readString(in),
        readInstant(in),
        in.readBoolean(),
        readInstant(in),
        in.readBoolean());
  }
}
